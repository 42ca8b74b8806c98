package io.dtf.coordinator.impl.housekeeping;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.engine.AttemptEnds;
import io.dtf.coordinator.impl.engine.EngineSettings;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.LostAttempts;
import io.dtf.coordinator.impl.leases.OnWorker;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dispatcher does once a second besides dispatching: writes the starts that wait, loses
 * the attempts of silent workers and of expired leases, ends attempts long overdue (their worker
 * never reported them), and forgets workers lost long ago.
 */
public final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final Duration FORGET_LOST_WORKERS_AFTER = Duration.ofHours(1);

    private final EngineState state;
    private final LostAttempts lost;
    private final AttemptEnds ends;

    public Housekeeping(EngineState state, LostAttempts lost, AttemptEnds ends) {
        this.state = state;
        this.lost = lost;
        this.ends = ends;
    }

    /** Loses the attempts of silent workers and expired leases; ends attempts long overdue. */
    public void run() {
        state.writes().writeAfterDeferredStarts(List.of());
        List<RunId> completedRuns = new ArrayList<>();
        List<WorkerId> lostWorkers = new ArrayList<>();
        state.lock().lock();
        try {
            Instant now = state.clock().instant();
            EngineSettings settings = state.settings();
            for (WorkerSlot worker : List.copyOf(state.leases().workers())) {
                boolean silent = worker.polling == 0
                        && worker.lastSeen.plus(settings.leaseTimeout()).isBefore(now);
                if (silent && !worker.lost) {
                    worker.lost = true;
                    lostWorkers.add(worker.info.id());
                    LOG.warn("Worker {} is lost: no poll for {}", worker.info.id(), settings.leaseTimeout());
                    lost.ofWorker(worker, "worker " + worker.info.id() + " was lost", now);
                } else if (worker.lost && worker.lastSeen.plus(FORGET_LOST_WORKERS_AFTER).isBefore(now)) {
                    state.leases().remove(worker.info.id());
                }
            }
            for (OnWorker onWorker : List.copyOf(state.leases().attempts())) {
                if (onWorker.expiresAt.isBefore(now)) {
                    lost.lose(onWorker, "the lease on worker " + onWorker.worker + " expired", now, completedRuns);
                } else if (onWorker.startedAt != null && onWorker.task.timeout() != null && onWorker.startedAt
                        .plus(onWorker.task.timeout()).plus(settings.overdueGrace()).isBefore(now)) {
                    endOverdue(onWorker, now, completedRuns);
                }
            }
        } finally {
            state.lock().unlock();
        }
        for (WorkerId id : lostWorkers) {
            state.publish(HookType.WORKER_FAILED, null, null, id, Severity.WARNING, Map.of("reason", "no poll"));
        }
        state.publishRunsCompleted(completedRuns);
    }

    /** The attempt's worker never reported its end: it ends as TIMED_OUT, and the worker is told to stop it. */
    private void endOverdue(OnWorker onWorker, Instant now, List<RunId> completedRuns) {
        Task task = onWorker.task;
        TaskResult result = onWorker.endedNow(TaskState.TIMED_OUT, "no result within the timeout of "
                + task.timeout() + " and a grace of " + state.settings().overdueGrace()
                + "; the worker was told to stop it", now);
        boolean retry = task.hasAttemptsLeft();
        if (!state.store().transition(Transition.finish(onWorker.attempt(), result, retry, now))) {
            return;
        }
        state.leases().takeBack(onWorker, true);
        ends.ended(task, onWorker.task.attempt(), result, retry, completedRuns);
    }
}
