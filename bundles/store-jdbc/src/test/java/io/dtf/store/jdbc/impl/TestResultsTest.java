package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.TaskStore;
import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.worker.WorkerId;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Test-level results: every attempt's test cases with properties and output, a test's history, the slowest. */
class TestResultsTest extends StoreTestBase {

    @Test
    void aTestCaseKeepsItsPropertiesInOrderAndItsOutput() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("testrail_case_id", "C1234");
        properties.put("jira", "DTF-7");
        properties.put("attachment", "shot.png");
        TestCaseResult login = new TestCaseResult("suite", "org.example.LoginTest", "logsIn[chrome]",
                TestCaseStatus.FAILED, Duration.ofMillis(40), "expected 200", "java.lang.AssertionError: expected 200",
                false, properties, "GET /login\n", "warning: slow\n");
        Task task = Fixtures.submit(store, 1).get(0);
        run(task, W1, T0, false, login);

        StoredTestCase stored = store.testCases(new TestCaseQuery(task.runId(), null, Set.of(), null)).get(0);
        assertEquals(login, stored.result());
        assertEquals(List.of("testrail_case_id", "jira", "attachment"), List.copyOf(stored.result().properties().keySet()));
        assertEquals(TestId.of("org.example.LoginTest", "logsIn[chrome]"), stored.test());
        assertEquals(W1, stored.worker());
        assertEquals(T0, stored.finishedAt());
        assertEquals(login, store.task(task.id()).orElseThrow().result().testCases().get(0));
    }

    @Test
    void aRunsTestsWithEveryAttemptShowATestThatFailedThenPassedOnTheRetry() {
        Task task = Fixtures.submit(store, 1).get(0);
        run(task, W1, T0, true, test("b", TestCaseStatus.PASSED, 5), test("a", TestCaseStatus.FAILED, 7));
        run(task, W2, T0.plusSeconds(10), false, test("b", TestCaseStatus.PASSED, 6), test("a", TestCaseStatus.PASSED, 8));

        List<StoredTestCase> all = store.testCases(new TestCaseQuery(task.runId(), null, Set.of(), null, true));
        assertEquals(List.of("a@1 FAILED w1", "a@2 PASSED w2", "b@1 PASSED w1", "b@2 PASSED w2"), describe(all));
        List<StoredTestCase> latest = store.testCases(new TestCaseQuery(task.runId(), null, Set.of(), null));
        assertEquals(List.of("b@2 PASSED w2", "a@2 PASSED w2"), describe(latest));
        List<StoredTestCase> failed = store.testCases(new TestCaseQuery(task.runId(), null,
                Set.of(TestCaseStatus.FAILED), new Page(0, 10), true));
        assertEquals(List.of("a@1 FAILED w1"), describe(failed));
    }

    @Test
    void aTestsHistoryIsItsLatestOutcomesAcrossRunsNewestFirst() {
        TestCaseStatus[] outcomes = {TestCaseStatus.PASSED, TestCaseStatus.FAILED, TestCaseStatus.PASSED};
        List<RunId> runs = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            Task task = Fixtures.submit(store, 1).get(0);
            runs.add(task.runId());
            run(task, i % 2 == 0 ? W1 : W2, T0.plusSeconds(i), false, test("a", outcomes[i], 1),
                    test("other", TestCaseStatus.PASSED, 1));
        }
        TestId a = TestId.of("org.example.ExampleTest", "a");

        List<StoredTestCase> history = store.testHistory(a, 2);
        assertEquals(List.of(runs.get(2), runs.get(1)), history.stream().map(h -> h.task().runId()).toList());
        assertEquals(List.of(TestCaseStatus.PASSED, TestCaseStatus.FAILED),
                history.stream().map(h -> h.result().status()).toList());
        assertEquals(List.of(T0.plusSeconds(2), T0.plusSeconds(1)), history.stream().map(StoredTestCase::finishedAt).toList());
        assertEquals(List.of(W1, W2), history.stream().map(StoredTestCase::worker).toList());
        assertEquals(3, store.testHistory(a, 10).size());
        assertEquals(List.of(), store.testHistory(TestId.of("org.example.ExampleTest", "never"), 10));
    }

    @Test
    void theOutcomesOfTestsBeforeARunAreTheirLatestInAnotherRunInOneQueryAsTheDefaultAnswersFromHistory() {
        Task first = Fixtures.submit(store, 1).get(0);
        run(first, W1, T0, false, test("a", TestCaseStatus.PASSED, 1), test("b", TestCaseStatus.FAILED, 1));
        Task second = Fixtures.submit(store, 1).get(0);
        run(second, W1, T0.plusSeconds(1), true, test("a", TestCaseStatus.PASSED, 1));
        run(second, W2, T0.plusSeconds(2), false, test("a", TestCaseStatus.FAILED, 1));
        Task third = Fixtures.submit(store, 1).get(0);
        run(third, W1, T0.plusSeconds(3), false, test("a", TestCaseStatus.PASSED, 1), test("b", TestCaseStatus.FAILED, 1),
                test("c", TestCaseStatus.FAILED, 1));
        TestId a = TestId.of("org.example.ExampleTest", "a");
        TestId b = TestId.of("org.example.ExampleTest", "b");
        TestId c = TestId.of("org.example.ExampleTest", "c");

        Map<TestId, StoredTestCase> before = store.previousOutcomes(List.of(a, b, c, a), third.runId());
        assertEquals(Set.of(a, b), before.keySet(), "c never ran in another run");
        assertEquals(List.of(second.runId(), W2, TestCaseStatus.FAILED, 2), List.of(before.get(a).task().runId(),
                before.get(a).worker(), before.get(a).result().status(), before.get(a).attempt()),
                "a's latest outcome outside the third run: the second run's retry");
        assertEquals(first.runId(), before.get(b).task().runId());
        assertEquals(TestCaseStatus.PASSED, store.previousOutcomes(List.of(a), second.runId()).get(a).result().status());
        assertEquals(Map.of(), store.previousOutcomes(List.of(), third.runId()));

        TaskStore historyOnly = (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(),
                new Class<?>[] {TaskStore.class}, (proxy, method, args) -> method.getName().equals("previousOutcomes")
                        ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(store, args));
        assertEquals(before, historyOnly.previousOutcomes(List.of(a, b, c), third.runId()));

        Map<TestId, TestCaseStatus> statuses = store.previousStatuses(List.of(a, b, c, a), third.runId());
        assertEquals(Map.of(a, TestCaseStatus.FAILED, b, TestCaseStatus.FAILED), statuses, "from the index alone");
        assertEquals(Map.of(a, TestCaseStatus.PASSED), store.previousStatuses(List.of(a), second.runId()));
        assertEquals(statuses, historyOnly.previousStatuses(List.of(a, b, c), third.runId()), "as the default answers");
    }

    @Test
    void theLatestTestCasesOfManyTasksInOneQueryAreWhatEachTasksQueryGives() {
        List<Task> tasks = Fixtures.submit(store, 3);
        run(tasks.get(0), W1, T0, true, test("a", TestCaseStatus.FAILED, 1), test("b", TestCaseStatus.FAILED, 1));
        run(tasks.get(0), W2, T0.plusSeconds(1), false, test("b", TestCaseStatus.ERROR, 1),
                test("a", TestCaseStatus.PASSED, 1), test("c", TestCaseStatus.FAILED, 1));
        run(tasks.get(1), W1, T0, false, test("d", TestCaseStatus.PASSED, 1));
        run(tasks.get(2), W1, T0, false, test("e", TestCaseStatus.FAILED, 1));
        Set<TestCaseStatus> failures = Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR);
        List<TaskId> ids = List.of(tasks.get(2).id(), tasks.get(1).id(), tasks.get(0).id());

        Map<TaskId, List<StoredTestCase>> failed = store.latestTestCases(ids, failures);
        assertEquals(Set.of(tasks.get(0).id(), tasks.get(2).id()), failed.keySet(), "the second task failed no test");
        assertEquals(List.of("b@2 ERROR w2", "c@2 FAILED w2"), describe(failed.get(tasks.get(0).id())),
                "the latest result's failures, in report order");
        assertEquals(List.of("e@1 FAILED w1"), describe(failed.get(tasks.get(2).id())));
        assertEquals(3, store.latestTestCases(ids, Set.of()).size());

        TaskStore perTask = (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(),
                new Class<?>[] {TaskStore.class}, (proxy, method, args) -> method.getName().equals("latestTestCases")
                        ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(store, args));
        assertEquals(failed, perTask.latestTestCases(ids, failures));
    }

    @Test
    void theSlowestTestsOfARunAndOfTheLatestRunsBySlowestMean() {
        Task first = Fixtures.submit(store, 1).get(0);
        run(first, W1, T0, false, test("fast", TestCaseStatus.PASSED, 10), test("slow", TestCaseStatus.PASSED, 300),
                test("middle", TestCaseStatus.PASSED, 100));
        Task second = Fixtures.submit(store, 1).get(0);
        run(second, W1, T0.plusSeconds(1), true, test("fast", TestCaseStatus.FAILED, 9_000));
        run(second, W1, T0.plusSeconds(2), false, test("fast", TestCaseStatus.PASSED, 30),
                test("slow", TestCaseStatus.PASSED, 100));

        assertEquals(List.of("slow 300/300 x1", "middle 100/100 x1"),
                describe(store.slowestTests(new SlowestTestsQuery(first.runId(), 1, 2))));
        assertEquals(List.of("slow 200/300 x2", "middle 100/100 x1", "fast 20/30 x2"),
                describe(store.slowestTests(new SlowestTestsQuery(null, 20, 10))),
                "the failed first attempt of 'fast' (9 s) is not its task's result");
        assertEquals(List.of("slow 100/100 x1", "fast 30/30 x1"),
                describe(store.slowestTests(new SlowestTestsQuery(null, 1, 10))));
    }

    @Test
    void testCasesStoredBeforeSchema6GetTheirIdsFromTheBackfillInBatches() {
        Task task = Fixtures.submit(store, 1).get(0);
        run(task, W1, T0, false, test("a", TestCaseStatus.PASSED, 1), test("b", TestCaseStatus.PASSED, 1),
                test("c", TestCaseStatus.PASSED, 1));
        Database db = store.database();
        db.inTransaction("forgetting ids", c -> c.createStatement().executeUpdate("UPDATE test_cases SET test_id = NULL"));
        assertEquals(List.of(), store.testHistory(TestId.of("org.example.ExampleTest", "b"), 5));
        assertEquals(3, new TestIdBackfill(db, 2).fill());
        assertEquals(0, new TestIdBackfill(db, 2).fill());
        assertEquals(1, store.testHistory(TestId.of("org.example.ExampleTest", "b"), 5).size());
    }

    @Test
    void theOutputKeptIsBoundedToItsHeadAndTail() {
        String out = "first line\n" + "x".repeat(100_000) + "\nlast line";
        TestCaseResult noisy = new TestCaseResult("suite", "C", "noisy", TestCaseStatus.PASSED, Duration.ZERO, null,
                null, false, Map.of(), out, null);
        assertEquals(TestCaseResult.OUTPUT_LIMIT, noisy.systemOut().length());
        assertTrue(noisy.systemOut().startsWith("first line\n"), noisy.systemOut().substring(0, 20));
        assertTrue(noisy.systemOut().endsWith("\nlast line"));
        assertTrue(noisy.systemOut().contains("100021 characters, the middle left out"));
        assertNull(noisy.systemErr());
        assertEquals(noisy, new TestCaseResult("suite", "C", "noisy", TestCaseStatus.PASSED, Duration.ZERO, null,
                null, false, Map.of(), noisy.systemOut(), null), "an excerpt of an excerpt is the same");
    }

    /** One attempt of the task as it is now: leased, started and ended with these test cases at {@code at}. */
    private void run(Task task, WorkerId worker, Instant at, boolean retry, TestCaseResult... cases) {
        Task now = store.task(task.id()).orElseThrow();
        int attempt = now.attempt() + 1;
        assertTrue(store.transition(Transition.lease(now, worker, at)));
        assertTrue(store.transition(Transition.start(attempt(now, attempt), at)));
        TaskState status = List.of(cases).stream().anyMatch(c -> c.status().isFailure()) ? TaskState.FAILED
                : TaskState.PASSED;
        TaskResult result = new TaskResult(status, Duration.ofSeconds(1), 0, null, List.of(cases), List.of(),
                Map.of(), null, null);
        assertTrue(store.transition(Transition.finish(attempt(now, attempt), result, retry, at)));
    }

    static TestCaseResult test(String name, TestCaseStatus status, long millis) {
        return new TestCaseResult("suite", "org.example.ExampleTest", name, status, Duration.ofMillis(millis),
                status.isFailure() ? name + " broke" : null, null, false);
    }

    private static List<String> describe(List<StoredTestCase> cases) {
        return cases.stream().map(c -> c.result().name() + "@" + c.attempt() + " " + c.result().status() + " "
                + c.worker()).toList();
    }

    private static List<String> describe(Iterable<SlowTest> tests) {
        List<String> lines = new ArrayList<>();
        tests.forEach(t -> lines.add(t.name() + " " + t.mean().toMillis() + "/" + t.max().toMillis() + " x"
                + t.executions()));
        return lines;
    }
}
