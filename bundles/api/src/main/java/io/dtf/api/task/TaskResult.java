package io.dtf.api.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one attempt of a task produced.
 *
 * @param status PASSED, FAILED, ERROR, TIMED_OUT or CANCELLED
 * @param duration wall time of the attempt
 * @param exitCode process exit code, or {@code null} when there was no process or it was killed
 * @param message short reason for a non-passing status, or {@code null}
 * @param testCases test cases parsed from the task's reports
 * @param artifacts paths of files the task produced that are kept
 * @param metrics numeric measurements by name
 * @param logPath where the attempt's full log is kept
 * @param logTail the last lines of the log
 */
public record TaskResult(TaskState status, Duration duration, Integer exitCode, String message,
                         List<TestCaseResult> testCases, List<String> artifacts, Map<String, Double> metrics,
                         String logPath, String logTail) {
    public TaskResult {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a result has a terminal status, not " + status);
        }
        duration = duration == null ? Duration.ZERO : duration;
        testCases = testCases == null ? List.of() : List.copyOf(testCases);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A result without a process: the task could not run, or was given up on. */
    public static TaskResult of(TaskState status, String message) {
        return new TaskResult(status, Duration.ZERO, null, message, List.of(), List.of(), Map.of(), null, null);
    }
}
