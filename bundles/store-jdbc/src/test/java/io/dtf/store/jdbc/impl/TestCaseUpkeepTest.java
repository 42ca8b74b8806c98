package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.Transition;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class TestCaseUpkeepTest extends StoreTestBase {

    @Test
    void givesOldRowsTheirIdsAtOnceAndPurgesOnItsOwnThreadAtEachInterval() throws Exception {
        Task old = finish(Fixtures.submit(store, 1).get(0));
        Task latest = finish(Fixtures.submit(store, 1).get(0));
        Database db = store.database();
        db.inTransaction("forgetting ids", c -> c.createStatement().executeUpdate("UPDATE test_cases SET test_id = NULL"));

        try (TestCaseUpkeep upkeep = new TestCaseUpkeep(new TestIdBackfill(db, 1), new TestCaseRetention(db,
                new TestCaseRetention.Policy(null, 1), 1, Clock.systemUTC()), Duration.ofMillis(20))) {
            awaitTrue(() -> count("SELECT COUNT(*) FROM test_cases WHERE test_id IS NULL") == 0
                    && count("SELECT COUNT(*) FROM test_cases WHERE task_id = '" + old.id() + "'") == 0);
        }
        assertEquals(2, count("SELECT COUNT(*) FROM test_cases WHERE task_id = '" + latest.id() + "'"),
                "the latest run keeps its test cases");
    }

    private Task finish(Task task) {
        assertTrue(store.transition(Transition.lease(task, W1, T0)));
        assertTrue(store.transition(Transition.finish(attempt(task, 1), new TaskResult(TaskState.PASSED,
                Duration.ofSeconds(1), 0, null, List.of(TestResultsTest.test("a", TestCaseStatus.PASSED, 1),
                TestResultsTest.test("b", TestCaseStatus.PASSED, 2)), List.of(), Map.of(), null, null), false, T0)));
        return task;
    }

    private long count(String sql) {
        try {
            return Fixtures.count(dir, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds, for at most 10 s. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not done within 10 s");
            Thread.sleep(10);
        }
    }
}
