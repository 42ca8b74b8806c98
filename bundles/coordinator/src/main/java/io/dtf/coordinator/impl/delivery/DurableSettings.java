package io.dtf.coordinator.impl.delivery;

import io.dtf.api.Durations;
import io.dtf.api.plugin.Hook;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a durable hook is served, from its service properties ({@link Hook#CONCURRENCY}, {@link Hook#TIME_LIMIT},
 * {@link Hook#ATTEMPTS}); a value that is not valid is logged and the default used.
 *
 * @param concurrency calls at once, each for another run
 * @param timeLimit how long one call may take before it is interrupted and counted as a retryable failure
 * @param attempts calls per event before it is parked
 */
public record DurableSettings(int concurrency, Duration timeLimit, int attempts) {
    private static final Logger LOG = LoggerFactory.getLogger(DurableSettings.class);
    static final DurableSettings DEFAULTS = new DurableSettings(4, Duration.ofSeconds(60), 8);

    static DurableSettings of(String hook, Map<String, ?> properties) {
        return new DurableSettings(
                positive(hook, properties, Hook.CONCURRENCY, DEFAULTS.concurrency),
                duration(hook, properties.get(Hook.TIME_LIMIT)),
                positive(hook, properties, Hook.ATTEMPTS, DEFAULTS.attempts));
    }

    private static int positive(String hook, Map<String, ?> properties, String key, int fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int number = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // logged below
        }
        LOG.warn("Hook {}: {}={} is not a positive number; using {}", hook, key, value, fallback);
        return fallback;
    }

    private static Duration duration(String hook, Object value) {
        if (value == null) {
            return DEFAULTS.timeLimit;
        }
        try {
            Duration duration = Durations.parse(value.toString());
            if (duration != null && !duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (IllegalArgumentException notADuration) {
            // logged below
        }
        LOG.warn("Hook {}: {}={} is not a positive duration (60s, 2m, PT2M); using {}", hook, Hook.TIME_LIMIT, value,
                DEFAULTS.timeLimit);
        return DEFAULTS.timeLimit;
    }
}
