package io.dtf.store.jdbc.impl;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs, tasks and results for the tests, and a store on an H2 file in a temporary folder. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00.123456Z");

    private Fixtures() {
    }

    static String url(Path dir) {
        // async: as the store opens it (Database.h2Url), so that a connection of a test shares the open database
        return "jdbc:h2:async:" + dir.resolve("store").toAbsolutePath().toString().replace('\\', '/');
    }

    static JdbcTaskStore open(Path dir) {
        JdbcTaskStore store = new JdbcTaskStore();
        store.start(url(dir), "sa", "", 8);
        return store;
    }

    static TestRun run(RunId id, String tenant) {
        return new TestRun(id, "plan-" + id, Map.of("branch", "main"), tenant, null, T0, "name: plan-" + id);
    }

    static Task task(RunId run, int index, String tenant) {
        return new Task(TaskId.of(run, index), run, "task-" + index, "command",
                Map.of("command", List.of("echo", String.valueOf(index)), "workdir", "/tmp"),
                new Requirements("linux", null, 2, null, Set.of("x64"), null, null, null), index % 3, tenant,
                null, Duration.ofMinutes(10), 2, 0, TaskState.QUEUED, 0, null, T0, null, null, null);
    }

    static List<Task> tasks(RunId run, int count, String tenant) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(task(run, i, tenant));
        }
        return tasks;
    }

    /** A new run of {@code count} tasks, stored; the tasks as stored. */
    static List<Task> submit(JdbcTaskStore store, int count) {
        RunId id = store.nextRunId();
        return store.createRun(run(id, "default"), tasks(id, count, "default"));
    }

    static TestCaseResult testCase(String name, TestCaseStatus status) {
        return new TestCaseResult("suite", "org.example.ExampleTest", name, status, Duration.ofMillis(12),
                status == TestCaseStatus.PASSED ? null : name + " broke", null, false);
    }

    static TaskResult result(TaskState status, TestCaseResult... cases) {
        return new TaskResult(status, Duration.ofSeconds(3), status == TaskState.PASSED ? 0 : 1, status.name(),
                List.of(cases), List.of("report.xml"), Map.of("cpu", 0.5), "/logs/" + status, "tail " + status);
    }

    static TaskAttempt attempt(Task task, int attempt) {
        return new TaskAttempt(task.id(), attempt);
    }

    /** One number from a query on a connection of its own to the store's database. */
    static long count(Path dir, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(dir), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
