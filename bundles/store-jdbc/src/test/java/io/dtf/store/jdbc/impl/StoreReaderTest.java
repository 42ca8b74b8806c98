package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static io.dtf.store.jdbc.impl.Fixtures.result;
import static io.dtf.store.jdbc.impl.Fixtures.testCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.time.Duration;
import java.util.Map;
import io.dtf.api.task.TestRun;
import org.junit.jupiter.api.Test;

class StoreReaderTest extends StoreTestBase {

    @Test
    void runSummaryCountsStatesAndTheLatestTestCases() {
        List<Task> t = Fixtures.submit(store, 4);
        RunId run = t.get(0).runId();
        RunSummary queued = store.runSummary(run).orElseThrow();
        assertEquals(RunState.QUEUED, queued.state());
        assertEquals(4, queued.counts().get(TaskState.QUEUED));
        assertNull(queued.finishedAt());

        finish(t.get(0), W1, result(TaskState.PASSED, testCase("p1", TestCaseStatus.PASSED)), T0.plusSeconds(1));
        // t1 fails once with two failures (kept but superseded), then fails again with one failure and one error
        finish(t.get(1), W1, result(TaskState.FAILED, testCase("f1", TestCaseStatus.FAILED),
                testCase("f2", TestCaseStatus.FAILED)), T0.plusSeconds(2), true);
        Task retried = store.task(t.get(1).id()).orElseThrow();
        assertTrue(store.transition(Transition.lease(retried, W2, T0.plusSeconds(3))));
        assertTrue(store.transition(Transition.finish(attempt(retried, 2), result(TaskState.FAILED,
                testCase("f1", TestCaseStatus.PASSED), testCase("f2", TestCaseStatus.FAILED),
                testCase("f3", TestCaseStatus.ERROR), testCase("f4", TestCaseStatus.SKIPPED)), false, T0.plusSeconds(9))));
        assertTrue(store.transition(Transition.lease(t.get(2), W2, T0.plusSeconds(4))));

        RunSummary running = store.runSummary(run).orElseThrow();
        assertEquals(RunState.RUNNING, running.state());
        assertEquals(1, running.counts().get(TaskState.PASSED));
        assertEquals(1, running.counts().get(TaskState.FAILED));
        assertEquals(1, running.counts().get(TaskState.LEASED));
        assertEquals(1, running.counts().get(TaskState.QUEUED));
        assertNull(running.finishedAt(), "not every task has finished");
        assertEquals(5, running.testCases(), "one of t0, four of t1's latest attempt");
        assertEquals(2, running.failedTestCases(), "failed and errored, latest attempt only");

        assertTrue(store.transition(Transition.cancel(store.task(t.get(2).id()).orElseThrow(), "stop", T0.plusSeconds(5))));
        assertTrue(store.transition(Transition.cancel(t.get(3), "stop", T0.plusSeconds(6))));
        RunSummary done = store.runSummary(run).orElseThrow();
        assertEquals(RunState.FAILED, done.state());
        assertEquals(T0.plusSeconds(9), done.finishedAt(), "the last finished task");
        TestRun stored = store.run(run).orElseThrow();
        assertEquals("name: plan-r1", stored.plan());
        assertEquals(new TestRun(stored.id(), stored.name(), stored.labels(), stored.tenant(), stored.scheduler(),
                stored.submittedAt(), null), done.run(), "a summary leaves the plan text out");
    }

    @Test
    void runsNewestFirstByTenantAndPage() {
        RunId a = submitRun("web");
        RunId b = submitRun("db");
        RunId c = submitRun("web");

        assertEquals(List.of(c, b, a), ids(store.runs(RunQuery.all(Page.FIRST))));
        assertEquals(List.of(b), ids(store.runs(RunQuery.all(new Page(1, 1)))));
        assertEquals(List.of(c, a), ids(store.runs(new RunQuery("web", null))));
        assertEquals(List.of(a), ids(store.runs(new RunQuery("web", new Page(1, 5)))));
        assertEquals(List.of(), ids(store.runs(new RunQuery("nobody", null))));
        RunSummary summary = store.runs(new RunQuery("db", null)).get(0);
        assertEquals(2, summary.counts().total());
        assertEquals(RunState.QUEUED, summary.state());
    }

