package io.dtf.api.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CIApiTest {
    private static TestCaseResult test(String name, TestCaseStatus status, boolean flaky) {
        return new TestCaseResult("suite", "org.example.ATest", name, status, Duration.ofMillis(5), null, null, flaky);
    }

    @Test
    void countsAndTheSummaryLine() {
        TestCounts counts = TestCounts.of(List.of(test("a", TestCaseStatus.PASSED, false),
                test("b", TestCaseStatus.PASSED, true), test("c", TestCaseStatus.FAILED, false),
                test("d", TestCaseStatus.ERROR, false), test("e", TestCaseStatus.SKIPPED, false)));
        assertEquals(new TestCounts(5, 2, 2, 1, 1), counts);

        TestRunResult result = new TestRunResult(RunId.of("r7"), "api-tests", RunState.FAILED, null, counts,
                Duration.ofMinutes(3), List.of(), 0, null, Map.of());
        assertEquals("2 of 5 tests passed, 2 failed, 1 skipped (1 flaky)", result.summaryLine());
        assertEquals(BuildStatus.FAILURE, result.status());

        TestRunResult commands = new TestRunResult(RunId.of("r8"), "build", RunState.PASSED,
                new TaskCounts(Map.of(TaskState.PASSED, 4)), null, null, null, 0, null, null);
        assertEquals("4 of 4 tasks passed", commands.summaryLine());
        assertEquals("queued", TestRunResult.queued(RunId.of("r9"), "x", null, Map.of()).summaryLine());
        assertThrows(IllegalArgumentException.class, () -> new TestCounts(1, 1, 1, 0, 0));
    }

    @Test
    void aRunReportGivesTheResultOfAFinishedRun() {
        TestRun run = new TestRun(RunId.of("r7"), "api-tests", Map.of("team", "web"), "default", null,
                Instant.parse("2026-12-07T05:00:00Z"), null, null);
        TestCaseResult failed = test("c", TestCaseStatus.FAILED, false);
        RunSummary summary = new RunSummary(run, RunState.FAILED, new TaskCounts(Map.of(TaskState.FAILED, 1,
                TaskState.PASSED, 2)), Instant.parse("2026-12-07T05:03:00Z"), 100, 3);
        RunReport report = new RunReport(summary, Duration.ofMinutes(3),
                List.of(new StoredTestCase(TaskId.of("r7.1"), "unit", 1, failed)), 2, URI.create("https://dtf/runs/r7"));

        TestRunResult result = TestRunResult.of(report);

        assertEquals(RunId.of("r7"), result.run());
        assertEquals("api-tests", result.name());
        assertEquals(BuildStatus.FAILURE, result.status());
        assertEquals(new TestCounts(100, 97, 3, 0, 0), result.tests());
        assertEquals(List.of(failed), result.failedTests());
        assertEquals(2, result.failedTestsLeftOut());
        assertEquals(Map.of("team", "web"), result.labels());
        assertEquals("97 of 100 tests passed, 3 failed", result.summaryLine());
    }

    @Test
    void everyRunStateHasABuildStatus() {
        for (RunState state : RunState.values()) {
            assertEquals(state.isFinished(), BuildStatus.of(state).isFinal(), state.name());
        }
    }

    @Test
    void theCommentMarkerIsHiddenAndChecked() {
        assertEquals("<!-- dtf:comment:api-tests -->\n## Results", CommentMarker.mark("api-tests", "## Results"));
        assertTrue(CommentMarker.isMarked("api-tests", CommentMarker.mark("api-tests", "x")));
        assertFalse(CommentMarker.isMarked("api", CommentMarker.mark("api-tests", "x")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CommentMarker.of("a -->"));
        assertTrue(bad.getMessage().contains("'a -->'"), bad.getMessage());
    }

    @Test
    void whatAProviderDoesNotImplementFailsAsUnsupported() {
        CIProvider statusOnly = () -> Set.of(CICapability.BUILD_STATUS);
        CIContext context = new CIContext("github", "o/r", "abc", "main", 1, "1", null, Map.of());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> statusOnly.upsertPrComment(context, "k", "x").get());
        ExternalSystemResult result = ((ExternalSystemException) failed.getCause()).result();
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, result.errorCode());
        assertFalse(result.retryable());
        assertTrue(statusOnly.accepts(context));
    }
}
