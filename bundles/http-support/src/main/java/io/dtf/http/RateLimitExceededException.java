package io.dtf.http;

import io.dtf.api.ErrorCode;
import java.time.Duration;
import java.util.List;

/**
 * A call was not sent (again) because the rate limit of its target asks for a longer wait than the call
 * may spend waiting ({@code maxRateLimitWait} of the client or the call). The message names the call,
 * the target, the wait and the limit. {@link #status()} is that of the answer that imposed the wait
 * (429, or GitHub's 403), or 429 when the client's own {@link RateLimit} did; {@link #body()} is that
 * answer's body.
 */
public class RateLimitExceededException extends DtfHttpException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final Duration requiredWait;
    private final Duration maxWait;

    public RateLimitExceededException(String what, String target, Duration requiredWait, Duration maxWait,
                                      DtfHttpException answer) {
        super(ErrorCode.TOO_MANY_REQUESTS, answer == null ? null : answer.serverCode(),
                answer == null ? 429 : answer.status(), answer == null ? null : answer.title(),
                Secrets.redact(what + ": the rate limit of " + target + " asks for a wait of " + seconds(requiredWait)
                        + ", more than the " + seconds(maxWait) + " this call may wait"
                        + (answer == null ? "" : " (after: " + answer.getMessage() + ")")),
                List.of(), answer == null ? "" : answer.body());
        this.target = target;
        this.requiredWait = requiredWait;
        this.maxWait = maxWait;
    }

    /** The rate-limit target: a host ({@code api.github.com}) or the key a call named. */
    public String target() {
        return target;
    }

    /** How long the call would have had to wait. */
    public Duration requiredWait() {
        return requiredWait;
    }

    /** How long it was allowed to wait in all. */
    public Duration maxWait() {
        return maxWait;
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
