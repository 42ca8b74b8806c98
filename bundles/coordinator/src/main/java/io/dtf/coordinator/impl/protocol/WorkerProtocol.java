package io.dtf.coordinator.impl.protocol;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.coordinator.impl.dispatch.SchedulerChoice;
import io.dtf.coordinator.impl.engine.AttemptEnds;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.LostAttempts;
import io.dtf.coordinator.impl.leases.OnWorker;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import io.dtf.coordinator.impl.recovery.Recovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of the worker protocol ({@link WorkerGateway}): registration, long polls
 * that renew leases and carry new ones, reports, logs, draining and leaving.
 */
public final class WorkerProtocol implements WorkerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProtocol.class);
    /**
     * How long a report that frees slots waits for the dispatch pass that decides about them; a pass
     * takes well under a millisecond unless the store is slow, and then the poll in flight takes the
     * leases instead.
     */
    private static final Duration REPORT_LEASE_WAIT = Duration.ofMillis(200);

    private final EngineState state;
    private final LostAttempts lost;
    private final Recovery recovery;
    private final Reports reports;

    public WorkerProtocol(EngineState state, LostAttempts lost, Recovery recovery, SchedulerChoice schedulers,
                          AttemptEnds ends) {
        this.state = state;
        this.lost = lost;
        this.recovery = recovery;
        this.reports = new Reports(state, new HandBack(state), schedulers, ends);
    }

    @Override
    public void register(WorkerInfo info) {
        boolean recovered;
        state.lock().lock();
        try {
            Instant now = state.clock().instant();
            WorkerSlot previous = state.leases().worker(info.id());
            recovered = previous != null;
            if (previous != null) {
                // A worker that registers again runs nothing from before: what it held is lost.
                lost.ofWorker(previous, "worker " + info.id() + " restarted", now);
                previous.wakeup.signalAll();
            }
            WorkerSlot slot = new WorkerSlot(info, now, state.lock().newCondition());
            state.leases().add(slot);
            for (OnWorker held : state.leases().attempts()) {
                if (held.recovered && held.worker.equals(info.id())) {
                    slot.held.add(held.task.id()); // from before a coordinator restart: its first poll decides
                }
            }
            state.requestDispatch();
        } finally {
            state.lock().unlock();
        }
        LOG.info("Worker {} ({}, {} slots) registered", info.id(), info.name(), info.slots());
        state.publish(recovered ? HookType.WORKER_RECOVERED : HookType.WORKER_REGISTERED, null, null, info.id(),
                Severity.INFO, Map.of("name", info.name(), "slots", info.slots()));
    }

    @Override
    public PollResult poll(WorkerId id, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        List<TaskAttempt> refused = reports.isEmpty() ? List.of() : this.reports.report(id, reports);
        state.lock().lock();
        try {
            WorkerSlot worker = state.leases().registered(id);
            Instant now = state.clock().instant();
            worker.lastSeen = now;
            if (worker.lost) {
                worker.lost = false;
                state.publish(HookType.WORKER_RECOVERED, null, null, id, Severity.INFO, Map.of());
            }
            worker.reportedFree = freeSlots;
            worker.cancelling.retainAll(running);
            recovery.settle(worker, running, now);
            for (TaskAttempt attempt : running) {
                OnWorker onWorker = state.leases().owned(id, attempt);
                if (onWorker != null) {
                    state.leases().renew(onWorker, now);
                } else if (!worker.cancel.contains(attempt) && !worker.cancelling.contains(attempt)) {
                    worker.cancel.add(attempt); // no longer its own: lost, cancelled or timed out meanwhile
                }
            }
            if (worker.capacityAhead() > 0) {
                state.requestDispatch();
            }
            // A poll must come back well within the lease time-out, or the leases it renews would lapse.
            long waitNanos = Math.min(maxWait.toNanos(), state.settings().leaseTimeout().toNanos() / 2);
            worker.polling++;
            boolean interrupted = false;
            try {
                // a report waiting for the leases of the slots it freed answers with them instead
                while (state.running() && (worker.mailbox.isEmpty() || worker.reportsWaiting > 0)
                        && worker.cancel.isEmpty() && waitNanos > 0 && state.leases().worker(id) == worker) {
                    waitNanos = worker.wakeup.awaitNanos(waitNanos);
                }
            } catch (InterruptedException e) {
                // The reports were taken: answer with what became of them, so that they are not sent
                // again; new leases stay for the next poll (or go back if the worker leaves).
                interrupted = true;
                Thread.currentThread().interrupt();
            } finally {
                worker.polling--;
            }
            now = state.clock().instant();
            worker.lastSeen = now;
            List<Lease> leases = interrupted ? List.of() : state.leases().handOver(worker, now);
            List<TaskAttempt> cancel = new ArrayList<>(worker.cancel);
            worker.cancel.clear();
            return new PollResult(leases, cancel, refused);
        } finally {
            state.lock().unlock();
        }
    }

    @Override
    public List<TaskAttempt> report(WorkerId id, WorkerReports reports) {
        return this.reports.report(id, reports);
    }

    /**
     * Takes the reports as {@link #report(WorkerId, WorkerReports)} does, then, when the worker can take
     * new tasks, waits for the dispatch pass that decides about its slots (not for new work) and
     * answers with what that pass leased to it.
     */
    @Override
    public PollResult report(WorkerId id, WorkerReports reports, int freeSlots) {
        if (freeSlots <= 0) {
            return new PollResult(List.of(), List.of(), report(id, reports));
        }
        // from before the ends free their slots: a dispatch pass that runs meanwhile must leave the
        // leases to this report, not hand them to the poll in flight
        WorkerSlot waiting = holdLeasesForReport(id);
        try {
            List<TaskAttempt> refused = report(id, reports);
            state.lock().lock();
            try {
                WorkerSlot worker = state.leases().worker(id);
                if (worker == null || worker != waiting) {
                    // taken (or refused) all the same; new work waits until the worker's poll registers it again
                    return new PollResult(List.of(), List.of(), refused);
                }
                worker.lastSeen = state.clock().instant();
                worker.reportedFree = freeSlots;
                if (worker.mailbox.isEmpty() && worker.capacityAhead() > 0 && state.queue().size() > 0) {
                    long decided = state.dispatch().passes() + 1; // no pass runs now: a pass holds the lock throughout
                    state.requestDispatch();
                    long waitNanos = REPORT_LEASE_WAIT.toNanos();
                    while (state.running() && state.dispatch().passes() < decided && waitNanos > 0
                            && state.leases().worker(id) == worker) {
                        waitNanos = state.dispatch().awaitPass(waitNanos);
                    }
                }
                return new PollResult(state.leases().handOver(worker, state.clock().instant()), List.of(), refused);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // answered without leases; the poll in flight takes them
                return new PollResult(List.of(), List.of(), refused);
            } finally {
                state.lock().unlock();
            }
        } finally {
            if (waiting != null) {
                releaseLeasesForPoll(waiting);
            }
        }
    }

    /** Counts a report that waits for leases on its worker; {@code null} when it is not registered. */
    private WorkerSlot holdLeasesForReport(WorkerId id) {
        state.lock().lock();
        try {
            WorkerSlot worker = state.leases().worker(id);
            if (worker != null) {
                worker.reportsWaiting++;
            }
            return worker;
        } finally {
            state.lock().unlock();
        }
    }

    /** The report no longer waits; when none does and leases are in the mailbox, the poll in flight takes them. */
    private void releaseLeasesForPoll(WorkerSlot worker) {
        state.lock().lock();
        try {
            worker.reportsWaiting--;
            if (worker.reportsWaiting == 0 && !worker.mailbox.isEmpty()) {
                worker.wakeup.signalAll();
            }
        } finally {
            state.lock().unlock();
        }
    }

    @Override
    public void appendLog(WorkerId id, TaskAttempt attempt, String text) {
        state.leases().ownAttempt(id, attempt); // without the lock: log chunks must not queue behind dispatch
        state.logs().append(attempt, text);
    }

    @Override
    public void appendLog(WorkerId id, TaskAttempt attempt, long offset, String text) {
        state.leases().ownAttempt(id, attempt);
        state.logs().append(attempt, offset, text);
    }

    @Override
    public void draining(WorkerId id) {
        state.lock().lock();
        try {
            state.leases().registered(id).draining = true;
        } finally {
            state.lock().unlock();
        }
        state.publish(HookType.WORKER_DISCONNECTED, null, null, id, Severity.INFO, Map.of("reason", "draining"));
    }

    @Override
    public void unregister(WorkerId id) {
        state.lock().lock();
        try {
            WorkerSlot worker = state.leases().remove(id);
            if (worker == null) {
                return;
            }
            lost.ofWorker(worker, "worker " + id + " left", state.clock().instant());
            worker.wakeup.signalAll();
        } finally {
            state.lock().unlock();
        }
        LOG.info("Worker {} unregistered", id);
        state.publish(HookType.WORKER_DISCONNECTED, null, null, id, Severity.INFO, Map.of("reason", "unregistered"));
    }
}
