package io.dtf.connector.prometheus.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.plugin.HookType;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerState;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import io.dtf.testkit.TaskBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@value #PROMETHEUS}) scrapes DTF's {@code /metrics}
 * every second on loopback, and its query API (https://prometheus.io/docs/prometheus/latest/querying/api/,
 * {@code GET /api/v1/query}) answers with DTF's metrics and their values. Skipped where the package is not installed
 * ({@code apt-get install prometheus}); {@code .ci/run} installs it.
 */
class PrometheusServerTest {
    static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeCoordinator coordinator = new FakeCoordinator();
    private final FakePluginRegistry plugins = new FakePluginRegistry();
    private DtfMetrics metrics;
    private MetricsEndpoint endpoint;
    private Process prometheus;
    private Path log;
    private URI api;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PROMETHEUS)), PROMETHEUS + " is not installed (apt-get install prometheus)");
        metrics = new DtfMetrics(coordinator, MetricsFixture.store(state -> (long) state.ordinal() + 1), plugins,
                MetricsFixture.notificationLog(Map.of("team", Map.of(DeliveryOutcome.SENT, 1L))),
                MetricsFixture.metricsConfig());
        endpoint = new MetricsEndpoint(metrics);
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: dtf",
                "    metrics_path: " + MetricsServlet.PATH,
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + endpoint.port() + "']",
                ""));
        log = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder(PROMETHEUS, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=");
    }

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void prometheusScrapesDtfsMetricsAndAnswersThemWithTheirValues() throws Exception {
        TaskResult result = new TaskResult(TaskState.PASSED, Duration.ofMillis(1500), 0, null,
                List.of(new TestCaseResult("s", "org.example.A", "a", TestCaseStatus.PASSED, Duration.ofMillis(40),
                        null, null, false)),
                List.of(), Map.of(), null, null);
        coordinator.addRun("r1", "nightly", TaskBuilder.task().id("r1.1").type("junit").result(result).build());
        coordinator.addWorker(MetricsFixture.worker("w1", WorkerState.BUSY, 4, 3));
        coordinator.addWorker(MetricsFixture.worker("w2", WorkerState.DRAINING, 2, 1));
        plugins.add(new PluginInfo("io.dtf.notify", "1.0.0", PluginType.NOTIFICATION, 7, PluginState.ACTIVE, 250, 4, 0,
                null, List.of()));
        metrics.on(MetricsFixture.attemptEnd(HookType.TASK_COMPLETED, "r1.1", 1, TaskState.PASSED));

        assertEquals(1, value("up{job=\"dtf\"}"), "Prometheus reads the format: " + Files.readString(log));
        assertEquals(1, value("dtf_queue_depth"));
        assertEquals(3, value("dtf_tasks{state=\"running\"}"));
        assertEquals(1, value("dtf_workers{state=\"draining\"}"));
        assertEquals(4, value("dtf_worker_slots{state=\"busy\"}"));
        assertEquals(250, value("dtf_plugin_deliveries_total{plugin=\"io.dtf.notify\"}"));
        assertEquals(4, value("dtf_plugin_failures_total{plugin=\"io.dtf.notify\"}"));
        assertEquals(1, value("dtf_task_attempts_total{outcome=\"passed\"}"));
        assertEquals(1, value("dtf_task_duration_seconds_count{type=\"junit\",outcome=\"passed\"}"));
        assertEquals(1.5, value("dtf_task_duration_seconds_sum{type=\"junit\",outcome=\"passed\"}"), 1e-9);
        assertEquals(1, value("dtf_task_duration_seconds_bucket{type=\"junit\",outcome=\"passed\",le=\"2.5\"}"));
        assertEquals(0, value("dtf_task_duration_seconds_bucket{type=\"junit\",outcome=\"passed\",le=\"1.0\"}"));
        assertEquals(1, value("dtf_test_duration_seconds_count{status=\"passed\"}"));
        assertEquals(1, value("dtf_notifications_total{channel=\"team\",outcome=\"sent\"}"));
        assertEquals(1, value("dtf_build_info{version=\"" + DtfMetrics.version() + "\"}"));
    }

    /** The value of an instant query that selects one series, once Prometheus has it; fails after {@link #PATIENCE}. */
    private double value(String query) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode result;
        do {
            assertTrue(prometheus.isAlive(), "Prometheus stopped: " + Files.readString(log));
            result = query(query);
            if (result != null && result.size() == 1) {
                return result.get(0).get("value").get(1).asDouble();
            }
            Thread.sleep(200); // the next scrape is at most a second away
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Prometheus has no single series for " + query + " within " + PATIENCE + ": " + result
                + "\n" + Files.readString(log));
    }

    /** The query's {@code data.result}, or {@code null} while Prometheus does not answer yet. */
    private JsonNode query(String query) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return null;
            }
            JsonNode body = JSON.readTree(answer.body());
            assertEquals("success", body.get("status").asText(), answer.body());
            return body.get("data").get("result");
        } catch (IOException notYetListening) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
