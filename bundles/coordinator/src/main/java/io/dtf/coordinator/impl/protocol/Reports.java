package io.dtf.coordinator.impl.protocol;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerReports;
import io.dtf.coordinator.impl.dispatch.SchedulerChoice;
import io.dtf.coordinator.impl.engine.AttemptEnds;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.OnWorker;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's batch of reports: attempts handed back, started and ended. Each is checked under the
 * lock to be still the worker's, all are written in one transaction outside the lock (the fenced
 * write alone decides whether a report counts; reports arriving together share a commit), and what
 * was stored is applied under the lock again, so memory never runs ahead of the store.
 */
final class Reports {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final EngineState state;
    private final HandBack handBack;
    private final SchedulerChoice schedulers;
    private final AttemptEnds ends;

    Reports(EngineState state, HandBack handBack, SchedulerChoice schedulers, AttemptEnds ends) {
        this.state = state;
        this.handBack = handBack;
        this.schedulers = schedulers;
        this.ends = ends;
    }

    /** A reported end that its worker owned when it arrived, on its way to the store. */
    private record Finish(Task task, TaskAttempt attempt, TaskResult result, boolean retry) {
    }

    /**
     * Takes a batch of reports; returns the attempts refused: no longer the worker's.
     *
     * <p>A batch of starts alone is not written at once (see {@code DeferredStarts}): the starts go
     * with the next write or within a second, so that a short task costs one commit for its start
     * and end.
     */
    List<TaskAttempt> report(WorkerId id, WorkerReports reports) {
        if (reports.isEmpty()) {
            return List.of();
        }
        List<TaskAttempt> refused = new ArrayList<>(handBack.release(id, reports.returned()));
        List<TaskAttempt> starts = new ArrayList<>();
        List<Finish> finishes = new ArrayList<>();
        List<AttemptResult> logEnds = new ArrayList<>();
        state.lock().lock();
        try {
            for (TaskAttempt attempt : reports.started()) {
                OnWorker onWorker = state.leases().owned(id, attempt);
                if (onWorker == null) {
                    refused.add(attempt);
                } else if (onWorker.startedAt == null) {
                    starts.add(attempt); // a start reported again (a retried request) changes nothing
                }
            }
            WorkerSlot worker = state.leases().worker(id);
            for (AttemptResult ended : reports.completed()) {
                TaskAttempt attempt = ended.attempt();
                if (worker != null && worker.cancelling.remove(attempt)) {
                    state.requestDispatch();
                }
                OnWorker onWorker = state.leases().owned(id, attempt);
                if (onWorker == null) {
                    refused.add(attempt);
                    continue;
                }
                if (ended.logEnd() != null && !ended.logEnd().isEmpty()) {
                    logEnds.add(ended);
                }
                Task task = onWorker.task;
                boolean retry = ended.result().status().isRetryable() && task.hasAttemptsLeft();
                finishes.add(new Finish(task, attempt, ended.result(), retry));
            }
        } finally {
            state.lock().unlock();
        }
        if (!refused.isEmpty()) {
            LOG.info("Refused reports of worker {} for attempts {}: they are no longer current", id, refused);
        }
        for (AttemptResult ended : logEnds) {
            state.logs().append(ended.attempt(), ended.logEnd());
        }
        Instant now = state.clock().instant();
        Map<TaskAttempt, Instant> startTimes = startTimes(starts, finishes, now);
        List<Transition> transitions = new ArrayList<>(starts.size() + finishes.size());
        starts.forEach(attempt -> transitions.add(Transition.start(attempt, startTimes.get(attempt))));
        List<Finish> stored = new ArrayList<>(finishes.size());
        for (Finish finish : finishes) {
            Finish withLog = new Finish(finish.task, finish.attempt, withStreamedLog(finish.attempt, finish.result),
                    finish.retry);
            stored.add(withLog);
            transitions.add(Transition.finish(withLog.attempt, withLog.result, withLog.retry, now));
        }
        boolean[] applied;
        if (finishes.isEmpty()) {
            state.writes().defer(transitions);
            applied = new boolean[transitions.size()];
            Arrays.fill(applied, true); // owned, as checked under the lock: the engine alone moves tasks
        } else {
            applied = state.writes().writeAfterDeferredStarts(transitions);
        }
        List<Task> started = new ArrayList<>();
        List<RunId> completedRuns = new ArrayList<>();
        state.lock().lock();
        try {
            for (int i = 0; i < starts.size(); i++) {
                TaskAttempt attempt = starts.get(i);
                if (!applied[i]) {
                    // Still the worker's: the same start came twice (a retried request) and the other
                    // copy was stored first. Refusing it would make the worker stop a task it owns.
                    if (state.leases().owned(id, attempt) == null) {
                        refused.add(attempt);
                    }
                    continue;
                }
                OnWorker onWorker = state.leases().attempt(attempt.task());
                if (onWorker != null && onWorker.task.attempt() == attempt.attempt()) {
                    onWorker.startedAt = startTimes.get(attempt);
                    state.runs().counted(onWorker.task, TaskState.RUNNING, null);
                    onWorker.task = onWorker.task.withState(TaskState.RUNNING, attempt.attempt(), id);
                    started.add(onWorker.task);
                } // else taken back meanwhile (cancelled, lost): that change was stored after this one
            }
            for (int i = 0; i < stored.size(); i++) {
                Finish finish = stored.get(i);
                if (applied[starts.size() + i]) {
                    finished(id, finish, now, completedRuns);
                } else {
                    refused.add(finish.attempt);
                }
            }
            if (!stored.isEmpty()) {
                state.requestDispatch();
            }
        } finally {
            state.lock().unlock();
        }
        for (Task task : started) {
            state.publish(HookType.TASK_STARTED, task.runId(), task.id(), id, Severity.INFO,
                    Map.of("name", task.name(), "attempt", task.attempt()));
        }
        state.publishRunsCompleted(completedRuns);
        return refused;
    }

