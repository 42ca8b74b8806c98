package io.dtf.coordinator.impl.progress;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A run's tasks per state and the test cases of their latest results, kept by the engine as it
 * changes them: so that following a large run's progress costs no query over its tasks (a
 * 10,000-task run's summary query took ~100 ms of CPU under load). It is the store's view, except
 * that a start reported alone counts at once while the store gets it with its next commit.
 */
final class LiveCounts {
    private final int[] byState = new int[TaskState.values().length];
    /** Test cases and failed ones of each task's latest result, for the tasks that reported some. */
    private final Map<TaskId, int[]> testCases = new HashMap<>();
    private int totalTestCases;
    private int failedTestCases;

    LiveCounts(int queued) {
        byState[TaskState.QUEUED.ordinal()] = queued;
    }

    void move(TaskState from, TaskState to) {
        byState[from.ordinal()]--;
        byState[to.ordinal()]++;
    }

    /** The task's latest result is now {@code result}: its test cases replace those of the one before. */
    void latestResult(TaskId task, TaskResult result) {
        int[] before = testCases.remove(task);
        if (before != null) {
            totalTestCases -= before[0];
            failedTestCases -= before[1];
        }
        int total = result.testCases().size();
        if (total > 0) {
            int failed = (int) result.testCases().stream().filter(c -> c.status().isFailure()).count();
            testCases.put(task, new int[] {total, failed});
            totalTestCases += total;
            failedTestCases += failed;
        }
    }

    RunSummary summary(TestRun run) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            if (byState[state.ordinal()] != 0) {
                counts.put(state, byState[state.ordinal()]);
            }
        }
        TaskCounts taskCounts = new TaskCounts(counts);
        return new RunSummary(run, taskCounts.runState(), taskCounts, null, totalTestCases, failedTestCases);
    }
}
