package io.dtf.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When {@link JsonHttpClient} tries a request again: after a connection failure, a 429 or 503 (the
 * server did not act on the request), and, for idempotent calls only, after other 5xx answers and
 * read time-outs. Waits grow exponentially from {@code initialBackoff} to {@code maxBackoff} with
 * ±20 % jitter; a {@code Retry-After} header is honoured when it asks for at most
 * {@code maxRetryAfter}, and a longer one ends the retries. No wait goes past {@code maxElapsed}
 * after the first try.
 *
 * @param maxAttempts tries in all, at least 1 (1 = no retry)
 * @param initialBackoff the first wait
 * @param maxBackoff the longest wait
 * @param maxRetryAfter the longest {@code Retry-After} that is waited for
 * @param maxElapsed no retry starts later than this after the first try
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                          Duration maxElapsed) {
    /** 4 tries within about 5 s: for interactive use. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(60));
    /** One try. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()
                || maxElapsed.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Retries for up to {@code window}, waiting at most {@code maxBackoff} between tries. */
    public static RetryPolicy forAtMost(Duration window, Duration maxBackoff) {
        return new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(250), maxBackoff, maxBackoff, window);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxRetryAfter, maxElapsed);
    }

    /** The wait before try {@code nextAttempt} (2 for the first retry), without a server's advice. */
    public Duration backoff(int nextAttempt) {
        long base = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long wait = base;
        for (int i = 2; i < nextAttempt && wait < max; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, max);
        if (wait <= 0) {
            return Duration.ZERO;
        }
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(wait * jitter)));
    }
}