    /**
     * When each start happened: on arrival, unless its end came in the same batch (a worker holds a
     * start back briefly, so that a short task costs one report); then when the end came less the
     * duration the worker measured, which is when the attempt really started.
     */
    private static Map<TaskAttempt, Instant> startTimes(List<TaskAttempt> starts, List<Finish> finishes, Instant now) {
        Map<TaskAttempt, Instant> times = new HashMap<>(starts.size() * 2);
        starts.forEach(attempt -> times.put(attempt, now));
        for (Finish finish : finishes) {
            Duration took = finish.result.duration();
            if (times.containsKey(finish.attempt) && took != null && !took.isNegative()) {
                times.put(finish.attempt, now.minus(took));
            }
        }
        return times;
    }

    /** After a reported end was stored: frees the slot and counts the attempt. Called with the lock held. */
    private void finished(WorkerId id, Finish finish, Instant now, List<RunId> completedRuns) {
        Task task = finish.task;
        TaskResult result = finish.result;
        Task asLeft = state.leases().ended(finish.attempt);
        if (asLeft != null) {
            task = asLeft; // with the state its start left it in
        }
        WorkerSlot worker = state.leases().worker(id);
        if (worker != null && worker.held.remove(task.id())) {
            worker.finished++;
            // The slot is free again: a poll it has in flight may be answered with new work for it.
            worker.reportedFree = Math.min(worker.holdLimit(), worker.reportedFree + 1);
        }
        state.usage().record(task.tenant(), result.duration(), now);
        state.durations().record(task, result.duration());
        state.runs().attemptTook(task.runId(), result.duration());
        SchedulerPlugin decidedBy = schedulers.of(task);
        if (decidedBy != null) {
            try {
                decidedBy.taskFinished(new TaskOutcome(task, id, result.status(), result.duration()));
            } catch (RuntimeException | LinkageError failure) {
                LOG.warn("Scheduler {} failed on feedback: {}", decidedBy, failure.toString());
            }
        }
        ends.ended(task, finish.attempt.attempt(), result, finish.retry, completedRuns);
    }

    /** A remote worker's result names its own log file; the coordinator's copy is the one to keep. */
    private TaskResult withStreamedLog(TaskAttempt attempt, TaskResult result) {
        Path copy = state.logs().path(attempt);
        if (copy.toString().equals(result.logPath()) || !Files.exists(copy)) {
            return result;
        }
        return new TaskResult(result.status(), result.duration(), result.exitCode(), result.message(),
                result.testCases(), result.artifacts(), result.metrics(), copy.toString(), result.logTail());
    }
}