    @Test
    void tasksInSubmissionOrderWithFiltersAndPages() {
        List<Task> first = Fixtures.submit(store, 5);
        List<Task> second = Fixtures.submit(store, 3);
        RunId run = first.get(0).runId();
        assertTrue(store.transition(Transition.lease(first.get(1), W1, T0)));
        assertTrue(store.transition(Transition.lease(first.get(3), W2, T0)));
        assertTrue(store.transition(Transition.lease(second.get(0), W1, T0)));
        finish(first.get(4), W1, result(TaskState.PASSED, testCase("x", TestCaseStatus.PASSED)), T0);

        assertEquals(ids(first), taskIds(TaskQuery.ofRun(run, Page.FIRST)));
        assertEquals(ids(first.subList(2, 4)), taskIds(TaskQuery.ofRun(run, new Page(2, 2))));
        assertEquals(List.of(first.get(1).id(), first.get(3).id(), second.get(0).id()),
                taskIds(new TaskQuery(null, Set.of(TaskState.LEASED), null, null)));
        assertEquals(List.of(first.get(1).id(), second.get(0).id()),
                taskIds(new TaskQuery(null, Set.of(TaskState.LEASED), W1, null)));
        assertEquals(List.of(first.get(0).id(), first.get(2).id(), first.get(4).id()),
                taskIds(new TaskQuery(run, Set.of(TaskState.QUEUED, TaskState.PASSED), null, null)));
        assertEquals(8, store.tasks(new TaskQuery(null, null, null, null)).size());

        assertEquals(8, store.countTasks(new TaskQuery(null, null, null, new Page(0, 1))), "counts ignore the page");
        assertEquals(5, store.countTasks(TaskQuery.ofRun(run, null)));
        assertEquals(2, store.countTasks(new TaskQuery(null, Set.of(TaskState.LEASED), W1, null)));
        assertEquals(0, store.countTasks(TaskQuery.ofRun(RunId.of("nope"), null)));

        Task listed = store.tasks(new TaskQuery(run, Set.of(TaskState.PASSED), null, null)).get(0);
        assertEquals(TaskState.PASSED, listed.result().status());
        assertTrue(listed.result().testCases().isEmpty(), "listings leave test cases out");
        assertEquals(1, store.task(listed.id()).orElseThrow().result().testCases().size());
    }

