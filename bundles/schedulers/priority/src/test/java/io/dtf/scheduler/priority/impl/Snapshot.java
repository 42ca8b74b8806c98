package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A scheduling context for tests: what the priority scheduler reads, nothing more. */
record Snapshot(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, List<RunningTask> running)
        implements SchedulingContext {
    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @Override
    public TenantUsage usage() {
        return tenant -> 0;
    }

    @Override
    public DurationEstimates estimates() {
        return task -> Duration.ofMinutes(1);
    }

    @Override
    public void deadlineAtRisk(Task task, Instant expectedFinish) {
    }

    static FreeSlots free(String worker, int free, String... labels) {
        return new FreeSlots(WorkerId.of(worker), caps(labels), free, free);
    }

    static Capabilities caps(String... labels) {
        return new Capabilities("linux", "x86_64", 4, 8192, "17", Set.of(labels), Set.of(), false, false);
    }
}
