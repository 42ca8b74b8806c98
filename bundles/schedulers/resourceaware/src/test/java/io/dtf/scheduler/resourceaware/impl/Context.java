package io.dtf.scheduler.resourceaware.impl;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A scheduling context made of plain values. */
record Context(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, List<RunningTask> running,
               TenantUsage usage, DurationEstimates estimates) implements SchedulingContext {

    Context(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, List<RunningTask> running) {
        this(now, pending, freeSlots, running, tenant -> 0, task -> Duration.ofMinutes(1));
    }

    @Override
    public void deadlineAtRisk(Task task, Instant expectedFinish) {
    }
}
