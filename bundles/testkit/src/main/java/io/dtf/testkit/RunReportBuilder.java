package io.dtf.testkit;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run as integrations receive it: the {@link RunReport} of a RUN_COMPLETED event and the event itself
 * ({@link #event()}), with the data the coordinator gives it. For tests of hooks, CI providers and notifiers:
 * <pre>{@code
 * DtfEvent completed = RunReportBuilder.run("r12", "nightly").tasks(TaskState.PASSED, 5).tasks(TaskState.FAILED, 1)
 *         .failedTest("org.example.LoginTest", "wrongPassword", "expected 401").ci(ci).event();
 * }</pre>
 */
public final class RunReportBuilder {
    private final RunId run;
    private final String name;
    private final Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    private final List<StoredTestCase> failedTests = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private CIContext ci;
    private Instant submittedAt = TaskBuilder.T0;
    private Duration duration = Duration.ofMinutes(3);
    private int testCases;
    private int failedTestsLeftOut;
    private URI link;

    private RunReportBuilder(String runId, String name) {
        this.run = RunId.of(runId);
        this.name = name;
        this.link = URI.create("http://dtf.example:8181/api/v1/runs/" + runId);
    }

    /** A run of no tasks yet; add them with {@link #tasks}. */
    public static RunReportBuilder run(String runId, String name) {
        return new RunReportBuilder(runId, name);
    }

    /** {@code count} tasks that ended in {@code state}. */
    public RunReportBuilder tasks(TaskState state, int count) {
        counts.merge(state, count, Integer::sum);
        return this;
    }

    /** How many test cases the run's tasks reported, the failed ones included. */
    public RunReportBuilder testCases(int count) {
        testCases = count;
        return this;
    }

    /** A failed test case of the run's first task. */
    public RunReportBuilder failedTest(String className, String testName, String message) {
        TestCaseResult result = new TestCaseResult("suite", className, testName, TestCaseStatus.FAILED,
                Duration.ofMillis(120), message, null, false);
        failedTests.add(new StoredTestCase(TaskId.of(run, 1), "task-1", 1, result));
        testCases = Math.max(testCases, failedTests.size());
        return this;
    }

    /** Failed tests beyond those listed (the coordinator lists a configured number). */
    public RunReportBuilder failedTestsLeftOut(int count) {
        failedTestsLeftOut = count;
        return this;
    }

    public RunReportBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public RunReportBuilder ci(CIContext value) {
        ci = value;
        return this;
    }

    public RunReportBuilder submittedAt(Instant value) {
        submittedAt = value;
        return this;
    }

    public RunReportBuilder duration(Duration value) {
        duration = value;
        return this;
    }

    public RunReportBuilder link(URI value) {
        link = value;
        return this;
    }

    public RunReport build() {
        TaskCounts taskCounts = new TaskCounts(counts);
        TestRun testRun = new TestRun(run, name, labels, null, null, submittedAt, null, ci);
        int failed = failedTests.size() + failedTestsLeftOut;
        RunSummary summary = new RunSummary(testRun, taskCounts.runState(), taskCounts, submittedAt.plus(duration),
                Math.max(testCases, failed), failed);
        return new RunReport(summary, duration, failedTests, failedTestsLeftOut, link);
    }

    /** RUN_COMPLETED with the report, its id ({@code <run>:RUN_COMPLETED}) and data as the coordinator gives them. */
    public DtfEvent event() {
        RunReport report = build();
        RunSummary summary = report.summary();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(EventData.NAME.name(), name);
        data.put(EventData.STATE.name(), summary.state().name());
        data.put(EventData.TASKS.name(), summary.counts().total());
        data.put(EventData.FAILED_TEST_CASES.name(), summary.failedTestCases());
        data.put(EventData.REPORT.name(), report);
        return new DtfEvent(HookType.RUN_COMPLETED, summary.finishedAt(), run, null, null,
                summary.state() == RunState.PASSED ? Severity.INFO : Severity.ERROR, data);
    }
}
