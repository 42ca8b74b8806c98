package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import io.dtf.coordinator.impl.scheduling.DurationHistory;
import io.dtf.coordinator.impl.scheduling.TenantUsageTracker;
import java.time.Duration;
import java.time.Instant;

/**
 * The coordinator's real tenant usage ({@link TenantUsageTracker}) and duration estimates
 * ({@link DurationHistory}), both package-private there, for the simulation. Durations are keyed
 * by task name, which the simulation keeps the same across runs of one suite.
 */
public final class History implements TenantUsage, DurationEstimates {
    private final TenantUsageTracker usage;
    private final DurationHistory durations;

    public History(Duration usageHalfLife, Duration defaultEstimate) {
        this.usage = new TenantUsageTracker(usageHalfLife);
        this.durations = new DurationHistory(defaultEstimate, Task::name);
    }

    public void advanceTo(Instant now) {
        usage.advanceTo(now);
    }

    /** An attempt of the task ended at {@code at} after running {@code took}. */
    public void finished(Task task, Duration took, Instant at) {
        usage.record(task.tenant(), took, at);
        durations.record(task, took);
    }

    @Override
    public double slotSeconds(String tenant) {
        return usage.slotSeconds(tenant);
    }

    @Override
    public Duration estimate(Task task) {
        return durations.estimate(task);
    }
}
