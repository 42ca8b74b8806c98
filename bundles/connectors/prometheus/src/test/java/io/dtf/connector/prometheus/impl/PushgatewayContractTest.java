package io.dtf.connector.prometheus.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.worker.WorkerState;
import io.dtf.http.testing.ManualHttpTime;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The push to a WireMock Pushgateway that answers as the Pushgateway's API reference describes it
 * (https://github.com/prometheus/pushgateway/blob/master/README.md#api): {@code PUT
 * /metrics/job/<JOB_NAME>{/<LABEL_NAME>/<LABEL_VALUE>}} replaces the group's metrics with the body, in the text
 * format 0.0.4 ({@code Content-Type: text/plain; version=0.0.4}); a label value with a {@code /} goes base64url
 * encoded as {@code <LABEL_NAME>@base64/<value>}; a successful push answers 200 (202 from older versions); {@code GET
 * /-/ready} is its readiness and {@code GET /api/v1/status} its build information; basic authentication comes from
 * its web configuration (exporter-toolkit). Failures as any HTTP server gives them: 401, 429 with Retry-After, 5xx.
 */
class PushgatewayContractTest {
    @RegisterExtension
    static final WireMockExtension PUSHGATEWAY = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private final ManualHttpTime time = new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z"));
    private final FakeCoordinator coordinator = new FakeCoordinator();
    private final DtfMetrics metrics = new DtfMetrics(coordinator, MetricsFixture.store(state -> 2L),
            new FakePluginRegistry(), MetricsFixture.metricsConfig());
    private PrometheusConnector connector;

