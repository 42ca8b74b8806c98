package io.dtf.coordinator.impl.leases;

import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.coordinator.impl.engine.AttemptEnds;
import io.dtf.coordinator.impl.engine.EngineState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Attempts that end without a result from their worker (it was lost, left, restarted, or its lease
 * expired): they end as ERROR and are queued again while the lost-attempt allowance lasts, since
 * the infrastructure failed, not the test. Called with the engine's lock held.
 */
public final class LostAttempts {
    private final EngineState state;
    private final AttemptEnds ends;

    public LostAttempts(EngineState state, AttemptEnds ends) {
        this.state = state;
        this.ends = ends;
    }

    /** Loses everything the worker holds: leased, running and being cancelled. */
    public void ofWorker(WorkerSlot worker, String reason, Instant now) {
        List<RunId> completedRuns = new ArrayList<>();
        for (TaskId id : List.copyOf(worker.held)) {
            OnWorker onWorker = state.leases().attempt(id);
            if (onWorker != null) {
                lose(onWorker, reason, now, completedRuns);
            }
        }
        worker.held.clear();
        worker.mailbox.clear();
        worker.cancelling.clear();
        state.publishRunsCompleted(completedRuns);
        state.requestDispatch();
    }

    /** An attempt ended without a result from its worker: queue it again while the allowance lasts. */
    public void lose(OnWorker onWorker, String reason, Instant now, List<RunId> completedRuns) {
        Task task = onWorker.task;
        boolean retry = task.attemptsSpent() < task.maxAttempts() + state.settings().lostAttemptAllowance();
        TaskResult result = TaskResult.of(TaskState.ERROR, retry ? reason
                : reason + "; giving up after " + task.attempt() + " attempts");
        if (!state.store().transition(Transition.finish(onWorker.attempt(), result, retry, now))) {
            return;
        }
        state.leases().takeBack(onWorker, false);
        ends.ended(task, task.attempt(), result, retry, completedRuns);
    }
}
