package io.dtf.coordinator.impl.leases;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;

/** What the coordinator keeps of one registered worker. Guarded by the engine's lock. */
public final class WorkerSlot {
    public final WorkerInfo info;
    public final Instant registeredAt;
    public final Condition wakeup;
    public Instant lastSeen;
    public boolean draining;
    public boolean lost;
    /** Polls now waiting: a worker in a poll is alive even when its last poll began long ago. */
    public int polling;
    /** Reports now waiting for the leases of the slots they freed: its poll leaves the leases to them. */
    public int reportsWaiting;
    /** What the worker said it can take at its last poll, less what it was given since. */
    public int reportedFree;
    public long finished;
    /** Tasks leased to it: in the mailbox, delivered or running. */
    public final Set<TaskId> held = new HashSet<>();
    /** Leases assigned but not yet handed over by a poll. */
    public final ArrayDeque<Lease> mailbox = new ArrayDeque<>();
    /** Attempts it must stop, told at its next poll. */
    public final List<TaskAttempt> cancel = new ArrayList<>();
    /** Attempts cancelled while on it, whose processes may still run: they keep their slot until gone. */
    public final Set<TaskAttempt> cancelling = new HashSet<>();

    public WorkerSlot(WorkerInfo info, Instant now, Condition wakeup) {
        this.info = info;
        this.registeredAt = now;
        this.lastSeen = now;
        this.wakeup = wakeup;
        this.reportedFree = info.slots();
    }

    /** How many new tasks it can take into free slots now. */
    public int capacity() {
        return room(0);
    }

    /** How many new tasks it can take now, counting those it may hold ahead of its slots. */
    public int capacityAhead() {
        return room(info.prefetch());
    }

    /** The most it may hold: its slots and what it may hold ahead of them. */
    public int holdLimit() {
        return info.slots() + info.prefetch();
    }

    private int room(int beyondSlots) {
        if (draining || lost) {
            return 0;
        }
        int bySlots = info.slots() + beyondSlots - held.size() - cancelling.size();
        return Math.max(0, Math.min(reportedFree - mailbox.size(), bySlots));
    }

    public WorkerState state() {
        if (lost) {
            return WorkerState.LOST;
        }
        if (draining) {
            return WorkerState.DRAINING;
        }
        return held.isEmpty() ? WorkerState.IDLE : WorkerState.BUSY;
    }

    public WorkerStatus status() {
        // tasks held ahead wait for a slot: they do not make more slots busy than there are
        return new WorkerStatus(info, state(), Math.min(held.size(), info.slots()), registeredAt, lastSeen, finished);
    }
}
