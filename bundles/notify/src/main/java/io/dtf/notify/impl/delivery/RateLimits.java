package io.dtf.notify.impl.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When each channel may next be sent to: a configured spacing between two messages (1/s is one second), pushed
 * further by a channel's {@code Retry-After}. Not thread safe: its owner guards it.
 */
public final class RateLimits {
    private final Map<String, Instant> nextAllowed = new HashMap<>();

    /** The earliest a message may go to {@code channel}. */
    public Instant allowedAt(String channel) {
        return nextAllowed.getOrDefault(channel, Instant.MIN);
    }

    /** A message goes now: the next waits {@code spacing}. */
    public void sent(String channel, Instant now, Duration spacing) {
        nextAllowed.put(channel, now.plus(spacing));
    }

    /** The channel asked to wait (429 with Retry-After): nothing goes to it before. */
    public void hold(String channel, Instant until) {
        if (until.isAfter(allowedAt(channel))) {
            nextAllowed.put(channel, until);
        }
    }
}
