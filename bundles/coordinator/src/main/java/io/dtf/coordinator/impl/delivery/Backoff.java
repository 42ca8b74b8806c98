package io.dtf.coordinator.impl.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to call a durable hook again after a failure: 1 s, doubling up to 5 minutes, each with up to a fifth
 * of jitter so that hooks failing on the same outage do not all come back at once; never before the other side
 * asked ({@code Retry-After}). Eight attempts span about ten minutes.
 */
final class Backoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofMinutes(5);

    private Backoff() {
    }

    /** The wait after the {@code failures}-th failure (from 1). */
    static Duration after(int failures, Duration retryAfter) {
        long base = FIRST.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(base, LONGEST.toMillis());
        long jittered = capped - ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        long asked = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, asked));
    }
}
