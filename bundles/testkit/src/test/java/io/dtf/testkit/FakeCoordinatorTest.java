package io.dtf.testkit;

import static io.dtf.testkit.TaskBuilder.T0;
import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FakeCoordinatorTest {
    /** A task of run r1 that ended {@code r1.<n>} seconds after T0 with these test cases. */
    private static Task finished(String id, TaskState state, TestCaseStatus... cases) {
        List<TestCaseResult> tests = Arrays.stream(cases).map(status -> new TestCaseResult("suite",
                "org.example.SomeTest", "case", status, Duration.ofMillis(5), null, null, false)).toList();
        Duration took = Duration.ofSeconds(Integer.parseInt(id.substring(id.indexOf('.') + 1)));
        return task().id(id).result(new TaskResult(state, took, 0, null, tests, List.of(), Map.of(), null, null))
                .build();
    }

    @Test
    void countsARunsSummaryFromItsTasks() {
        FakeCoordinator coordinator = new FakeCoordinator();
        RunSummary summary = coordinator.addRun("r1", "nightly",
                finished("r1.1", TaskState.PASSED, TestCaseStatus.PASSED, TestCaseStatus.PASSED),
                finished("r1.2", TaskState.FAILED, TestCaseStatus.FAILED, TestCaseStatus.ERROR, TestCaseStatus.SKIPPED));

        assertEquals(RunState.FAILED, summary.state());
        assertEquals(2, summary.counts().total());
        assertEquals(5, summary.testCases());
        assertEquals(2, summary.failedTestCases());
        assertEquals(T0.plusSeconds(2), summary.finishedAt());
        assertNull(summary.run().plan(), "summaries come without the plan");
        assertEquals("name: nightly\n", coordinator.plan(RunId.of("r1")).orElseThrow());
        assertEquals(2, coordinator.testCases(new TestCaseQuery(RunId.of("r1"), null,
                Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR), null)).size());
    }

    @Test
    void earlierAttemptsShowInQueriesOverEveryAttemptAndInATestsHistory() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addRun("r1", "nightly", finished("r1.1", TaskState.PASSED, TestCaseStatus.PASSED));
        TestCaseResult failed = new TestCaseResult("suite", "org.example.SomeTest", "case", TestCaseStatus.FAILED,
                Duration.ofMillis(9), "boom", null, false);
        coordinator.addEarlierTestCases(new StoredTestCase(TaskId.of("r1.1"), "t", 1, failed, null,
                WorkerId.of("w1"), T0));

        List<StoredTestCase> all = coordinator.testCases(new TestCaseQuery(RunId.of("r1"), null, Set.of(), null, true));
        assertEquals(List.of(TestCaseStatus.FAILED, TestCaseStatus.PASSED),
                all.stream().map(test -> test.result().status()).toList());
        assertEquals(1, coordinator.testCases(new TestCaseQuery(RunId.of("r1"), null, Set.of(), null)).size());
        List<StoredTestCase> history = coordinator.testHistory(TestId.of("org.example.SomeTest", "case"), 10);
        assertEquals(List.of(TestCaseStatus.PASSED, TestCaseStatus.FAILED),
                history.stream().map(test -> test.result().status()).toList(), "newest first");
        SlowTest slowest = coordinator.slowestTests(new SlowestTestsQuery(RunId.of("r1"), 1, 5)).get(0);
        assertEquals(Duration.ofMillis(5), slowest.mean(), "the latest result's, not the failed attempt's");
    }

    @Test
    void aRunningRunHasNoEnd() {
        FakeCoordinator coordinator = new FakeCoordinator();
        RunSummary summary = coordinator.addRun("r1", "nightly", finished("r1.1", TaskState.PASSED),
                task().id("r1.2").build());

        assertEquals(RunState.RUNNING, summary.state());
        assertNull(summary.finishedAt());
    }

    @Test
    void listsRunsNewestFirstByTenantAndPage() {
        FakeCoordinator coordinator = new FakeCoordinator();
        for (int i = 1; i <= 3; i++) {
            coordinator.addRun(new TestRun(RunId.of("r" + i), "run" + i, Map.of(), i == 2 ? "web" : null, null,
                    T0.plusSeconds(i), "name: run" + i));
        }

        assertEquals(List.of("r3", "r2", "r1"), ids(coordinator.runs(RunQuery.all(Page.FIRST))));
        assertEquals(List.of("r2"), ids(coordinator.runs(new RunQuery("web", null))));
        assertEquals(List.of("r2"), ids(coordinator.runs(RunQuery.all(new Page(1, 1)))));
    }

    @Test
    void findsTasksByRunStateAndWorker() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addRun("r1", "a", finished("r1.1", TaskState.PASSED), task().id("r1.2").build());
        coordinator.addRun("r2", "b", task().id("r2.1").build());

        assertEquals(1, coordinator.tasks(new TaskQuery(RunId.of("r1"), Set.of(TaskState.QUEUED), null, null)).size());
        coordinator.putTask(task().id("r2.1").build().withState(TaskState.RUNNING, 1, WorkerId.of("w1")));
        assertEquals(1, coordinator.tasks(new TaskQuery(null, Set.of(), WorkerId.of("w1"), null)).size());
        assertEquals(3, coordinator.tasks(new TaskQuery(null, null, null, null)).size());
    }

    @Test
    void cancelsWhatIsUnfinishedAndRecordsIt() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addRun("r1", "a", finished("r1.1", TaskState.PASSED), task().id("r1.2").build(),
                task().id("r1.3").build());

        assertEquals(2, coordinator.cancel(RunId.of("r1")));
        assertFalse(coordinator.cancel(TaskId.of("r1.2")), "cancelled already");
        assertEquals(TaskState.CANCELLED, coordinator.task(TaskId.of("r1.3")).orElseThrow().state());
        assertEquals(List.of(RunId.of("r1")), coordinator.cancelledRuns());
        assertEquals(List.of(TaskId.of("r1.2")), coordinator.cancelledTasks());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(DtfException.class, () -> coordinator.cancel(RunId.of("r9")))
                .code());
    }

    @Test
    void switchesSchedulersAsTheCoordinatorDoes() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addScheduler(new SchedulerInfo("fifo", true, "io.dtf.coordinator 0.1.0", 0, Map.of()));
        coordinator.addScheduler(new SchedulerInfo("fair-share", false, "io.dtf.scheduler.fairshare 0.1.0", 0,
                Map.of()));

        coordinator.useScheduler("fair-share");

        assertEquals("fair-share", coordinator.activeScheduler());
        DtfException unknown = assertThrows(DtfException.class, () -> coordinator.useScheduler("lifo"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, unknown.code());
        assertEquals("scheduler 'lifo' is not installed (installed: fair-share, fifo)", unknown.getMessage());
    }

    @Test
    void publishesTheRunCompletedEventOfARun() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addRun("r1", "nightly", finished("r1.1", TaskState.FAILED, TestCaseStatus.FAILED));

        DtfEvent event = coordinator.runCompleted(RunId.of("r1"), T0);

        assertEquals(HookType.RUN_COMPLETED, event.type());
        assertEquals(Severity.ERROR, event.severity());
        assertEquals(Map.of("name", "nightly", "state", "FAILED", "tasks", 1, "failedTestCases", 1), event.data());
    }

    @Test
    void refusesASubmissionItHasNoAnswerForAndRecordsIt() {
        FakeCoordinator coordinator = new FakeCoordinator();

        assertEquals(ErrorCode.INVALID_PLAN, assertThrows(DtfException.class,
                () -> coordinator.submit("name: x", "plan.yaml")).code());
        RunSummary accepted = coordinator.addRun("r1", "x");
        coordinator.whenSubmitted((plan, source) -> accepted);
        assertEquals(accepted, coordinator.submit("name: y", "nightly.yaml"));
        assertEquals(List.of(new FakeCoordinator.Submission("name: x", "plan.yaml"),
                new FakeCoordinator.Submission("name: y", "nightly.yaml")), coordinator.submissions());
    }

    @Test
    void recordsTheQueriesAskedOfEachKind() {
        FakeCoordinator coordinator = new FakeCoordinator();
        RunQuery web = new RunQuery("web", new Page(5, 7));
        TaskQuery failed = new TaskQuery(RunId.of("r1"), Set.of(TaskState.FAILED), WorkerId.of("w1"), new Page(0, 3));
        TestCaseQuery ofTask = new TestCaseQuery(null, TaskId.of("r1.1"), Set.of(), null);

        coordinator.runs(web);
        coordinator.tasks(failed);
        coordinator.testCases(ofTask);
        coordinator.runs(RunQuery.all(Page.FIRST));

        assertEquals(List.of(web, RunQuery.all(Page.FIRST)), coordinator.queries(RunQuery.class));
        assertEquals(List.of(failed), coordinator.queries(TaskQuery.class));
        assertEquals(List.of(ofTask), coordinator.queries(TestCaseQuery.class));
    }

    @Test
    void aRunMovesOnOneStepPerRead() {
        FakeCoordinator coordinator = new FakeCoordinator();
        RunId r1 = RunId.of("r1");
        coordinator.addRun("r1", "nightly", task().id("r1.1").build(), task().id("r1.2").build());
        coordinator.progressOnRead(r1);
        coordinator.progressOnRead(r1, task().id("r1.1").build().withState(TaskState.RUNNING, 1, WorkerId.of("w1")));
        coordinator.progressOnRead(r1, finished("r1.1", TaskState.PASSED), finished("r1.2", TaskState.FAILED));

        assertEquals(RunState.QUEUED, coordinator.run(r1).orElseThrow().state());
        assertEquals(RunState.RUNNING, coordinator.run(r1).orElseThrow().state());
        assertEquals(RunState.FAILED, coordinator.run(r1).orElseThrow().state());
        assertEquals(T0.plusSeconds(2), coordinator.run(r1).orElseThrow().finishedAt(), "the last step stays");
        assertEquals(TaskState.FAILED, coordinator.task(TaskId.of("r1.2")).orElseThrow().state());
        assertThrows(IllegalArgumentException.class, () -> coordinator.progressOnRead(r1, task().id("r2.1").build()));
    }

    @Test
    void whatNeedsTheStoreFailsWhileItIsDown() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addRun("r1", "nightly", task().id("r1.1").build());
        coordinator.whenSubmitted((plan, source) -> coordinator.run(RunId.of("r1")).orElseThrow());
        DtfException down = new DtfException(ErrorCode.STORE_UNAVAILABLE, "database is down");

        coordinator.storeFailure(down);

        for (Executable call : List.<Executable>of(() -> coordinator.submit("name: x", "plan.yaml"),
                () -> coordinator.run(RunId.of("r1")), () -> coordinator.runs(RunQuery.all(Page.FIRST)),
                () -> coordinator.plan(RunId.of("r1")), () -> coordinator.task(TaskId.of("r1.1")),
                () -> coordinator.tasks(TaskQuery.ofRun(RunId.of("r1"), Page.FIRST)),
                () -> coordinator.attempts(TaskId.of("r1.1")),
                () -> coordinator.testCases(new TestCaseQuery(RunId.of("r1"), null, Set.of(), null)),
                () -> coordinator.cancel(RunId.of("r1")), () -> coordinator.cancel(TaskId.of("r1.1")))) {
            assertSame(down, assertThrows(DtfException.class, call));
        }
        coordinator.storeFailure(null);
        assertEquals(RunState.QUEUED, coordinator.run(RunId.of("r1")).orElseThrow().state(), "nothing was cancelled");
        assertEquals(List.of(), coordinator.cancelledRuns());
        assertEquals(1, coordinator.submissions().size(), "recorded all the same");
    }

    @Test
    void putsLogsUnderItsLogRoot() {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.logRoot(Path.of("logs"));

        assertEquals(Path.of("logs", "r1", "r1.2-1.log"), coordinator.logFile(new TaskAttempt(TaskId.of("r1.2"), 1)));
        assertTrue(coordinator.workers().isEmpty());
    }

    private static List<String> ids(List<RunSummary> runs) {
        return runs.stream().map(summary -> summary.run().id().value()).toList();
    }
}
