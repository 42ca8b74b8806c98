package io.dtf.api.task;

/** A test case with the task attempt that reported it. */
public record StoredTestCase(TaskId task, String taskName, int attempt, TestCaseResult result) {
}
