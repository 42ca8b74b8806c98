package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static io.dtf.store.jdbc.impl.Fixtures.result;
import static io.dtf.store.jdbc.impl.Fixtures.testCase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store on a real PostgreSQL, in a schema of its own that is dropped afterwards. Runs only when
 * {@code DTF_TEST_POSTGRES_URL} names a database, e.g.
 * {@code jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret}.
 */
@EnabledIfEnvironmentVariable(named = "DTF_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresSourceTest {
    private static final String BASE = System.getenv("DTF_TEST_POSTGRES_URL");
    private static final WorkerId W = WorkerId.of("w1");

    private final String schema = "dtf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private String url;
    private JdbcTaskStore store;

    @BeforeEach
    void createSchema() throws Exception {
        admin("CREATE SCHEMA " + schema);
        url = BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        store = new JdbcTaskStore();
        store.start(url, "", "", 4);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (store != null) {
            store.deactivate();
        }
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void migratesOnceWithThePostgresDialect() {
        Database db = Database.open(url, "", "", 1);
        try {
            assertEquals(Dialect.POSTGRESQL, db.dialect());
            assertEquals(List.of(), Migrations.migrate(db), "the store's start applied everything");
        } finally {
            db.shutdown();
        }
    }

    @Test
    void everyOperationWorks() {
        assertEquals(RunId.of("r1"), store.nextRunId());
        List<Task> t = Fixtures.submit(store, 4);
        RunId run = t.get(0).runId();
        assertEquals(RunId.of("r2"), run);
        assertTrue(t.get(3).seq() > t.get(0).seq());
        assertEquals(t.get(1), store.task(t.get(1).id()).orElseThrow());
        assertEquals(Fixtures.run(run, "default"), store.run(run).orElseThrow());

        boolean[] applied = store.transitionAll(List.of(Transition.lease(t.get(0), W, T0),
                Transition.lease(t.get(1), W, T0), Transition.lease(t.get(0), W, T0),
                Transition.start(attempt(t.get(1), 1), T0), Transition.cancel(t.get(3), "no", T0)));
        assertArrayEquals(new boolean[] {true, true, false, true, true}, applied);
        assertTrue(store.transition(Transition.finish(attempt(t.get(0), 1),
                result(TaskState.FAILED, testCase("a", TestCaseStatus.FAILED)), true, T0.plusSeconds(1))));
        Task retried = store.task(t.get(0).id()).orElseThrow();
        assertTrue(store.transition(Transition.lease(retried, W, T0.plusSeconds(2))));
        assertTrue(store.transition(Transition.finish(attempt(t.get(0), 2), result(TaskState.PASSED,
                testCase("a", TestCaseStatus.PASSED), testCase("b", TestCaseStatus.ERROR)), false, T0.plusSeconds(3))));
        assertEquals(false, store.transition(Transition.finish(attempt(t.get(0), 1), result(TaskState.PASSED), false, T0)));

        assertEquals(2, store.attempts(t.get(0).id()).size());
        assertEquals(2, store.task(t.get(0).id()).orElseThrow().result().testCases().size());
        assertEquals(List.of("b"), store.testCases(new TestCaseQuery(run, null, Set.of(TestCaseStatus.ERROR),
                new Page(0, 10))).stream().map(c -> c.result().name()).toList());
        assertEquals(List.of(t.get(2).id()), store.tasks(new TaskQuery(run, Set.of(TaskState.QUEUED), null,
                new Page(0, 10))).stream().map(Task::id).toList());
        assertEquals(1, store.countTasks(new TaskQuery(null, Set.of(TaskState.RUNNING), W, null)));

        RunSummary summary = store.runSummary(run).orElseThrow();
        assertEquals(RunState.RUNNING, summary.state());
        assertEquals(2, summary.testCases());
        assertEquals(1, summary.failedTestCases());
        List<Task> newer = Fixtures.submit(store, 1);
        assertEquals(List.of(newer.get(0).runId(), run), store.runs(RunQuery.all(new Page(0, 5))).stream()
                .map(s -> s.run().id()).toList());
    }

    @Test
    void concurrentLeasesHaveOneWinner() throws Exception {
        Task task = Fixtures.submit(store, 1).get(0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WorkerId worker = WorkerId.of("w" + i);
                outcomes.add(pool.submit(() -> store.transition(Transition.lease(task, worker, T0))));
            }
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, winners);
            assertEquals(1, store.attempts(task.id()).size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
