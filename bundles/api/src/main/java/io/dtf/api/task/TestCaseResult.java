package io.dtf.api.task;

import java.time.Duration;

/**
 * One test case of a task's reports.
 *
 * @param suite the enclosing suite (nested suites joined by {@code /})
 * @param className the test class, or {@code null} when the report has none
 * @param name the test's name
 * @param status its outcome
 * @param duration how long it took
 * @param message the failure, error or skip message, or {@code null}
 * @param details stack trace or other detail, or {@code null}
 * @param flaky whether it passed only on a re-run ({@code <flakyFailure>}/{@code <flakyError>})
 */
public record TestCaseResult(String suite, String className, String name, TestCaseStatus status,
                             Duration duration, String message, String details, boolean flaky) {
}
