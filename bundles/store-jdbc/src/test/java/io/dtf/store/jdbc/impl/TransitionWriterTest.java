package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static io.dtf.store.jdbc.impl.Fixtures.count;
import static io.dtf.store.jdbc.impl.Fixtures.result;
import static io.dtf.store.jdbc.impl.Fixtures.testCase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.store.Transition;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionWriterTest extends StoreTestBase {

    @Test
    void eachTransitionOfABatchAppliesOnItsOwnTerms() {
        List<Task> t = Fixtures.submit(store, 6);
        assertTrue(store.transition(Transition.lease(t.get(2), W1, T0)));

        boolean[] applied = store.transitionAll(List.of(
                Transition.lease(t.get(0), W1, T0),                        // applies
                new Transition(t.get(1).id(), 7, Set.of(TaskState.QUEUED), TaskState.LEASED, 8, W1, T0,
                        null),                                             // wrong attempt
                Transition.start(attempt(t.get(3), 1), T0),                // t3 is QUEUED, not LEASED
                Transition.cancel(t.get(4), "user", T0),                   // applies
                Transition.lease(t.get(0), W1, T0),                        // t0 is leased by now
                Transition.start(attempt(t.get(2), 1), T0),                // applies
                Transition.lease(t.get(5), W1, T0),                        // applies...
                Transition.start(attempt(t.get(5), 1), T0.plusSeconds(1)), // ...and then this one sees it
                Transition.finish(attempt(t.get(5), 1), result(TaskState.PASSED), false, T0.plusSeconds(2))));

        assertArrayEquals(new boolean[] {true, false, false, true, false, true, true, true, true}, applied);
        assertEquals(List.of(TaskState.LEASED, TaskState.QUEUED, TaskState.RUNNING, TaskState.QUEUED,
                TaskState.CANCELLED, TaskState.PASSED), states(t));
        assertEquals(0, store.task(t.get(1).id()).orElseThrow().attempt());
        assertEquals(T0.plusSeconds(1), store.task(t.get(5).id()).orElseThrow().startedAt());
        assertEquals(3, store.attempts(t.get(0).id()).size() + store.attempts(t.get(2).id()).size()
                + store.attempts(t.get(5).id()).size());
        assertTrue(store.attempts(t.get(1).id()).isEmpty());
    }

    @Test
    void anEndWithoutAStoredStartFillsInTheStartFromTheDurationAndACancelledQueuedTaskHasNone() {
        List<Task> t = Fixtures.submit(store, 3);
        assertTrue(store.transition(Transition.lease(t.get(0), W1, T0)));
        assertTrue(store.transition(Transition.finish(attempt(t.get(0), 1), result(TaskState.PASSED), false,
                T0.plusSeconds(10))));
        assertEquals(T0.plusSeconds(7), store.task(t.get(0).id()).orElseThrow().startedAt(), "the end less 3 s");

        assertTrue(store.transition(Transition.lease(t.get(1), W1, T0)));
        assertTrue(store.transition(Transition.start(attempt(t.get(1), 1), T0.plusSeconds(1))));
        assertTrue(store.transition(Transition.finish(attempt(t.get(1), 1), result(TaskState.PASSED), false,
                T0.plusSeconds(10))));
        assertEquals(T0.plusSeconds(1), store.task(t.get(1).id()).orElseThrow().startedAt(), "a stored start stays");

        assertTrue(store.transition(Transition.cancel(t.get(2), "not needed", T0.plusSeconds(10))));
        assertEquals(null, store.task(t.get(2).id()).orElseThrow().startedAt());
    }

    @Test
    void aFailingBatchAppliesNothing() {
        List<Task> t = Fixtures.submit(store, 2);
        Task before = store.task(t.get(0).id()).orElseThrow();
        WorkerId tooLong = WorkerId.of("w".repeat(300)); // longer than the worker column

        DtfException e = assertThrows(DtfException.class, () -> store.transitionAll(List.of(
                Transition.lease(t.get(0), W1, T0), Transition.lease(t.get(1), tooLong, T0))));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.code());
        assertEquals(before, store.task(t.get(0).id()).orElseThrow(), "the first lease was rolled back");
        assertTrue(store.attempts(t.get(0).id()).isEmpty());
    }

    @Test
    void aTransitionFromNoStateNeverApplies() {
        Task task = Fixtures.submit(store, 1).get(0);
        assertArrayEquals(new boolean[] {false}, store.transitionAll(List.of(
                new Transition(task.id(), 0, Set.of(), TaskState.LEASED, 1, W1, T0, null))));
        assertEquals(TaskState.QUEUED, store.task(task.id()).orElseThrow().state());
    }

    @Test
    void aLeaseMustStartANewAttempt() {
        Task task = Fixtures.submit(store, 1).get(0);
        assertThrows(IllegalArgumentException.class, () -> store.transition(
                new Transition(task.id(), 0, Set.of(TaskState.QUEUED), TaskState.LEASED, 0, W1, T0, null)));
    }

    @Test
    void aResultThatEndsNoAttemptKeepsItsTestCasesApart() throws Exception {
        Task task = Fixtures.submit(store, 1).get(0);
        assertTrue(store.transition(Transition.lease(task, W1, T0)));
        assertTrue(store.transition(Transition.finish(attempt(task, 1),
                result(TaskState.FAILED, testCase("x", TestCaseStatus.FAILED)), true, T0.plusSeconds(1))));
        // the coordinator gives up on the queued task with a result of its own
        Task queued = store.task(task.id()).orElseThrow();
        assertTrue(store.transition(new Transition(task.id(), 1, Set.of(TaskState.QUEUED), TaskState.ERROR, 1, null,
                T0.plusSeconds(2), result(TaskState.ERROR, testCase("y", TestCaseStatus.ERROR)))));

        Task ended = store.task(task.id()).orElseThrow();
        assertEquals(TaskState.ERROR, ended.state());
        assertEquals(List.of("y"), ended.result().testCases().stream().map(c -> c.name()).toList());
        assertEquals(TaskState.FAILED, store.attempts(task.id()).get(0).state(), "attempt 1 keeps its own result");
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM test_cases WHERE attempt = 1"));
        assertEquals(queued.attempt(), ended.attempt());
    }

    /** Not a benchmark with a verdict: it prints the rate of the hot path on this machine. */
    @Test
    void throughputOfBatchedTransitions() {
        int tasks = 6000;
        int batch = 500;
        List<Task> all = new ArrayList<>();
        long createStart = System.nanoTime();
        for (int i = 0; i < tasks / batch; i++) {
            all.addAll(Fixtures.submit(store, batch));
        }
        double createSeconds = (System.nanoTime() - createStart) / 1e9;

        long start = System.nanoTime();
        int transitions = 0;
        for (int from = 0; from < tasks; from += batch) {
            List<Task> chunk = all.subList(from, from + batch);
            transitions += applied(store.transitionAll(chunk.stream().map(t -> Transition.lease(t, W1, T0)).toList()));
            transitions += applied(store.transitionAll(chunk.stream()
                    .map(t -> Transition.start(attempt(t, 1), T0)).toList()));
            transitions += applied(store.transitionAll(chunk.stream().map(t -> Transition.finish(attempt(t, 1),
                    result(TaskState.PASSED, testCase("a", TestCaseStatus.PASSED), testCase("b", TestCaseStatus.PASSED)),
                    false, T0)).toList()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(3 * tasks, transitions);
        assertEquals(tasks, store.countTasks(new TaskQuery(null, Set.of(TaskState.PASSED), null, null)));
        System.out.printf("createRun: %d tasks in %.2f s = %.0f tasks/s; transitionAll (batches of %d, "
                        + "lease+start+finish with 2 test cases): %d in %.2f s = %.0f transitions/s%n",
                tasks, createSeconds, tasks / createSeconds, batch, transitions, seconds, transitions / seconds);
    }

    private List<TaskState> states(List<Task> tasks) {
        return tasks.stream().map(t -> store.task(t.id()).orElseThrow().state()).toList();
    }

    private static int applied(boolean[] applied) {
        int n = 0;
        for (boolean b : applied) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
