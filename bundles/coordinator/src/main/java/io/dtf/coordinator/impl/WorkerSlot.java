package io.dtf.coordinator.impl;

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
final class WorkerSlot {
    WorkerInfo info;
    final Instant registeredAt;
    final Condition wakeup;
    Instant lastSeen;
    boolean draining;
    boolean lost;
    /** Polls now waiting: a worker in a poll is alive even when its last poll began long ago. */
    int polling;
    /** Reports now waiting for the leases of the slots they freed: its poll leaves the leases to them. */
    int reportsWaiting;
    /** What the worker said it can take at its last poll, less what it was given since. */
    int reportedFree;
    long finished;
    /** Tasks leased to it: in the mailbox, delivered or running. */
    final Set<TaskId> held = new HashSet<>();
    /** Leases assigned but not yet handed over by a poll. */
    final ArrayDeque<Lease> mailbox = new ArrayDeque<>();
    /** Attempts it must stop, told at its next poll. */
    final List<TaskAttempt> cancel = new ArrayList<>();
    /** Attempts cancelled while on it, whose processes may still run: they keep their slot until gone. */
    final Set<TaskAttempt> cancelling = new HashSet<>();

    WorkerSlot(WorkerInfo info, Instant now, Condition wakeup) {
        this.info = info;
        this.registeredAt = now;
        this.lastSeen = now;
        this.wakeup = wakeup;
        this.reportedFree = info.slots();
    }

    /** How many new tasks it can take into free slots now. */
    int capacity() {
        return room(0);
    }

    /** How many new tasks it can take now, counting those it may hold ahead of its slots. */
    int capacityAhead() {
        return room(info.prefetch());
    }

    /** The most it may hold: its slots and what it may hold ahead of them. */
    int holdLimit() {
        return info.slots() + info.prefetch();
    }

    private int room(int beyondSlots) {
        if (draining || lost) {
            return 0;
        }
        int bySlots = info.slots() + beyondSlots - held.size() - cancelling.size();
        return Math.max(0, Math.min(reportedFree - mailbox.size(), bySlots));
    }

    WorkerState state() {
        if (lost) {
            return WorkerState.LOST;
        }
        if (draining) {
            return WorkerState.DRAINING;
        }
        return held.isEmpty() ? WorkerState.IDLE : WorkerState.BUSY;
    }

    WorkerStatus status() {
        // tasks held ahead wait for a slot: they do not make more slots busy than there are
        return new WorkerStatus(info, state(), Math.min(held.size(), info.slots()), registeredAt, lastSeen, finished);
    }
}
