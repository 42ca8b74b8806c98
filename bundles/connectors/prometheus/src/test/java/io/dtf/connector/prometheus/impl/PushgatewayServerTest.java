package io.dtf.connector.prometheus.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.worker.WorkerState;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Pushgateway (Debian's {@code prometheus-pushgateway} package, {@value #PUSHGATEWAY}) on loopback takes DTF's
 * pushes: the connector finds it ready, reads its build, and pushes every second; what the Pushgateway then exposes
 * for Prometheus holds DTF's metrics with the job and instance labels, as they are at the latest push. Skipped where
 * the package is not installed ({@code apt-get install prometheus-pushgateway}).
 */
class PushgatewayServerTest {
    static final String PUSHGATEWAY = "/usr/bin/prometheus-pushgateway";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeCoordinator coordinator = new FakeCoordinator();
    private Process pushgateway;
    private Path log;
    private URI url;
    private PrometheusConnector connector;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PUSHGATEWAY)), PUSHGATEWAY + " is not installed");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = dir.resolve("pushgateway.log");
        // Debian's build persists to /var/lib/prometheus/pushgateway.data by default: an empty file name keeps
        // what is pushed in memory, so that nothing pushed by an earlier run shows here
        pushgateway = new ProcessBuilder(PUSHGATEWAY, "--web.listen-address=127.0.0.1:" + port, "--persistence.file=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        url = URI.create("http://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.deactivate();
        }
        if (pushgateway != null) {
            pushgateway.destroy();
            if (!pushgateway.waitFor(20, TimeUnit.SECONDS)) {
                pushgateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theConnectorPushesEveryIntervalAndThePushgatewayExposesTheLatestMetrics() throws Exception {
        coordinator.addWorker(MetricsFixture.worker("w1", WorkerState.BUSY, 2, 1));
        DtfMetrics metrics = new DtfMetrics(coordinator, MetricsFixture.store(state -> 5L), new FakePluginRegistry(),
                MetricsFixture.metricsConfig());
        connector = new PrometheusConnector(metrics);
        connector.activate(MetricsFixture.config(PrometheusConfig.class, Map.of("pushgatewayUrl", url.toString(),
                "instance", "coordinator-1", "intervalSeconds", 1)), Map.of("service.pid",
                "io.dtf.connector.prometheus~ops"), null);

        ExternalSystemResult ready = awaitReady();
        assertTrue(ready.success(), ready.describe() + "\n" + Files.readString(log));
        ExternalSystemResult info = connector.systemInfo().orTimeout(20, TimeUnit.SECONDS).join();
        assertEquals("1.5.1", ((Map<?, ?>) info.data().get("pushgatewayBuild")).get("version"), info.describe());

        TextFormat first = exposed(text -> text.samples.containsKey(
                "dtf_queue_depth{instance=\"coordinator-1\",job=\"dtf\"}"));
        assertEquals(5, first.value("dtf_queue_depth{instance=\"coordinator-1\",job=\"dtf\"}"));
        assertEquals(1, first.value("dtf_workers{instance=\"coordinator-1\",job=\"dtf\",state=\"busy\"}"));

        coordinator.addWorker(MetricsFixture.worker("w2", WorkerState.IDLE, 4, 0));
        TextFormat later = exposed(text -> text.samples.getOrDefault(
                "dtf_workers{instance=\"coordinator-1\",job=\"dtf\",state=\"idle\"}", 0.0) == 1.0);
        assertEquals(5, later.value("dtf_worker_slots{instance=\"coordinator-1\",job=\"dtf\",state=\"free\"}"));
        assertTrue(connector.isConnected());
    }

    private ExternalSystemResult awaitReady() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ExternalSystemResult ready;
        do {
            ready = connector.connect().orTimeout(20, TimeUnit.SECONDS).join();
            if (ready.success()) {
                return ready;
            }
            Thread.sleep(100); // the Pushgateway is starting
        } while (System.nanoTime() < deadline);
        return ready;
    }

    /** What the Pushgateway exposes once it satisfies {@code done}; fails after {@link #PATIENCE}. */
    private TextFormat exposed(Predicate<TextFormat> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String body = "";
        do {
            assertTrue(pushgateway.isAlive(), "the Pushgateway stopped: " + Files.readString(log));
            body = get("/metrics");
            TextFormat text = TextFormat.parse(body);
            if (done.test(text)) {
                return text;
            }
            Thread.sleep(200); // the next push is at most a second away
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the Pushgateway does not expose what was pushed within " + PATIENCE + ":\n" + body);
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
