package io.dtf.api.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * How many calls an external system allows an instance: at most {@code permits} in any window of length
 * {@code per}, as its documentation or its configuration says. The HTTP client ({@code io.dtf.http})
 * enforces this very type ({@code JsonHttpClient.Builder.rateLimit(limit)}); callers read it to plan bulk
 * work.
 *
 * @param permits calls allowed in each window, at least 1
 * @param per the window
 */
public record RateLimit(int permits, Duration per) {
    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 call per window: " + permits);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit's window must be positive: " + per);
        }
    }

    public static RateLimit perSecond(int permits) {
        return new RateLimit(permits, Duration.ofSeconds(1));
    }

    public static RateLimit perMinute(int permits) {
        return new RateLimit(permits, Duration.ofMinutes(1));
    }
}
