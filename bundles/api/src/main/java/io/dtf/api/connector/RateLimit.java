package io.dtf.api.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * How many calls an external system allows: {@code requests} per {@code period}, as its documentation (or its
 * configuration) says. The HTTP client's per-target limiter enforces it; callers use it to plan bulk work.
 *
 * @param requests calls allowed in each period, at least 1
 * @param period the window they are counted in
 */
public record RateLimit(int requests, Duration period) {
    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /** {@code requests} calls per second. */
    public static RateLimit perSecond(int requests) {
        return new RateLimit(requests, Duration.ofSeconds(1));
    }

    /** {@code requests} calls per minute. */
    public static RateLimit perMinute(int requests) {
        return new RateLimit(requests, Duration.ofMinutes(1));
    }
}
