package io.dtf.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A vendor's limit stated in advance: at most {@code permits} requests start in any window of length
 * {@code per}. A client keeps to it before the vendor has to say so with a 429, which many vendors
 * punish (Slack: about 1 message per second per channel; GitHub: 80 content-creating requests per
 * minute; Microsoft Teams webhooks: 4 per second).
 *
 * @param permits requests per window, at least 1
 * @param per the window
 */
public record RateLimit(int permits, Duration per) {
    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request per window: " + permits);
        }
        Objects.requireNonNull(per, "per");
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

    @Override
    public String toString() {
        return permits + " per " + per.toString().substring(2).toLowerCase();
    }
}
