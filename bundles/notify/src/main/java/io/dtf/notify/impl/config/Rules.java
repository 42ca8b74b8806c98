package io.dtf.notify.impl.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The routing file as read and checked.
 *
 * @param root the routing tree
 * @param inhibitRules the inhibit rules (the default when the file names none)
 * @param rateLimits the least time between two messages to a channel, by channel name; {@code "*"} for the others
 * @param maxItems how many events a notification lists at most; the rest are counted
 * @param maxAttempts how often a notification is tried on a channel before it is given up as failed
 * @param repeatedFailures whether a failure that is the same as the last time is still sent
 */
public record Rules(Route root, List<InhibitRule> inhibitRules, Map<String, Duration> rateLimits, int maxItems,
                    int maxAttempts, boolean repeatedFailures) {
    public Rules {
        inhibitRules = List.copyOf(inhibitRules);
        rateLimits = Map.copyOf(rateLimits);
    }

    /** The spacing between two messages to a channel. */
    public Duration spacing(String channel) {
        return rateLimits.getOrDefault(channel, rateLimits.getOrDefault("*", Duration.ZERO));
    }
}
