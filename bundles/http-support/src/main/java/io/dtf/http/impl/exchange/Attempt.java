package io.dtf.http.impl.exchange;

import io.dtf.http.HttpTime;
import io.dtf.http.impl.connection.PooledConnections;
import io.dtf.http.impl.ratelimit.RateLimitSignals;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.response.ResponseBodies;
import io.dtf.http.impl.response.ResponseHandler;
import io.dtf.http.impl.retry.RetryAfter;
import java.io.IOException;
import java.time.Instant;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpStatus;

/**
 * One try of a call, blocking: sends the request, tells the target's limiter what the answer says
 * about the rate limit (every answer, successful ones too: a spent {@code X-RateLimit-Remaining} holds
 * the next call back before the server has to refuse it), hands a successful answer to the handler, and
 * reads an error answer's body. Never throws for an I/O failure: that is an {@link Outcome.Failed}.
 */
final class Attempt {
    private final PooledConnections connections;
    private final HttpTime time;

    Attempt(PooledConnections connections, HttpTime time) {
        this.connections = connections;
        this.time = time;
    }

    /** @param close whether the answer is closed after the handler; else the handler's value owns it */
    <T> Outcome<T> run(CallSpec spec, CallControl control, ResponseHandler<T> handler, boolean close) {
        HttpUriRequestBase request = spec.newRequest().get();
        control.sending(request);
        ClassicHttpResponse response = null;
        try {
            response = connections.execute(request, spec.responseTimeout());
            Instant now = time.now();
            Instant quietUntil = RateLimitSignals.quietUntil(response, now);
            if (quietUntil != null) {
                spec.target().blockUntil(quietUntil);
            }
            int status = response.getCode();
            if (status < HttpStatus.SC_REDIRECTION) {
                return handled(response, handler, close);
            }
            byte[] body = ErrorAnswers.readBody(response.getEntity());
            return new Outcome.ErrorAnswer<>(status, body, RetryAfter.of(response, now),
                    RateLimitSignals.isRateLimited(response, body),
                    RateLimitSignals.isSecondaryLimit(response, body));
        } catch (IOException e) {
            return new Outcome.Failed<>(e);
        } finally {
            control.sent();
            if (response != null && (close || response.getCode() >= HttpStatus.SC_REDIRECTION)) {
                ResponseBodies.closeQuietly(response);
            }
        }
    }

    private static <T> Outcome<T> handled(ClassicHttpResponse response, ResponseHandler<T> handler, boolean close)
            throws IOException {
        try {
            return new Outcome.Answered<>(handler.handle(response));
        } catch (IOException | RuntimeException e) {
            if (!close) {
                ResponseBodies.closeQuietly(response);
            }
            throw e;
        }
    }
}
