package io.dtf.coordinator.impl.leases;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.scheduling.TenantUsageTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered workers and the attempts they hold: who owns which attempt, how long its lease
 * runs, what waits in each worker's mailbox. Every change is made after the store took it, under
 * the engine's lock; {@link #ownAttempt} alone is safe without the lock.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final Map<WorkerId, WorkerSlot> workers = new LinkedHashMap<>();
    /** Concurrent: appendLog reads it without the engine's lock; every change happens under the lock. */
    private final Map<TaskId, OnWorker> onWorkers = new ConcurrentHashMap<>();
    private final TenantUsageTracker usage;
    private final Supplier<Duration> leaseTimeout;

    /** @param leaseTimeout how long a lease runs from its last renewal (the setting of the moment) */
    public Leases(TenantUsageTracker usage, Supplier<Duration> leaseTimeout) {
        this.usage = usage;
        this.leaseTimeout = leaseTimeout;
    }

    // ---------------------------------------------------------------- workers

    /** The worker, or {@code null} when it is not registered. */
    public WorkerSlot worker(WorkerId id) {
        return workers.get(id);
    }

    /** The worker; a clear error when it is not registered. */
    public WorkerSlot registered(WorkerId id) {
        WorkerSlot worker = workers.get(id);
        if (worker == null) {
            throw new DtfException(ErrorCode.NOT_FOUND, "worker '" + id + "' is not registered; register it first");
        }
        return worker;
    }

    /** The workers in registration order; copy before removing any. */
    public Collection<WorkerSlot> workers() {
        return workers.values();
    }

    /** Adds the worker, or replaces the one registered under its id. */
    public void add(WorkerSlot worker) {
        workers.put(worker.info.id(), worker);
    }

    /** Removes the worker; returns it, or {@code null} when it was not registered. */
    public WorkerSlot remove(WorkerId id) {
        return workers.remove(id);
    }

    /** How many tasks each worker can take, where it can take any, by {@code capacity}. */
    public Map<WorkerId, Integer> room(ToIntFunction<WorkerSlot> capacity) {
        Map<WorkerId, Integer> room = new LinkedHashMap<>();
        for (WorkerSlot worker : workers.values()) {
            int free = capacity.applyAsInt(worker);
            if (free > 0) {
                room.put(worker.info.id(), free);
            }
        }
        return room;
    }

    // ---------------------------------------------------------------- attempts on workers

    /** The task's attempt on a worker, or {@code null} when none is. */
    public OnWorker attempt(TaskId task) {
        return onWorkers.get(task);
    }

    /** Every attempt on a worker; copy before taking any back. */
    public Collection<OnWorker> attempts() {
        return onWorkers.values();
    }

    /** The tasks on workers now, for a scheduler that asks. */
    public List<RunningTask> running() {
        return onWorkers.values().stream()
                .map(onWorker -> new RunningTask(onWorker.task, onWorker.worker, onWorker.leasedAt))
                .toList();
    }

    /** The attempt on the worker, or {@code null} when it is no longer the worker's. */
    public OnWorker owned(WorkerId id, TaskAttempt attempt) {
        OnWorker onWorker = onWorkers.get(attempt.task());
        if (onWorker == null || !onWorker.worker.equals(id) || onWorker.task.attempt() != attempt.attempt()) {
            return null;
        }
        return onWorker;
    }

    /** The attempt on the worker; refused ({@code STALE_ATTEMPT}) when it is no longer the worker's. */
    public OnWorker ownAttempt(WorkerId id, TaskAttempt attempt) {
        OnWorker onWorker = owned(id, attempt);
        if (onWorker == null) {
            LOG.info("Refused a report of worker {} for attempt {}: it is no longer current", id, attempt);
            throw WorkerGateway.refused(id, attempt);
        }
        return onWorker;
    }

    /**
     * After the store leased the queued task to the worker: the attempt is the worker's, in its
     * mailbox until a poll hands it over. Returns the task as leased.
     */
    public Task lease(Task queued, WorkerSlot worker, Instant now) {
        Task leased = queued.withState(TaskState.LEASED, queued.attempt() + 1, worker.info.id());
        Instant expires = now.plus(leaseTimeout.get());
        onWorkers.put(queued.id(), new OnWorker(leased, worker.info.id(), now, expires));
        usage.onWorker(queued.id(), queued.tenant(), now);
        worker.held.add(queued.id());
        worker.mailbox.add(new Lease(new TaskAttempt(queued.id(), leased.attempt()), leased, expires));
        worker.wakeup.signalAll();
        return leased;
    }

    /**
     * An attempt leased or running when the coordinator stopped: its worker may still run it, and
     * keeps it if it comes back within the lease time-out and lists it at its first poll.
     */
    public void recovered(Task task, Instant now) {
        OnWorker held = new OnWorker(task, task.worker(), now, now.plus(leaseTimeout.get()));
        held.startedAt = task.startedAt();
        held.recovered = true;
        onWorkers.put(task.id(), held);
        usage.onWorker(task.id(), task.tenant(), now);
    }

    /** The worker is alive and still runs the attempt: its lease runs from now. */
    public void renew(OnWorker onWorker, Instant now) {
        onWorker.expiresAt = now.plus(leaseTimeout.get());
    }

    /** Empties the worker's mailbox into leases that run from now. */
    public List<Lease> handOver(WorkerSlot worker, Instant now) {
        List<Lease> leases = new ArrayList<>(worker.mailbox.size());
        for (Lease lease : worker.mailbox) {
            OnWorker onWorker = onWorkers.get(lease.attempt().task());
            renew(onWorker, now);
            leases.add(new Lease(lease.attempt(), lease.task(), onWorker.expiresAt));
        }
        worker.mailbox.clear();
        worker.reportedFree -= leases.size();
        return leases;
    }

    /**
     * After its worker's report of the attempt's end was stored: the attempt is no longer on the
     * worker. Returns the task as the worker left it (started or not), or {@code null} when the
     * attempt was taken back meanwhile.
     */
    public Task ended(TaskAttempt attempt) {
        OnWorker onWorker = onWorkers.get(attempt.task());
        if (onWorker == null || onWorker.task.attempt() != attempt.attempt()) {
            return null;
        }
        onWorkers.remove(attempt.task());
        usage.offWorker(attempt.task());
        return onWorker.task;
    }

    /**
     * Takes an attempt away from its worker after its end was stored. When the worker may still run
     * it, the worker is told to stop it, and its slot stays taken until the worker lets go.
     */
    public void takeBack(OnWorker onWorker, boolean tellToStop) {
        TaskId id = onWorker.task.id();
        onWorkers.remove(id);
        usage.offWorker(id);
        WorkerSlot worker = workers.get(onWorker.worker);
        if (worker == null) {
            return;
        }
        worker.held.remove(id);
        boolean handedOver = !worker.mailbox.removeIf(lease -> lease.attempt().task().equals(id));
        if (handedOver && tellToStop) {
            worker.cancelling.add(onWorker.attempt());
            worker.cancel.add(onWorker.attempt());
            worker.wakeup.signalAll();
        }
    }
}
