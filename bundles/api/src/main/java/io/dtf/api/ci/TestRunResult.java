package io.dtf.api.ci;

import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestRun;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a CI test run reports of a DTF run, at its start, as it goes on and when it is finished.
 *
 * @param run the DTF run
 * @param name its name (the plan's)
 * @param state where it stands; {@link BuildStatus#of(RunState)} is the conclusion a provider shows
 * @param tasks its tasks by state
 * @param tests its test cases by outcome
 * @param duration how long it has run, or ran: from submission to now, or to its last task's end
 * @param failedTests the failed and errored test cases, at most the configured number (annotations, the comment's
 *     list)
 * @param failedTestsLeftOut how many more failed than {@code failedTests} holds
 * @param link the run in DTF, from the configured public URL, or {@code null} when none is configured
 * @param labels the run's labels
 */
public record TestRunResult(RunId run, String name, RunState state, TaskCounts tasks, TestCounts tests,
                            Duration duration, List<TestCaseResult> failedTests, int failedTestsLeftOut, URI link,
                            Map<String, String> labels) {
    public TestRunResult {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(state, "state");
        name = name == null ? run.value() : name;
        tasks = tasks == null ? new TaskCounts(Map.of()) : tasks;
        tests = tests == null ? TestCounts.NONE : tests;
        duration = duration == null ? Duration.ZERO : duration;
        failedTests = failedTests == null ? List.of() : List.copyOf(failedTests);
        if (failedTestsLeftOut < 0) {
            throw new IllegalArgumentException("failedTestsLeftOut must not be negative: " + failedTestsLeftOut);
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A run just submitted: nothing run, nothing counted. */
    public static TestRunResult queued(RunId run, String name, URI link, Map<String, String> labels) {
        return new TestRunResult(run, name, RunState.QUEUED, null, null, Duration.ZERO, List.of(), 0, link, labels);
    }

    /**
     * The result of a finished run as {@code RUN_COMPLETED} reports it ({@code EventData.REPORT}). The report counts
     * failed test cases apart from the others but not skipped or flaky ones: those count as passed here.
     */
    public static TestRunResult of(RunReport report) {
        RunSummary summary = report.summary();
        TestRun run = summary.run();
        int failed = summary.failedTestCases();
        TestCounts tests = new TestCounts(summary.testCases(), summary.testCases() - failed, failed, 0, 0);
        return new TestRunResult(run.id(), run.name(), summary.state(), summary.counts(), tests, report.duration(),
                report.failedTests().stream().map(StoredTestCase::result).toList(), report.failedTestsLeftOut(),
                report.link(), run.labels());
    }

    /** The build status this result shows. */
    public BuildStatus status() {
        return BuildStatus.of(state);
    }

    /**
     * One line for a status description or a title, the same in every provider: {@code 98 of 100 tests passed,
     * 2 failed (1 flaky)}; a run without test cases counts its tasks ({@code 3 of 4 tasks passed}).
     */
    public String summaryLine() {
        if (tests.total() == 0) {
            return state == RunState.QUEUED ? "queued"
                    : tasks.get(TaskState.PASSED) + " of " + tasks.total() + " tasks passed";
        }
        StringBuilder line = new StringBuilder().append(tests.passed()).append(" of ").append(tests.total())
                .append(" tests passed");
        if (tests.failed() > 0) {
            line.append(", ").append(tests.failed()).append(" failed");
        }
        if (tests.skipped() > 0) {
            line.append(", ").append(tests.skipped()).append(" skipped");
        }
        if (tests.flaky() > 0) {
            line.append(" (").append(tests.flaky()).append(" flaky)");
        }
        return line.toString();
    }
}
