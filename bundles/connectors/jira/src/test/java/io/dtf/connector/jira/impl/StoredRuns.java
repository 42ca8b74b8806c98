package io.dtf.connector.jira.impl;


import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        RunId id = io.dtf.testkit.StoredRuns.submit(store, name, Map.of("team", "web"), ci, 1, T0);
        io.dtf.testkit.StoredRuns.finish(store, TaskId.of(id, 1), T0.plusSeconds(5), cases);
        return id;
    }

    static TestCaseResult failed(String name) {
        return new TestCaseResult("shop", "org.example.ShopTest", name, TestCaseStatus.FAILED, Duration.ofMillis(12),
                name + " broke", "java.lang.AssertionError: " + name + " broke\n\tat org.example.ShopTest(ShopTest.java:7)", false);
    }

    static TestCaseResult passed(String name) {
        return new TestCaseResult("shop", "org.example.ShopTest", name, TestCaseStatus.PASSED, Duration.ofMillis(12),
                null, null, false);
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
