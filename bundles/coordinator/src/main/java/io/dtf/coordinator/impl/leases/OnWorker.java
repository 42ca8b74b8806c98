package io.dtf.coordinator.impl.leases;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A task on a worker: leased (maybe not yet handed over) or running. Guarded by the engine's lock. */
public final class OnWorker {
    /** Written under the engine's lock; read without it by appendLog. */
    public volatile Task task;
    public final WorkerId worker;
    public final Instant leasedAt;
    public Instant expiresAt;
    public Instant startedAt;
    /** Held since before a coordinator restart: kept only if its worker lists it at its first poll. */
    public boolean recovered;

    OnWorker(Task task, WorkerId worker, Instant leasedAt, Instant expiresAt) {
        this.task = task;
        this.worker = worker;
        this.leasedAt = leasedAt;
        this.expiresAt = expiresAt;
    }

    public TaskAttempt attempt() {
        return new TaskAttempt(task.id(), task.attempt());
    }

    /**
     * The result of this attempt when the coordinator ends it (cancelled, overdue, preempted): how long
     * it ran until {@code now}; nothing when it never started.
     */
    public TaskResult endedNow(TaskState status, String message, Instant now) {
        Duration ran = startedAt == null || startedAt.isAfter(now) ? Duration.ZERO : Duration.between(startedAt, now);
        return new TaskResult(status, ran, null, message, List.of(), List.of(), Map.of(), null, null);
    }
}