    @Test
    void testCasesOfTheLatestAttemptsWithFiltersAndPages() {
        List<Task> t = Fixtures.submit(store, 3);
        RunId run = t.get(0).runId();
        Fixtures.submit(store, 1); // another run's tasks are not listed
        finish(t.get(1), W1, result(TaskState.FAILED, testCase("b1", TestCaseStatus.PASSED),
                testCase("b2", TestCaseStatus.FAILED), testCase("b3", TestCaseStatus.SKIPPED)), T0);
        finish(t.get(0), W1, result(TaskState.FAILED, testCase("old", TestCaseStatus.FAILED)), T0, true);
        Task retried = store.task(t.get(0).id()).orElseThrow();
        assertTrue(store.transition(Transition.lease(retried, W1, T0)));
        assertTrue(store.transition(Transition.finish(attempt(retried, 2), result(TaskState.FAILED,
                testCase("a1", TestCaseStatus.ERROR), testCase("a2", TestCaseStatus.PASSED)), false, T0)));

        List<StoredTestCase> all = store.testCases(new TestCaseQuery(run, null, null, null));
        assertEquals(List.of("a1", "a2", "b1", "b2", "b3"), names(all), "task order, then report order");
        assertEquals(List.of(2, 2, 1, 1, 1), all.stream().map(StoredTestCase::attempt).toList());
        assertEquals(testCase("b2", TestCaseStatus.FAILED), all.get(3).result());
        assertEquals("task-2", all.get(3).taskName());
        assertEquals(t.get(1).id(), all.get(3).task());

        assertEquals(List.of("a1", "b2"), names(store.testCases(new TestCaseQuery(run, null,
                Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR), null))));
        assertEquals(List.of("b1", "b2", "b3"), names(store.testCases(new TestCaseQuery(null, t.get(1).id(), null, null))));
        assertEquals(List.of("b1", "b2"), names(store.testCases(new TestCaseQuery(run, null, null, new Page(2, 2)))));
        assertEquals(List.of(), names(store.testCases(new TestCaseQuery(null, t.get(2).id(), null, null))));
    }

    @Test
    void unknownIdsFindNothing() {
        assertTrue(store.run(RunId.of("r404")).isEmpty());
        assertTrue(store.runSummary(RunId.of("r404")).isEmpty());
        assertTrue(store.task(TaskId.of("r404.1")).isEmpty());
        assertTrue(store.attempts(TaskId.of("r404.1")).isEmpty());
        assertTrue(store.testCases(new TestCaseQuery(RunId.of("r404"), null, null, null)).isEmpty());
        assertTrue(store.runs(RunQuery.all(null)).isEmpty());
    }

    @Test
    void durationHistoryAveragesThePassedAttemptsOfEachPlanAndTaskName() {
        for (int seconds : new int[] {2, 4, 6}) {
            finish(nightly(), W1, new TaskResult(TaskState.PASSED, Duration.ofSeconds(seconds), 0, null, List.of(),
                    List.of(), Map.of(), null, null), T0.plusSeconds(seconds));
        }
        Task failed = nightly();
        finish(failed, W1, new TaskResult(TaskState.FAILED, Duration.ofSeconds(100), 1, null, List.of(), List.of(),
                Map.of(), null, null), T0.plusSeconds(10));

        assertEquals(Map.of("nightly/task-1", Duration.ofSeconds(4)), store.durationHistory(20),
                "the mean of the passed attempts; failed ones do not count");
        assertEquals(Duration.ofSeconds(5), store.durationHistory(2).get("nightly/task-1"), "the latest two: 6 s, 4 s");
    }

    @Test
    void testClassDurationsAreTheMediansOfEachClassPerRunOverItsLatestRuns() {
        // run 1: A 1 s + 2 s, B 1 s + 5 s in its nested class (counted for B)
        finishRun(0, cases(ms("a.ATest", 1000), ms("a.ATest", 2000), ms("a.BTest", 1000), ms("a.BTest$Nested", 5000)));
        finishRun(10, cases(ms("a.ATest", 5000), ms("a.BTest", 4000)));           // run 2
        finishRun(20, cases(ms("a.ATest", 4000)), cases(ms("a.ATest", 3000)));    // run 3: two tasks ran A, 7 s
        finishRun(30, cases(ms("a.ATest", 100_000)));                             // run 4, the latest

        assertEquals(Map.of("a.ATest", Duration.ofSeconds(7), "a.BTest", Duration.ofSeconds(5)),
                store.testClassDurations(List.of("a.ATest", "a.BTest", "a.NeverRan"), 3),
                "A: median of 100, 7, 5 s (run 1 is not among its latest 3); B: mean of the middle two of 6, 4 s");
        assertEquals(Map.of("a.ATest", Duration.ofSeconds(100)), store.testClassDurations(List.of("a.ATest"), 1));
        assertEquals(Map.of(), store.testClassDurations(List.of(), 3));
    }

    @Test
    void testClassDurationsCountOnlyTheLatestResultOfATask() {
        Task task = Fixtures.submit(store, 1).get(0);
        finish(task, W1, result(TaskState.FAILED, ms("a.ATest", 50_000)), T0, true);
        Task retried = store.task(task.id()).orElseThrow();
        finish(retried, W1, result(TaskState.PASSED, ms("a.ATest", 2000)), T0.plusSeconds(60));

        assertEquals(Map.of("a.ATest", Duration.ofSeconds(2)), store.testClassDurations(List.of("a.ATest"), 5),
                "the first attempt's test cases were superseded");
    }

    @Test
    void testClassDurationsStayFastWithALongHistory() {
        List<String> classes = IntStream.range(0, 200).mapToObj(i -> "big.Class" + i + "Test").toList();
        for (int run = 0; run < 20; run++) {
            List<TestCaseResult> cases = new ArrayList<>();
            for (String c : classes) {
                for (int m = 0; m < 5; m++) {
                    cases.add(ms(c, 10 + run));
                }
            }
            finishRun(run, cases.toArray(TestCaseResult[]::new));
        }
        store.testClassDurations(classes, 11); // warm up
        long start = System.nanoTime();
        Map<String, Duration> durations = store.testClassDurations(classes, 11);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, durations.size());
        assertEquals(Duration.ofMillis(5 * (10 + 14)), durations.get("big.Class7Test"), "median of runs 9 to 19: 14");
        assertTrue(millis < 1000, "200 classes over 20,000 test cases: " + millis + " ms");
    }

    /** One run of a plan "suite" whose tasks each end PASSED with these test cases, at T0 + {@code second}. */
    private void finishRun(int second, TestCaseResult[]... tasks) {
        RunId id = store.nextRunId();
        List<Task> stored = store.createRun(new TestRun(id, "suite", Map.of(), "default", null, T0, "name: suite"),
                Fixtures.tasks(id, tasks.length, "default"));
        for (int i = 0; i < tasks.length; i++) {
            finish(stored.get(i), W1, result(TaskState.PASSED, tasks[i]), T0.plusSeconds(second));
        }
    }

    private static TestCaseResult[] cases(TestCaseResult... cases) {
        return cases;
    }

    private static TestCaseResult ms(String className, long millis) {
        return new TestCaseResult("suite", className, "m" + millis, TestCaseStatus.PASSED, Duration.ofMillis(millis),
                null, null, false);
    }

    /** A run of the plan "nightly" with one task, stored. */
    private Task nightly() {
        RunId id = store.nextRunId();
        TestRun run = new TestRun(id, "nightly", Map.of(), "default", null, T0, "name: nightly");
        return store.createRun(run, Fixtures.tasks(id, 1, "default")).get(0);
    }

    private void finish(Task task, WorkerId worker, TaskResult result, Instant at) {
        finish(task, worker, result, at, false);
    }

    private void finish(Task task, WorkerId worker, TaskResult result, Instant at, boolean retry) {
        assertTrue(store.transition(Transition.lease(task, worker, at)));
        assertTrue(store.transition(Transition.start(attempt(task, task.attempt() + 1), at)));
        assertTrue(store.transition(Transition.finish(attempt(task, task.attempt() + 1), result, retry, at)));
    }

    private RunId submitRun(String tenant) {
        RunId id = store.nextRunId();
        store.createRun(Fixtures.run(id, tenant), Fixtures.tasks(id, 2, tenant));
        return id;
    }

    private List<TaskId> taskIds(TaskQuery query) {
        return ids(store.tasks(query));
    }

    private static List<TaskId> ids(List<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    private static List<RunId> ids(Iterable<RunSummary> runs) {
        List<RunId> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(r.run().id()));
        return ids;
    }

    private static List<String> names(List<StoredTestCase> cases) {
        return cases.stream().map(StoredTestCase::result).map(TestCaseResult::name).toList();
    }
}