    private PrometheusConnector connector(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("pushgatewayUrl", PUSHGATEWAY.baseUrl()));
        all.putAll(settings);
        connector = new PrometheusConnector(metrics);
        connector.activate(MetricsFixture.config(PrometheusConfig.class, all),
                Map.of("service.pid", "io.dtf.connector.prometheus~ops"), time);
        return connector;
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.deactivate();
        }
    }

    private static ExternalSystemResult done(CompletableFuture<ExternalSystemResult> call) {
        return call.orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void pushMetricsPutsTheTextFormatToTheJobAndInstanceGroup() {
        coordinator.addWorker(MetricsFixture.worker("w1", WorkerState.BUSY, 2, 2));
        PUSHGATEWAY.stubFor(put(urlEqualTo("/metrics/job/dtf/instance/coordinator-1")).willReturn(ok()));
        PrometheusConnector prometheus = connector(Map.of("instance", "coordinator-1"));

        ExternalSystemResult pushed = done(prometheus.executeOperation(PrometheusConnector.PUSH_METRICS, Map.of()));

        assertTrue(pushed.success(), pushed.describe());
        assertTrue(prometheus.isConnected());
        List<LoggedRequest> requests = PUSHGATEWAY.findAll(putRequestedFor(urlEqualTo("/metrics/job/dtf/instance/coordinator-1")));
        assertEquals(1, requests.size());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", requests.get(0).getHeader("Content-Type"));
        TextFormat body = TextFormat.parse(requests.get(0).getBodyAsString());
        assertEquals(2, body.value("dtf_queue_depth"));
        assertEquals(1, body.value("dtf_workers{state=\"busy\"}"));
        assertEquals(PUSHGATEWAY.baseUrl() + "/metrics/job/dtf/instance/coordinator-1", pushed.data().get("url"));
    }

    @Test
    void aJobWithASlashGoesBase64UrlEncodedAndBasicAuthenticationIsSent() {
        String job = "dtf/nightly";
        String path = "/metrics/job@base64/" + Base64.getUrlEncoder().encodeToString(job.getBytes(StandardCharsets.UTF_8));
        PUSHGATEWAY.stubFor(put(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
        PrometheusConnector prometheus = connector(Map.of("job", job, "username", "dtf", ".password", "s3cret-pw"));

        assertTrue(done(prometheus.executeOperation(PrometheusConnector.PUSH_METRICS, Map.of())).success());

        PUSHGATEWAY.verify(putRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Basic "
                + Base64.getEncoder().encodeToString("dtf:s3cret-pw".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void refusedCredentialsAreRejectedForGood() {
        PUSHGATEWAY.stubFor(put(urlEqualTo("/metrics/job/dtf")).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic").withBody("Unauthorized")));
        PrometheusConnector prometheus = connector(Map.of("username", "dtf", ".password", "wrong-pw"));

        ExternalSystemResult refused = done(prometheus.executeOperation(PrometheusConnector.PUSH_METRICS, Map.of()));

        assertEquals(Status.REJECTED, refused.status(), refused.describe());
        assertEquals("http_401", refused.errorCode());
        assertFalse(refused.message().contains("wrong-pw"), refused.message());
        assertFalse(prometheus.isConnected());
    }

    @Test
    void aRateLimitIsRateLimitedWithItsRetryAfter() {
        PUSHGATEWAY.stubFor(put(urlEqualTo("/metrics/job/dtf")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "120")));

        ExternalSystemResult limited = done(connector(Map.of()).executeOperation(PrometheusConnector.PUSH_METRICS, Map.of()));

        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
        PUSHGATEWAY.verify(1, putRequestedFor(urlEqualTo("/metrics/job/dtf")));
    }

    @Test
    void aServerErrorIsTriedAgainThenUnavailable() {
        PUSHGATEWAY.stubFor(put(urlEqualTo("/metrics/job/dtf")).willReturn(aResponse().withStatus(503)));

        ExternalSystemResult down = done(connector(Map.of()).executeOperation(PrometheusConnector.PUSH_METRICS, Map.of()));

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertTrue(down.retryable());
        assertTrue(PUSHGATEWAY.findAll(putRequestedFor(urlEqualTo("/metrics/job/dtf"))).size() > 1, "tried again");
    }

    @Test
    void connectAsksReadinessAndSystemInfoTellsWhatIsExportedAndThePushgatewaysBuild() {
        PUSHGATEWAY.stubFor(get(urlEqualTo("/-/ready")).willReturn(ok("OK")));
        PUSHGATEWAY.stubFor(get(urlEqualTo("/api/v1/status")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"data\":{"
                        + "\"build_information\":{\"version\":\"1.5.1\",\"branch\":\"debian/sid\"},\"flags\":{}}}")));
        PrometheusConnector prometheus = connector(Map.of());

        assertTrue(done(prometheus.connect()).success());
        ExternalSystemResult info = done(prometheus.systemInfo());

        PUSHGATEWAY.verify(getRequestedFor(urlEqualTo("/-/ready")));
        assertTrue(info.success(), info.describe());
        assertEquals("/metrics", info.data().get("metricsPath"));
        assertEquals(Map.of("version", "1.5.1", "branch", "debian/sid"), info.data().get("pushgatewayBuild"));
        assertTrue(((List<?>) info.data().get("metrics")).contains("dtf_queue_depth"), String.valueOf(info.data()));
        assertEquals(List.of(PrometheusConnector.PUSH_METRICS), List.copyOf(prometheus.capabilities().operations()));
    }

    @Test
    void withoutAPushgatewayThereIsNothingToPushAndNothingToReach() {
        connector = new PrometheusConnector(metrics);
        connector.activate(MetricsFixture.config(PrometheusConfig.class, Map.of()), Map.of("service.pid",
                "io.dtf.connector.prometheus~scrape"), time);

        ExternalSystemResult push = done(connector.executeOperation(PrometheusConnector.PUSH_METRICS, Map.of()));

        assertEquals(Status.REJECTED, push.status());
        assertTrue(push.message().contains("pushgatewayUrl"), push.message());
        assertTrue(connector.capabilities().operations().isEmpty());
        assertTrue(done(connector.connect()).success());
        assertTrue(connector.isConnected());
        assertEquals(Status.REJECTED, done(connector.executeOperation("post_message", Map.of())).status());
    }

    @Test
    void aConfigurationThatCannotWorkIsRefusedWithWhatToFix() {
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> connector(Map.of("username", "dtf")));
        IllegalArgumentException badUrl = assertThrows(IllegalArgumentException.class,
                () -> connector(Map.of("pushgatewayUrl", "pushgateway:9091")));
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> connector(Map.of("intervalSeconds", -1)));

        assertTrue(noPassword.getMessage().contains(".password"), noPassword.getMessage());
        assertTrue(badUrl.getMessage().contains("pushgatewayUrl"), badUrl.getMessage());
        assertTrue(interval.getMessage().contains("intervalSeconds"), interval.getMessage());
        connector = null;
    }
}
