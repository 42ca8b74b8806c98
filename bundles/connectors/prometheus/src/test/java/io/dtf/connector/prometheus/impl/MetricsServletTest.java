package io.dtf.connector.prometheus.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.worker.WorkerState;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} over HTTP, content negotiation as "Exposition formats" describes it
 * (https://prometheus.io/docs/instrumenting/exposition_formats/) and as Prometheus 2.x asks: OpenMetrics first,
 * the text format 0.0.4 otherwise, never a format DTF does not write (protobuf).
 */
class MetricsServletTest {
    /** What Prometheus 2.42 sends when it scrapes. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final HttpClient client = HttpClient.newHttpClient();
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addWorker(MetricsFixture.worker("w1", WorkerState.IDLE, 2, 0));
        endpoint = new MetricsEndpoint(new DtfMetrics(coordinator, MetricsFixture.store(state -> 3L),
                new FakePluginRegistry(), MetricsFixture.metricsConfig()));
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private HttpResponse<byte[]> get(String accept, String encoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url());
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (encoding != null) {
            request.header("Accept-Encoding", encoding);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void withoutAcceptItIsTheTextFormat004() throws Exception {
        HttpResponse<byte[]> answer = get(null, null);

        assertEquals(200, answer.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.headers().firstValue("Content-Type").orElseThrow());
        TextFormat text = TextFormat.parse(new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals(3, text.value("dtf_queue_depth"));
        assertEquals("gauge", text.types.get("dtf_queue_depth"));
    }

    @Test
    void prometheusGetsOpenMetricsEndingWithEof() throws Exception {
        HttpResponse<byte[]> answer = get(PROMETHEUS_ACCEPT, null);

        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                answer.headers().firstValue("Content-Type").orElseThrow());
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("# EOF\n"), body);
        assertTrue(body.contains("# TYPE dtf_build info\n"), body);
        assertTrue(body.contains("dtf_workers{state=\"idle\"} 1.0\n"), body);
    }

    @Test
    void aScraperAskingForProtobufFirstGetsTheTextFormatItAlsoAccepts() throws Exception {
        HttpResponse<byte[]> answer = get("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3", null);

        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.headers().firstValue("Content-Type").orElseThrow());
        TextFormat.parse(new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        HttpResponse<byte[]> zipped = get(null, "gzip");
        HttpResponse<byte[]> plain = get(null, null);

        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElseThrow());
        assertNull(plain.headers().firstValue("Content-Encoding").orElse(null));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            TextFormat text = TextFormat.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(3, text.value("dtf_tasks{state=\"passed\"}"));
        }
    }
}
