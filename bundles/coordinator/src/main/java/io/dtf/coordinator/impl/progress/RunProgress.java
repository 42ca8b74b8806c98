package io.dtf.coordinator.impl.progress;

import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.coordinator.impl.scheduling.DurationHistory;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The runs with unfinished tasks: how many each has left, its progress counted as the engine
 * changes its tasks (so that {@code Coordinator.run} costs no query while it runs), the scheduler
 * it asked for, and how long its attempts take. Guarded by the engine's lock.
 */
public final class RunProgress {
    private final Map<RunId, ActiveRun> activeRuns = new HashMap<>();
    /** Tasks a scheduler said would miss their deadline: told once per task. */
    private final Set<TaskId> deadlineWarned = new HashSet<>();

    /** A run the store has just accepted, all its tasks queued. */
    public void accepted(TestRun run, int tasks) {
        activeRuns.put(run.id(), new ActiveRun(run, tasks, new LiveCounts(tasks)));
    }

    /**
     * A task found unfinished after a restart; its run, the first time, as {@code storedRun} reads
     * it. The progress of such a run is not counted in memory: the store is asked.
     */
    public void recovered(Task task, Function<RunId, TestRun> storedRun) {
        activeRuns.computeIfAbsent(task.runId(), id -> new ActiveRun(storedRun.apply(id), 0, null)).unfinished++;
    }

    /** How many runs have unfinished tasks. */
    public int size() {
        return activeRuns.size();
    }

    /** The scheduler the task's run asked for, or {@link SchedulerQueues#ACTIVE}. */
    public String schedulerOf(RunId id) {
        ActiveRun run = activeRuns.get(id);
        return run == null ? SchedulerQueues.ACTIVE : run.scheduler;
    }

    /** The name of the task's plan, or its run id when the run is not active. */
    public String planName(Task task) {
        ActiveRun run = activeRuns.get(task.runId());
        return run == null ? task.runId().value() : run.name;
    }

    /** The average duration of the run's attempts so far in milliseconds; NaN when none ended or the run is not active. */
    public double averageMillis(RunId id) {
        ActiveRun run = activeRuns.get(id);
        return run == null ? Double.NaN : run.averageMillis;
    }

    /** An attempt of the run ended after {@code took}. */
    public void attemptTook(RunId id, Duration took) {
        ActiveRun run = activeRuns.get(id);
        if (run != null) {
            run.averageMillis = DurationHistory.average(run.averageMillis, took.toMillis());
        }
    }

    /**
     * An attempt of the run has been running {@code ranMillis} and is not short: it counts in the
     * run's average as if it had ended, so that the run's tasks wait for free slots.
     */
    public void stillRunning(RunId id, long ranMillis) {
        ActiveRun run = activeRuns.get(id);
        if (run != null && ranMillis >= WorkerInfo.SHORT_TASK.toMillis()) {
            run.averageMillis = Double.isNaN(run.averageMillis) ? ranMillis : Math.max(run.averageMillis, ranMillis);
        }
    }

    /**
     * Counts a stored change of the task from the state it has in memory to {@code to}; with the
     * result it ended with, if it ended.
     */
    public void counted(Task task, TaskState to, TaskResult result) {
        ActiveRun run = activeRuns.get(task.runId());
        if (run == null || run.live == null) {
            return;
        }
        run.live.move(task.state(), to);
        if (result != null) {
            run.live.latestResult(task.id(), result);
        }
    }

    /** The task is finished; when it was its run's last, the run is added to {@code completedRuns}. */
    public void finished(Task task, List<RunId> completedRuns) {
        deadlineWarned.remove(task.id());
        RunId runId = task.runId();
        ActiveRun run = activeRuns.get(runId);
        if (run != null && --run.unfinished == 0) {
            activeRuns.remove(runId);
            completedRuns.add(runId);
        }
    }

    /** Whether the task's deadline is at risk for the first time (it was not told before). */
    public boolean firstDeadlineWarning(TaskId task) {
        return deadlineWarned.add(task);
    }

    /** The progress of a run with unfinished tasks, from memory; empty when the store must be asked. */
    public Optional<RunSummary> liveSummary(RunId id) {
        ActiveRun run = activeRuns.get(id);
        return run == null || run.live == null ? Optional.empty() : Optional.of(run.live.summary(run.run));
    }
}
