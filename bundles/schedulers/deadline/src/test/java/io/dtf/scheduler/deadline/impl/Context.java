package io.dtf.scheduler.deadline.impl;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A scheduling context made of plain values; it records the deadline warnings it gets. */
record Context(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, DurationEstimates estimates,
               List<String> warnings) implements SchedulingContext {

    Context(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, DurationEstimates estimates) {
        this(now, pending, freeSlots, estimates, new ArrayList<>());
    }

    @Override
    public List<RunningTask> running() {
        return List.of();
    }

    @Override
    public TenantUsage usage() {
        return tenant -> 0;
    }

    @Override
    public void deadlineAtRisk(Task task, Instant expectedFinish) {
        warnings.add(task.id() + " until " + expectedFinish);
    }
}
