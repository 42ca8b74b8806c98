package io.dtf.api.task;

import io.dtf.api.worker.WorkerId;
import java.time.Instant;

/**
 * A test case with the task attempt that reported it.
 *
 * @param task the task whose report held it (its run is {@link TaskId#runId()})
 * @param taskName the task's name
 * @param attempt the attempt that reported it; 0 for a result that ended no attempt
 * @param result the test case
 * @param test its identity, {@link TestId#of(TestCaseResult)}
 * @param worker the worker that ran the attempt, or {@code null} when not known
 * @param finishedAt when the attempt ended, or {@code null} when not known
 */
public record StoredTestCase(TaskId task, String taskName, int attempt, TestCaseResult result, TestId test,
                             WorkerId worker, Instant finishedAt) {
    public StoredTestCase {
        test = test == null && result != null ? result.id() : test;
    }

    /** A test case of an attempt whose worker and end are not known. */
    public StoredTestCase(TaskId task, String taskName, int attempt, TestCaseResult result) {
        this(task, taskName, attempt, result, null, null, null);
    }
}
