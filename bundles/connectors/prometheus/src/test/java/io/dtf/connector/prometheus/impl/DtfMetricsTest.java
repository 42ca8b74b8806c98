package io.dtf.connector.prometheus.impl;

import static io.dtf.connector.prometheus.impl.MetricsFixture.attemptEnd;
import static io.dtf.connector.prometheus.impl.MetricsFixture.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.task.RunId;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerState;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import io.dtf.testkit.TaskBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DTF's metrics as the text format shows them: fed by events, read from the services at each scrape. */
class DtfMetricsTest {
    private final FakeCoordinator coordinator = new FakeCoordinator();
    private final FakePluginRegistry plugins = new FakePluginRegistry();
    private final DtfMetrics metrics = new DtfMetrics(coordinator,
            MetricsFixture.store(state -> (long) state.ordinal() * 10), plugins, MetricsFixture.metricsConfig());

    private TextFormat scrape(DtfMetrics source) {
        return TextFormat.parse(new String(Exposition.text().bytes(source.scrape()), StandardCharsets.UTF_8));
    }

    @Test
    void anEndedAttemptIsItsTasksDurationAndItsTestCasesDurationsByTypeAndStatus() {
        TaskResult result = new TaskResult(TaskState.FAILED, Duration.ofMillis(2500), 1, "1 test failed",
                List.of(new TestCaseResult("s", "org.example.A", "fast", TestCaseStatus.PASSED, Duration.ofMillis(20),
                                null, null, false),
                        new TestCaseResult("s", "org.example.A", "slow", TestCaseStatus.FAILED, Duration.ofMillis(300),
                                "boom", null, false)),
                List.of(), Map.of(), null, null);
        coordinator.addRun("r1", "nightly", TaskBuilder.task().id("r1.1").type("junit").result(result).build());

        metrics.on(attemptEnd(HookType.TASK_FAILED, "r1.1", 1, TaskState.FAILED));

        TextFormat text = scrape(metrics);
        assertEquals(1, text.value("dtf_task_attempts_total{outcome=\"failed\"}"));
        assertEquals(1, text.value("dtf_task_duration_seconds_count{outcome=\"failed\",type=\"junit\"}"));
        assertEquals(2.5, text.value("dtf_task_duration_seconds_sum{outcome=\"failed\",type=\"junit\"}"), 1e-9);
        assertEquals(0, text.value("dtf_task_duration_seconds_bucket{le=\"1.0\",outcome=\"failed\",type=\"junit\"}"));
        assertEquals(1, text.value("dtf_task_duration_seconds_bucket{le=\"5.0\",outcome=\"failed\",type=\"junit\"}"));
        assertEquals(1, text.value("dtf_test_duration_seconds_bucket{le=\"0.025\",status=\"passed\"}"));
        assertEquals(0, text.value("dtf_test_duration_seconds_bucket{le=\"0.25\",status=\"failed\"}"));
        assertEquals(1, text.value("dtf_test_duration_seconds_bucket{le=\"0.5\",status=\"failed\"}"));
        assertEquals(0.3, text.value("dtf_test_duration_seconds_sum{status=\"failed\"}"), 1e-9);
    }

