package io.dtf.http.impl.retry;

import io.dtf.http.HttpTransportException;
import io.dtf.http.RetryPolicy;
import io.dtf.http.Secrets;
import io.dtf.http.impl.connection.PooledConnections;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.response.ResponseBodies;
import io.dtf.http.impl.response.ResponseHandler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one call's request, and tries again as its {@link RetryPolicy} and {@link RetryRules} allow,
 * waiting at least as long as a {@code Retry-After} asks. A successful answer goes to the call's
 * handler; the last error answer becomes a {@code DtfHttpException} ({@link ErrorAnswers}), the last
 * failure to get one an {@link HttpTransportException}. One per call; {@link #abort()} may be called
 * from any thread.
 */
public final class RetryLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

    private final PooledConnections connections;
    private final ErrorAnswers errors;
    private volatile HttpUriRequestBase inFlight;
    private volatile HttpUriRequestBase lastRequest;
    private volatile boolean aborted;

    public RetryLoop(PooledConnections connections, ErrorAnswers errors) {
        this.connections = connections;
        this.errors = errors;
    }

    /**
     * Sends the request until it is answered successfully or may not be tried again.
     *
     * @param what the request, for messages ({@code GET http://host/path}); redacted where it shows
     * @param newRequest the request of each try
     * @param responseTimeout how long to wait for an answer; {@code null} for the client's time-out
     * @param idempotent whether repeating the request is harmless
     * @param handler what to do with a successful answer
     * @param close whether the answer is closed after the handler; else the handler's value owns it
     */
    public <T> T run(String what, Supplier<HttpUriRequestBase> newRequest, Duration responseTimeout,
                     RetryPolicy policy, boolean idempotent, ResponseHandler<T> handler, boolean close) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            if (aborted) {
                throw new HttpTransportException(what + ": aborted", new InterruptedIOException("aborted"), false);
            }
            HttpUriRequestBase request = newRequest.get();
            inFlight = request;
            lastRequest = request;
            ClassicHttpResponse response = null;
            Duration wait;
            String reason;
            try {
                response = connections.execute(request, responseTimeout);
                int status = response.getCode();
                if (status < HttpStatus.SC_REDIRECTION) {
                    boolean handedOver = false;
                    try {
                        T value = handler.handle(response);
                        handedOver = !close;
                        return value;
                    } finally {
                        if (!handedOver) {
                            response.close();
                        }
                    }
                }
                byte[] errorBody = ErrorAnswers.readBody(response.getEntity());
                Duration retryAfter = RetryAfter.of(response);
                response.close();
                response = null;
                wait = RetryRules.isRetryable(status, idempotent) ? nextWait(policy, attempt, start, retryAfter) : null;
                if (wait == null) {
                    throw errors.toException(status, errorBody, what);
                }
                reason = "HTTP " + status;
            } catch (IOException e) {
                ResponseBodies.closeQuietly(response);
                if (aborted) {
                    throw new HttpTransportException(what + ": aborted", e, false);
                }
                boolean connect = RetryRules.isConnectFailure(e);
                wait = RetryRules.isRetryable(e, idempotent) ? nextWait(policy, attempt, start, null) : null;
                if (wait == null) {
                    throw new HttpTransportException((connect ? "cannot reach " : "no answer to ") + what + ": "
                            + Secrets.redact(e), e, connect);
                }
                reason = Secrets.redact(e);
            } finally {
                inFlight = null;
            }
            LOG.debug("{} failed ({}); try {} in {} ms", Secrets.redact(what), reason, attempt + 1, wait.toMillis());
            sleep(wait, what);
        }
    }

    /** Aborts the request in flight, from any thread; the waiting {@link #run} then fails, and tries no more. */
    public void abort() {
        aborted = true;
        HttpUriRequestBase request = inFlight;
        if (request != null) {
            request.cancel();
        }
    }

    /**
     * For a handler that hands its answer over open: what ends it, from any thread. It cancels the
     * request just sent, which drops the connection at once (closing the body would read it to its end
     * first).
     */
    public Runnable cancelOfLastRequest() {
        HttpUriRequestBase request = lastRequest;
        return () -> {
            aborted = true;
            request.cancel();
        };
    }

    private Duration nextWait(RetryPolicy policy, int attempt, long start, Duration retryAfter) {
        return aborted ? null : RetryRules.nextWait(policy, attempt, Duration.ofNanos(System.nanoTime() - start),
                retryAfter);
    }

    private static void sleep(Duration wait, String what) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpTransportException(what + ": interrupted while waiting to try again",
                    new InterruptedIOException("interrupted"), false);
        }
    }
}
