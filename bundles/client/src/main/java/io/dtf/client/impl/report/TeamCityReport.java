package io.dtf.client.impl.report;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished run as TeamCity service messages on standard output
 * (https://www.jetbrains.com/help/teamcity/service-messages.html#Reporting+Tests): one test suite per task, in a
 * flow of its own ({@code flowId} = the task's id), its test cases as tests named {@code class.name} (the same name
 * in every build, which TeamCity's test history needs), and the counts as build statistics. A task without test
 * cases is a test of its own ({@code dtf.<run name>.<task name>}), as in the coordinator's JUnit XML, and so is a
 * task that did not pass although none of its test cases failed: TeamCity then shows why the build failed.
 */
public final class TeamCityReport {
    private final PrintStream out;
    private int passed;
    private int failed;
    private int ignored;

    public TeamCityReport(PrintStream out) {
        this.out = out;
    }

    /**
     * Writes the run: {@code tasks} in their order, each with its test cases from {@code testCases} (the latest
     * attempt of each task).
     */
    public void write(RunSummary run, List<Task> tasks, List<StoredTestCase> testCases) {
        Map<TaskId, List<TestCaseResult>> byTask = new LinkedHashMap<>();
        for (StoredTestCase c : testCases) {
            byTask.computeIfAbsent(c.task(), t -> new ArrayList<>()).add(c.result());
        }
        for (Task task : tasks) {
            String flow = task.id().value();
            out.println(ServiceMessages.message("testSuiteStarted", "name", task.name(), "flowId", flow));
            List<TestCaseResult> cases = byTask.getOrDefault(task.id(), List.of());
            for (TestCaseResult c : cases) {
                test(flow, name(c), c.status(), c.duration(), c.message(), c.details());
            }
            boolean anyFailed = cases.stream().anyMatch(c -> c.status().isFailure());
            if (cases.isEmpty() || (task.state() != TaskState.PASSED && !anyFailed)) {
                taskAsTest(run, task, flow);
            }
            out.println(ServiceMessages.message("testSuiteFinished", "name", task.name(), "flowId", flow));
        }
        statistic("dtf.tests.passed", passed);
        statistic("dtf.tests.failed", failed);
        statistic("dtf.tests.ignored", ignored);
        statistic("dtf.tasks.total", run.counts().total());
        statistic("dtf.tasks.passed", run.counts().get(TaskState.PASSED));
        out.flush();
    }

    /** {@code class.name}, or the suite's name before the test's when the report gave no class. */
    static String name(TestCaseResult c) {
        String owner = c.className() != null && !c.className().isBlank() ? c.className() : c.suite();
        return owner == null || owner.isBlank() ? c.name() : owner + "." + c.name();
    }

    private void taskAsTest(RunSummary run, Task task, String flow) {
        TestCaseStatus status = switch (task.state()) {
            case PASSED -> TestCaseStatus.PASSED;
            case CANCELLED -> TestCaseStatus.SKIPPED;
            default -> TestCaseStatus.FAILED;
        };
        String message = TaskMessages.of(task);
        if (message == null && status != TestCaseStatus.PASSED) {
            message = "task " + task.id() + " ended " + task.state();
        }
        test(flow, "dtf." + run.run().name() + "." + task.name(), status,
                task.result() == null ? null : task.result().duration(), message,
                task.result() == null ? null : task.result().logTail());
    }

    private void test(String flow, String name, TestCaseStatus status, Duration duration, String message,
                      String details) {
        out.println(ServiceMessages.message("testStarted", "name", name, "flowId", flow));
        switch (status) {
            case FAILED, ERROR -> {
                failed++;
                out.println(ServiceMessages.message("testFailed", "name", name, "flowId", flow,
                        "message", message == null ? status.name().toLowerCase(Locale.ROOT) : message,
                        "details", details));
            }
            case SKIPPED -> {
                ignored++;
                out.println(ServiceMessages.message("testIgnored", "name", name, "flowId", flow,
                        "message", message == null ? "skipped" : message));
            }
            case PASSED -> passed++;
        }
        out.println(ServiceMessages.message("testFinished", "name", name, "flowId", flow,
                "duration", duration == null ? null : Long.toString(duration.toMillis())));
    }

    private void statistic(String key, int value) {
        out.println(ServiceMessages.message("buildStatisticValue", "key", key, "value", Integer.toString(value)));
    }
}
