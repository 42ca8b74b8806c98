package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static io.dtf.store.jdbc.impl.Fixtures.count;
import static io.dtf.store.jdbc.impl.Fixtures.result;
import static io.dtf.store.jdbc.impl.Fixtures.testCase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.store.Transition;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JdbcTaskStoreTest extends StoreTestBase {

    @Test
    void runIdsComeFromASequenceThatSurvivesARestart() {
        assertEquals(RunId.of("r1"), store.nextRunId());
        assertEquals(RunId.of("r2"), store.nextRunId());
        store.deactivate();
        store = Fixtures.open(dir);
        assertEquals(RunId.of("r3"), store.nextRunId());
    }

    @Test
    void createdRunReadsBackAsStored() {
        RunId id = store.nextRunId();
        TestRun run = new TestRun(id, "api-tests", Map.of("team", "web", "branch", "main"), "web-team", "fair-share",
                T0, "name: api-tests\ntasks: []\n");
        Task first = new Task(TaskId.of(id, 1), id, "unit", "command",
                Map.of("command", List.of("mvn", "-q", "test"), "env", Map.of("A", "1"), "reports", List.of("*.xml")),
                null, 5, "web-team", Instant.parse("2026-11-27T12:00:00Z"), Duration.ofSeconds(90), 3, 0,
                TaskState.QUEUED, 0, null, T0.plusSeconds(1), null, null, null);
        Task second = Fixtures.task(id, 2, null);

        List<Task> stored = store.createRun(run, List.of(first, second));

        assertEquals(List.of(first.id(), second.id()), stored.stream().map(Task::id).toList());
        assertTrue(stored.get(0).seq() > 0 && stored.get(1).seq() > stored.get(0).seq(), "seq in submission order");
        assertEquals("web-team", stored.get(1).tenant(), "a task without tenant gets the run's");
        assertEquals(run, store.run(id).orElseThrow());
        assertEquals(stored.get(0), store.task(first.id()).orElseThrow());
        assertEquals(stored.get(1), store.task(second.id()).orElseThrow());

        List<Task> next = Fixtures.submit(store, 2);
        assertTrue(next.get(0).seq() > stored.get(1).seq(), "seq increases across runs");
    }

    @Test
    void aFailedCreateRunStoresNothing() {
        List<Task> existing = Fixtures.submit(store, 1);
        RunId id = store.nextRunId();
        Task fresh = Fixtures.task(id, 1, "default");
        // a task whose id is already taken by another run: the insert fails after the run's row went in
        Task clash = new Task(existing.get(0).id(), id, "clash", "command", null, null, 0, "default", null, null, 1,
                0, TaskState.QUEUED, 0, null, T0, null, null, null);

        DtfException e = assertThrows(DtfException.class,
                () -> store.createRun(Fixtures.run(id, "default"), List.of(fresh, clash)));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.code());
        assertTrue(store.run(id).isEmpty());
        assertTrue(store.task(fresh.id()).isEmpty());
    }

    @Test
    void createRunRefusesTasksOfAnotherRun() {
        RunId id = store.nextRunId();
        Task foreign = Fixtures.task(RunId.of("elsewhere"), 1, "default");
        DtfException e = assertThrows(DtfException.class,
                () -> store.createRun(Fixtures.run(id, "default"), List.of(foreign)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(store.run(id).isEmpty());
    }

    @Test
    void retryThenPassKeepsBothAttemptsAndTheirTestCases() throws Exception {
        Task task = Fixtures.submit(store, 1).get(0);
        Instant t = T0.plusSeconds(10);

        assertTrue(store.transition(Transition.lease(task, W1, t)));
        assertTrue(store.transition(Transition.start(attempt(task, 1), t.plusSeconds(1))));
        TaskResult failed = result(TaskState.FAILED, testCase("a", TestCaseStatus.PASSED),
                testCase("b", TestCaseStatus.FAILED));
        assertTrue(store.transition(Transition.finish(attempt(task, 1), failed, true, t.plusSeconds(2))));

        Task requeued = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.QUEUED, requeued.state());
        assertEquals(1, requeued.attempt());
        assertEquals(W1, requeued.worker());
        assertNull(requeued.finishedAt(), "a retry does not finish the task");
        assertEquals(failed, requeued.result());

        assertTrue(store.transition(Transition.lease(requeued, W2, t.plusSeconds(3))));
        Task leased = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.LEASED, leased.state());
        assertEquals(2, leased.attempt());
        assertNull(leased.startedAt(), "the new attempt has not started running");
        assertEquals(List.of("a", "b"), names(store.testCases(new TestCaseQuery(null, task.id(), null, null))),
                "while attempt 2 runs, the test cases are those of attempt 1");

        assertTrue(store.transition(Transition.start(attempt(task, 2), t.plusSeconds(4))));
        TaskResult passed = result(TaskState.PASSED, testCase("a", TestCaseStatus.PASSED),
                testCase("b", TestCaseStatus.PASSED), testCase("c", TestCaseStatus.SKIPPED));
        assertTrue(store.transition(Transition.finish(attempt(task, 2), passed, false, t.plusSeconds(5))));

        Task done = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.PASSED, done.state());
        assertEquals(2, done.attempt());
        assertEquals(W2, done.worker());
        assertEquals(t.plusSeconds(4), done.startedAt());
        assertEquals(t.plusSeconds(5), done.finishedAt());
        assertEquals(passed, done.result());

        List<AttemptRecord> attempts = store.attempts(task.id());
        assertEquals(2, attempts.size());
        assertEquals(new AttemptRecord(attempt(task, 1), W1, TaskState.FAILED, t, t.plusSeconds(2), 1, "FAILED",
                "/logs/FAILED"), attempts.get(0));
        assertEquals(new AttemptRecord(attempt(task, 2), W2, TaskState.PASSED, t.plusSeconds(3), t.plusSeconds(5), 0,
                "PASSED", "/logs/PASSED"), attempts.get(1));

        List<StoredTestCase> cases = store.testCases(new TestCaseQuery(task.runId(), null, null, null));
        assertEquals(List.of("a", "b", "c"), names(cases));
        assertTrue(cases.stream().allMatch(c -> c.attempt() == 2 && c.taskName().equals("task-1")));
        String id = "'" + task.id().value() + "'";
        assertEquals(2, count(dir, "SELECT COUNT(*) FROM test_cases WHERE attempt = 1 AND task_id = " + id),
                "attempt 1's test cases are kept");
        assertEquals(3, count(dir, "SELECT COUNT(*) FROM test_cases WHERE attempt = 2 AND task_id = " + id));
    }

    @Test
    void aPreemptedAttemptIsRecordedAsPreemptedAndSpendsNoneOfTheTasksAttempts() {
        Task task = Fixtures.submit(store, 1).get(0);
        assertTrue(store.transition(Transition.lease(task, W1, T0)));
        assertTrue(store.transition(Transition.start(attempt(task, 1), T0.plusSeconds(1))));
        TaskResult preempted = TaskResult.of(TaskState.ERROR, "preempted to make room for a more urgent task");
        assertTrue(store.transition(Transition.preempt(attempt(task, 1), preempted, T0.plusSeconds(2))));

        Task requeued = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.QUEUED, requeued.state());
        assertEquals(1, requeued.attempt());
        assertEquals(1, requeued.preemptedAttempts());
        assertEquals(0, requeued.attemptsSpent());
        assertTrue(requeued.hasAttemptsLeft(), "maxAttempts 1, and the only attempt was preempted");
        assertFalse(store.transition(Transition.preempt(attempt(task, 1), preempted, T0.plusSeconds(3))),
                "fenced as any end: the attempt is over");

        assertTrue(store.transition(Transition.lease(requeued, W2, T0.plusSeconds(4))));
        assertTrue(store.transition(Transition.finish(attempt(task, 2), result(TaskState.PASSED), false,
                T0.plusSeconds(5))));
        assertEquals(List.of(true, false), store.attempts(task.id()).stream().map(AttemptRecord::preempted).toList());
        assertEquals(preempted.message(), store.attempts(task.id()).get(0).message());
        assertEquals(1, store.task(task.id()).orElseThrow().preemptedAttempts());
    }

    @Test
    void aStaleAttemptChangesNothing() {
        Task task = Fixtures.submit(store, 1).get(0);
        assertTrue(store.transition(Transition.lease(task, W1, T0)));
        assertTrue(store.transition(Transition.start(attempt(task, 1), T0.plusSeconds(1))));
        // worker w1 is lost: the coordinator ends attempt 1 and queues the task again, w2 gets attempt 2
        TaskResult lost = TaskResult.of(TaskState.ERROR, "worker lost");
        assertTrue(store.transition(Transition.finish(attempt(task, 1), lost, true, T0.plusSeconds(2))));
        Task requeued = store.task(task.id()).orElseThrow();
        assertTrue(store.transition(Transition.lease(requeued, W2, T0.plusSeconds(3))));
        Task before = store.task(task.id()).orElseThrow();
        List<AttemptRecord> attemptsBefore = store.attempts(task.id());

        // w1 comes back with its late result for attempt 1
        TaskResult late = result(TaskState.PASSED, testCase("late", TestCaseStatus.PASSED));
        assertFalse(store.transition(Transition.finish(attempt(task, 1), late, false, T0.plusSeconds(4))));
        assertFalse(store.transition(Transition.start(attempt(task, 1), T0.plusSeconds(4))));
        assertFalse(store.transition(Transition.cancel(requeued.withState(TaskState.QUEUED, 0, null), "stale",
                T0.plusSeconds(4))));
        assertFalse(store.transition(Transition.lease(requeued, W1, T0.plusSeconds(4))), "the task is no longer queued");

        assertEquals(before, store.task(task.id()).orElseThrow());
        assertEquals(attemptsBefore, store.attempts(task.id()));
        assertEquals(lost, before.result());
        assertTrue(store.testCases(new TestCaseQuery(null, task.id(), null, null)).isEmpty());
    }

    @Test
    void aResultAfterTheTaskEndedIsRefused() {
        Task task = Fixtures.submit(store, 1).get(0);
        assertTrue(store.transition(Transition.lease(task, W1, T0)));
        assertTrue(store.transition(Transition.cancel(store.task(task.id()).orElseThrow(), "user", T0.plusSeconds(1))));

        TaskResult late = result(TaskState.PASSED);
        assertFalse(store.transition(Transition.finish(attempt(task, 1), late, false, T0.plusSeconds(2))));

        Task cancelled = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals("user", cancelled.result().message());
        assertEquals(TaskState.CANCELLED, store.attempts(task.id()).get(0).state(), "the open attempt ended too");
    }

    @Test
    void cancelWhileQueued() {
        List<Task> tasks = Fixtures.submit(store, 2);
        Task task = tasks.get(0);

        assertTrue(store.transition(Transition.cancel(task, "no longer needed", T0.plusSeconds(5))));

        Task cancelled = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals(0, cancelled.attempt());
        assertEquals(T0.plusSeconds(5), cancelled.finishedAt());
        assertEquals(TaskResult.of(TaskState.CANCELLED, "no longer needed"), cancelled.result());
        assertTrue(store.attempts(task.id()).isEmpty(), "no attempt was made");
        assertFalse(store.transition(Transition.lease(task, W1, T0.plusSeconds(6))), "a cancelled task is not leased");
        assertFalse(store.transition(Transition.cancel(task, "again", T0.plusSeconds(7))));
        assertEquals(RunState.RUNNING, store.runSummary(task.runId()).orElseThrow().state());

        assertTrue(store.transition(Transition.cancel(tasks.get(1), "no longer needed", T0.plusSeconds(8))));
        assertEquals(RunState.CANCELLED, store.runSummary(task.runId()).orElseThrow().state());
    }

    @Test
    void concurrentTransitionsOfOneTaskHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                Task task = Fixtures.submit(store, 1).get(0);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    WorkerId worker = WorkerId.of("w" + i);
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return store.transition(Transition.lease(task, worker, T0));
                    }));
                }
                go.countDown();
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    if (outcomes.get(i).get(30, TimeUnit.SECONDS)) {
                        winners.add(i);
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": winners " + winners);
                Task leased = store.task(task.id()).orElseThrow();
                assertEquals(WorkerId.of("w" + winners.get(0)), leased.worker());
                assertEquals(1, leased.attempt());
                List<AttemptRecord> attempts = store.attempts(task.id());
                assertEquals(1, attempts.size());
                assertEquals(leased.worker(), attempts.get(0).worker());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentBatchesOverTheSameTasksApplyEachTransitionOnce() throws Exception {
        List<Task> tasks = Fixtures.submit(store, 200);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<boolean[]>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                List<Task> order = new ArrayList<>(tasks);
                java.util.Collections.shuffle(order, new java.util.Random(i));
                WorkerId worker = WorkerId.of("w" + i);
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return store.transitionAll(order.stream().map(t -> Transition.lease(t, worker, T0)).toList());
                }));
            }
            go.countDown();
            int applied = 0;
            for (Future<boolean[]> outcome : outcomes) {
                for (boolean b : outcome.get(60, TimeUnit.SECONDS)) {
                    applied += b ? 1 : 0;
                }
            }
            assertEquals(tasks.size(), applied, "every task leased exactly once");
            assertEquals(tasks.size(), count(dir, "SELECT COUNT(*) FROM attempts"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transitionAllOfNothingIsNothing() {
        assertArrayEquals(new boolean[0], store.transitionAll(List.of()));
    }

    @Test
    void urlDefaultsToTheKarafDataFolder() {
        assertEquals("jdbc:h2:file:/opt/karaf/data/dtf/store", JdbcTaskStore.resolveUrl("", "/opt/karaf/data"));
        assertEquals("jdbc:h2:file:./data/dtf/store", JdbcTaskStore.resolveUrl(null, null));
        assertEquals("jdbc:h2:file:/srv/x/dtf/store",
                JdbcTaskStore.resolveUrl("jdbc:h2:file:${karaf.data}/dtf/store", "/srv/x"));
        assertEquals("jdbc:postgresql://db/dtf", JdbcTaskStore.resolveUrl(" jdbc:postgresql://db/dtf ", "/srv/x"));
    }

    @Test
    void theStoreServesNothingOnceClosed() {
        store.deactivate();
        DtfException e = assertThrows(DtfException.class, () -> store.nextRunId());
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.code());
        store = Fixtures.open(dir);
    }

    private static List<String> names(List<StoredTestCase> cases) {
        return cases.stream().map(c -> c.result().name()).toList();
    }
}
