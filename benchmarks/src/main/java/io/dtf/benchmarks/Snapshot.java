package io.dtf.benchmarks;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/** A scheduling context of plain values, as the coordinator's dispatch loop makes one. */
public record Snapshot(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, List<RunningTask> running,
                       TenantUsage usage, DurationEstimates estimates, BiConsumer<Task, Instant> atRisk)
        implements SchedulingContext {

    @Override
    public void deadlineAtRisk(Task task, Instant expectedFinish) {
        atRisk.accept(task, expectedFinish);
    }
}