    @Test
    void anEndedAttemptWhoseEventCarriesItsTypeAndDurationIsMeasuredFromTheEventAndItsOwnTestCases() {
        TaskResult later = new TaskResult(TaskState.PASSED, Duration.ofSeconds(9), 0, null,
                List.of(new TestCaseResult("s", "org.example.A", "slow", TestCaseStatus.PASSED, Duration.ofSeconds(4),
                        null, null, false)), List.of(), Map.of(), null, null);
        coordinator.addRun("r1", "nightly", TaskBuilder.task().id("r1.1").type("command").result(later).build()
                .withState(TaskState.PASSED, 2, null));
        coordinator.addEarlierTestCases(new StoredTestCase(TaskId.of("r1.1"), "t", 1, new TestCaseResult("s",
                "org.example.A", "slow", TestCaseStatus.FAILED, Duration.ofMillis(300), "boom", null, false),
                null, null, null));

        metrics.on(attemptEnd(HookType.TASK_RETRIED, "r1.1", 1, TaskState.FAILED, "junit", Duration.ofMillis(2500), 1));

        TextFormat text = scrape(metrics);
        assertEquals(1, text.value("dtf_task_duration_seconds_count{outcome=\"failed\",type=\"junit\"}"));
        assertEquals(2.5, text.value("dtf_task_duration_seconds_sum{outcome=\"failed\",type=\"junit\"}"), 1e-9);
        assertEquals(0.3, text.value("dtf_test_duration_seconds_sum{status=\"failed\"}"), 1e-9);
        assertFalse(text.samples.containsKey("dtf_test_duration_seconds_count{status=\"passed\"}"),
                "the test cases of the attempt that ended, not of the task's latest");
    }

    @Test
    void anEndedAttemptThatReportedNoTestCasesReadsNothing() {
        metrics.on(attemptEnd(HookType.TASK_COMPLETED, "r1.1", 1, TaskState.PASSED, "command", Duration.ofMillis(40), 0));

        TextFormat text = scrape(metrics);
        assertEquals(1, text.value("dtf_task_duration_seconds_bucket{le=\"0.05\",outcome=\"passed\",type=\"command\"}"));
        assertEquals(List.of(), coordinator.queries(TestCaseQuery.class));
    }

    @Test
    void anAttemptWhoseTaskMovedOnToTheNextIsCountedButItsDurationIsNotTakenFromTheNextOne() {
        TaskResult second = TaskResult.of(TaskState.PASSED, null);
        coordinator.addRun("r1", "nightly", TaskBuilder.task().id("r1.1").result(second).build()
                .withState(TaskState.PASSED, 2, null));

        metrics.on(attemptEnd(HookType.TASK_RETRIED, "r1.1", 1, TaskState.FAILED));
        metrics.on(attemptEnd(HookType.TASK_COMPLETED, "r1.1", 2, TaskState.PASSED));

        TextFormat text = scrape(metrics);
        assertEquals(1, text.value("dtf_task_attempts_total{outcome=\"retried\"}"));
        assertEquals(1, text.value("dtf_task_attempts_total{outcome=\"passed\"}"));
        assertEquals(1, text.value("dtf_task_duration_seconds_count{outcome=\"passed\",type=\"command\"}"));
        assertFalse(text.samples.containsKey("dtf_task_duration_seconds_count{outcome=\"failed\",type=\"command\"}"));
    }

    @Test
    void queueTasksWorkersAndPluginsAreReadAtEachScrape() {
        coordinator.addWorker(worker("w1", WorkerState.BUSY, 2, 1));
        coordinator.addWorker(worker("w2", WorkerState.IDLE, 4, 0));
        coordinator.addWorker(worker("w3", WorkerState.LOST, 8, 3));
        plugins.add(new PluginInfo("io.dtf.ci.reports", "1.0.0", PluginType.INTEGRATION, 42, PluginState.ACTIVE, 120, 3, 1,
                null, List.of()));

        TextFormat text = scrape(metrics);
        assertEquals(0, text.value("dtf_queue_depth"));
        assertEquals(20, text.value("dtf_tasks{state=\"running\"}"));
        assertEquals(70, text.value("dtf_tasks{state=\"cancelled\"}"));
        assertEquals(1, text.value("dtf_workers{state=\"busy\"}"));
        assertEquals(1, text.value("dtf_workers{state=\"idle\"}"));
        assertEquals(0, text.value("dtf_workers{state=\"draining\"}"));
        assertEquals(1, text.value("dtf_workers{state=\"lost\"}"));
        assertEquals(1, text.value("dtf_worker_slots{state=\"busy\"}"));
        assertEquals(5, text.value("dtf_worker_slots{state=\"free\"}"));
        assertEquals(120, text.value("dtf_plugin_deliveries_total{plugin=\"io.dtf.ci.reports\"}"));
        assertEquals(3, text.value("dtf_plugin_failures_total{plugin=\"io.dtf.ci.reports\"}"));
        assertEquals(1, text.value("dtf_plugin_dropped_total{plugin=\"io.dtf.ci.reports\"}"));
        assertEquals("counter", text.types.get("dtf_plugin_deliveries_total"));
        assertEquals(1, text.value("dtf_metrics_source_up{source=\"store\"}"));
        assertEquals(1, text.value("dtf_build_info{java_version=\"" + System.getProperty("java.version")
                + "\",version=\"" + DtfMetrics.version() + "\"}"));
        assertFalse(DtfMetrics.version().contains("$"), "the build wrote the version: " + DtfMetrics.version());
    }

