package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCaseRetentionTest extends StoreTestBase {
    private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC);

    @Test
    void keepsOnlyTheTestCasesOfTheLatestRunsInBatchesOfAtMostTheBatchSize() throws Exception {
        RunId oldest = finishedRun(T0, 5);
        RunId older = finishedRun(T0, 3);
        RunId latest = finishedRun(T0, 4);

        TestCaseRetention retention = retention(new TestCaseRetention.Policy(null, 1), 2);
        TestCaseRetention.Purged purged = retention.purge();

        assertEquals(8, purged.testCases());
        assertEquals(2, purged.runs());
        assertEquals(5, purged.batches(), "5 test cases in 3 batches of at most 2, 3 in 2");
        assertEquals(0, testCasesOf(oldest));
        assertEquals(0, testCasesOf(older));
        assertEquals(4, testCasesOf(latest));
        assertEquals(3, Fixtures.count(dir, "SELECT COUNT(*) FROM tasks"), "runs and tasks stay");
        assertEquals(0, retention.purge().testCases(), "a second pass finds nothing more");
    }

    @Test
    void purgesTheTestCasesOfRunsOlderThanTheAgeButNotOfARunStillUnderWay() throws Exception {
        RunId old = finishedRun(T0, 2);
        RunId unfinished = store.nextRunId();
        store.createRun(new TestRun(unfinished, "p", Map.of(), "default", null, T0, "name: p"),
                Fixtures.tasks(unfinished, 2, "default"));
        List<Task> tasks = store.tasks(new TaskQuery(unfinished, null, null, null));
        end(tasks.get(0), T0, 3);
        RunId recent = finishedRun(NOW.instant().minus(Duration.ofDays(1)), 2);

        TestCaseRetention retention = retention(new TestCaseRetention.Policy(Duration.ofDays(7), 0), 100);
        assertEquals(2, retention.purge().testCases());
        assertEquals(0, testCasesOf(old));
        assertEquals(3, testCasesOf(unfinished), "its other task has not finished");
        assertEquals(2, testCasesOf(recent));

        end(tasks.get(1), T0, 1);
        assertEquals(4, retention.purge().testCases(), "once finished, the run is looked at again");
        assertEquals(0, testCasesOf(unfinished));
    }

    @Test
    void aPolicyThatKeepsAllPurgesNothing() throws Exception {
        finishedRun(T0, 2);
        assertEquals(0, retention(new TestCaseRetention.Policy(Duration.ZERO, 0), 10).purge().testCases());
        assertEquals(2, Fixtures.count(dir, "SELECT COUNT(*) FROM test_cases"));
    }

    private TestCaseRetention retention(TestCaseRetention.Policy policy, int batchRows) {
        return new TestCaseRetention(store.database(), policy, batchRows, NOW);
    }

    /** A run submitted at {@code submitted} whose one task passed with {@code cases} test cases. */
    private RunId finishedRun(Instant submitted, int cases) {
        RunId id = store.nextRunId();
        List<Task> tasks = store.createRun(new TestRun(id, "p", Map.of(), "default", null, submitted, "name: p"),
                Fixtures.tasks(id, 1, "default"));
        end(tasks.get(0), submitted, cases);
        return id;
    }

    private void end(Task task, Instant at, int cases) {
        List<TestCaseResult> results = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            results.add(TestResultsTest.test("t" + i, TestCaseStatus.PASSED, 1));
        }
        assertTrue(store.transition(Transition.lease(task, W1, at)));
        assertTrue(store.transition(Transition.finish(attempt(task, 1), new TaskResult(TaskState.PASSED,
                Duration.ofSeconds(1), 0, null, results, List.of(), Map.of(), null, null), false, at)));
    }

    private long testCasesOf(RunId run) throws Exception {
        return Fixtures.count(dir, "SELECT COUNT(*) FROM test_cases WHERE task_id LIKE '" + run + ".%'");
    }
}
