package io.dtf.connector.testrail.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.Transition;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Finished runs with test-level results in the real store (H2 in memory), as the coordinator leaves them. */
final class StoredRuns implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    /** A run of the main branch, submitted from GitHub Actions. */
    static final CIContext MAIN = new CIContext("github", "acme/shop", "4f2c9e1", "main", null, "1234",
            URI.create("https://github.com/acme/shop/actions/runs/1234"), Map.of());

    final JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", 4);

    /** A run of one task that reported these test cases, finished. */
    RunId run(String name, CIContext ci, TestCaseResult... cases) {
        RunId id = store.nextRunId();
        store.createRun(new TestRun(id, name, Map.of("team", "web"), "default", null, T0, "name: " + name, ci),
                List.of(new Task(TaskId.of(id, 1), id, "tests", "command", Map.of("command", List.of("true")),
                        new Requirements(null, null, 1, null, Set.of(), null, null, null), 0, "default", null,
                        Duration.ofMinutes(10), 0, 0, TaskState.QUEUED, 0, null, T0, null, null, null)));
        Task task = store.task(TaskId.of(id, 1)).orElseThrow();
        Instant at = T0.plusSeconds(5);
        assertTrue(store.transition(Transition.lease(task, new WorkerId("w1"), at)));
        assertTrue(store.transition(Transition.start(new TaskAttempt(task.id(), 1), at)));
        TaskState state = List.of(cases).stream().anyMatch(c -> c.status().isFailure()) ? TaskState.FAILED : TaskState.PASSED;
        assertTrue(store.transition(Transition.finish(new TaskAttempt(task.id(), 1),
                new TaskResult(state, Duration.ofSeconds(1), 0, null, List.of(cases), List.of(), Map.of(), null, null),
                false, at)));
        return id;
    }

    /** A test case of the class LoginTest mapped to a TestRail case by the default property testrail_case_id. */
    static TestCaseResult mapped(String name, TestCaseStatus status, String caseId) {
        return TestRailFixture.mapped(name, status, 1500, caseId);
    }

    /** The run's end, with the id the coordinator gives it ({@code r1:RUN_COMPLETED}). */
    static DtfEvent completed(RunId run) {
        // the report's link is what the coordinator makes of its publicUrl
        RunReport report = new RunReport(null, null, List.of(), 0, URI.create("http://localhost:8181/api/v1/runs/" + run.value()));
        return new DtfEvent(HookType.RUN_COMPLETED, T0, run, null, null, Severity.INFO,
                Map.of(EventData.REPORT.name(), report));
    }

    @Override
    public void close() {
        store.close();
    }
}
