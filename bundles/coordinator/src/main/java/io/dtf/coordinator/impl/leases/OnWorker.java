package io.dtf.coordinator.impl.leases;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.WorkerId;
import java.time.Instant;

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
}
