package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.task.Task;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Duration estimates per task key (plan name and task name), as an exponentially weighted moving
 * average of the attempts seen; tasks never seen get the configured default. Guarded by the
 * engine's lock.
 */
public final class DurationHistory implements DurationEstimates {
    private static final double WEIGHT_OF_NEWEST = 0.3;

    private final Map<String, Double> averageMillis = new HashMap<>();
    private Duration defaultEstimate;
    private final Function<Task, String> keyOf;

    public DurationHistory(Duration defaultEstimate, Function<Task, String> keyOf) {
        this.defaultEstimate = defaultEstimate;
        this.keyOf = keyOf;
    }

    /** From now on tasks never seen are expected to take this long. */
    public void defaultEstimate(Duration estimate) {
        this.defaultEstimate = estimate;
    }

    /** Starts from the history kept in the store: mean durations by task key. */
    public void seed(Map<String, Duration> history) {
        history.forEach((key, mean) -> averageMillis.put(key, (double) mean.toMillis()));
    }

    public void record(Task task, Duration took) {
        averageMillis.merge(keyOf.apply(task), (double) took.toMillis(), DurationHistory::average);
    }

    /** The average after {@code newest}: the newest weighs {@link #WEIGHT_OF_NEWEST}; a NaN {@code old} means none yet. */
    public static double average(double old, double newest) {
        return Double.isNaN(old) ? newest : old + WEIGHT_OF_NEWEST * (newest - old);
    }

    /** The task's average duration in milliseconds, when attempts of it were seen. */
    public OptionalDouble averageMillis(Task task) {
        Double average = averageMillis.get(keyOf.apply(task));
        return average == null ? OptionalDouble.empty() : OptionalDouble.of(average);
    }

    @Override
    public Duration estimate(Task task) {
        Double average = averageMillis.get(keyOf.apply(task));
        return average == null ? defaultEstimate : Duration.ofMillis(Math.round(average));
    }
}