    @Test
    void aSourceThatFailsOrIsAbsentIsLeftOutOfTheScrapeAndSaidSoTheOthersStay() {
        DtfMetrics withoutStore = new DtfMetrics(coordinator, MetricsFixture.store(state -> {
            throw new DtfException(ErrorCode.STORE_UNAVAILABLE, "the database does not answer");
        }), null, MetricsFixture.metricsConfig());
        coordinator.addWorker(worker("w1", WorkerState.IDLE, 2, 0));

        TextFormat text = scrape(withoutStore);
        assertEquals(0, text.value("dtf_metrics_source_up{source=\"store\"}"));
        assertEquals(1, text.value("dtf_metrics_source_up{source=\"coordinator\"}"));
        assertEquals(0, text.value("dtf_metrics_source_up{source=\"plugins\"}"));
        assertFalse(text.samples.containsKey("dtf_queue_depth"));
        assertEquals(1, text.value("dtf_workers{state=\"idle\"}"));
    }

    @Test
    void notificationsAreTheDeliveryLogsCountersByChannelWithChannelsCapped() {
        Map<String, Map<DeliveryOutcome, Long>> byChannel = new java.util.LinkedHashMap<>();
        byChannel.put("", Map.of(DeliveryOutcome.GROUPED, 5L, DeliveryOutcome.SILENCED, 1L));
        byChannel.put("team", Map.of(DeliveryOutcome.SENT, 2L));
        byChannel.put("oncall", Map.of(DeliveryOutcome.FAILED, 1L));
        for (int i = 0; i < StateCollector.MAX_CHANNELS + 5; i++) {
            byChannel.put("zz-channel-" + i, Map.of(DeliveryOutcome.SENT, 1L));
        }
        DtfMetrics withLog = new DtfMetrics(coordinator, MetricsFixture.store(state -> 0L), null,
                MetricsFixture.notificationLog(byChannel), MetricsFixture.metricsConfig());
        TextFormat text = scrape(withLog);
        assertEquals(2, text.value("dtf_notifications_total{channel=\"team\",outcome=\"sent\"}"));
        assertEquals(1, text.value("dtf_notifications_total{channel=\"oncall\",outcome=\"failed\"}"));
        assertEquals(5, text.value("dtf_notifications_total{channel=\"\",outcome=\"grouped\"}"));
        // oncall and team took two of the places
        assertEquals(7, text.value("dtf_notifications_total{channel=\"other\",outcome=\"sent\"}"));
        assertEquals(1, text.value("dtf_metrics_source_up{source=\"notifications\"}"));
        assertEquals(0, scrape(metrics).value("dtf_metrics_source_up{source=\"notifications\"}"), "without dtf-notify");
    }

    @Test
    void aFinishedRunIsCountedByState() {
        metrics.on(new DtfEvent(HookType.RUN_COMPLETED, MetricsFixture.AT, RunId.of("r1"), null, null, null,
                Map.of(EventData.STATE.name(), "FAILED")));

        assertEquals(1, scrape(metrics).value("dtf_runs_completed_total{state=\"failed\"}"));
    }
}
