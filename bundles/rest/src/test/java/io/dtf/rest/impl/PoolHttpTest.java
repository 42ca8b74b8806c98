package io.dtf.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.PoolStatus;
import io.dtf.http.DtfJson;
import io.dtf.testkit.FakeResourcePool;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /pool}, {@code POST /pool/probe} and {@code DELETE /pool/leases/{id}} on a pool of fixed data. */
class PoolHttpTest {
    static final Instant AT = Instant.parse("2026-12-07T10:40:00Z");
    static final BrowserCapabilities CHROME = FakeResourcePool.swiftShaderChromium("chrome", "local", AT);

    @TempDir
    static Path logs;
    static TestServer server;
    FakeResourcePool pool;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A leased browser with lease l7, a job key, a slow job, and a clean-up at start. */
    @BeforeEach
    void fill() {
        pool = new FakeResourcePool().status(new PoolStatus(AT, List.of(new PoolStatus.Browser("b1", "chrome", "local",
                PoolStatus.BrowserState.LEASED, 12, 50, AT.minusSeconds(600), AT.minusSeconds(5), List.of(4101L), "ok",
                "l7", CHROME)), List.of(new PoolStatus.Lease("l7", "task r12.3 attempt 1", "b1", AT.minusSeconds(90),
                AT.plusSeconds(1800))), 0, 32, Map.of("leases", 41L, "fault.HUNG", 1L),
                List.of(new PoolStatus.JobHistory("webgpu-matmul#0", "chrome", "local", 40, Duration.ofMillis(27),
                        Duration.ofMillis(95), Duration.ofMillis(340), 1)),
                List.of(new PoolStatus.SlowJob(AT.minusSeconds(12), "webgpu-matmul#0", "chrome", "local",
                        Duration.ofMillis(340), Duration.ofMillis(27), 1159)),
                new PoolStatus.Cleanup(AT.minusSeconds(3600), List.of(3001L), List.of("l2"), List.of())));
        server.poolService = pool;
    }

    @Test
    void aViewerSeesThePoolStatusAsJson() throws Exception {
        HttpResponse<String> answer = server.get("/api/v1/pool", TestServer.VIEWER);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode status = DtfJson.mapper().readTree(answer.body());
        assertEquals("2026-12-07T10:40:00Z", status.get("at").asText());
        JsonNode browser = status.get("browsers").get(0);
        assertEquals("b1 LEASED 12/50 l7 [4101]", browser.get("id").asText() + " " + browser.get("state").asText()
                + " " + browser.get("uses") + "/" + browser.get("maxUses") + " " + browser.get("leaseId").asText()
                + " " + browser.get("pids"));
        JsonNode webgpu = browser.get("capabilities").get("webgpu");
        assertEquals("swiftshader true 1073741824", webgpu.get("architecture").asText() + " "
                + webgpu.get("fallbackAdapter") + " " + webgpu.get("limits").get("maxBufferSize"));
        assertEquals(FakeResourcePool.NO_WEBNN,
                browser.get("capabilities").get("webnn").get("errors").get("gpu").asText());
        assertEquals("{\"id\":\"l7\",\"owner\":\"task r12.3 attempt 1\",\"browserId\":\"b1\","
                + "\"leasedAt\":\"2026-12-07T10:38:30Z\",\"reclaimAt\":\"2026-12-07T11:10:00Z\"}",
                status.get("leases").get(0).toString());
        assertEquals("0 32 1", status.get("waiting") + " " + status.get("queueLimit") + " "
                + status.get("counters").get("fault.HUNG"));
        assertEquals("{\"key\":\"webgpu-matmul#0\",\"profile\":\"chrome\",\"backend\":\"local\",\"count\":40,"
                + "\"median\":\"PT0.027S\",\"p95\":\"PT0.095S\",\"last\":\"PT0.34S\",\"slow\":1}",
                status.get("history").get(0).toString());
        assertEquals(1159, status.get("slowJobs").get(0).get("percentSlower").asInt());
        assertEquals("{\"at\":\"2026-12-07T09:40:00Z\",\"killedPids\":[3001],\"leases\":[\"l2\"],\"removedDirs\":[]}",
                status.get("cleanup").toString(), "the record's components only, no isEmpty()");
        assertEquals(401, server.get("/api/v1/pool", null).statusCode());
    }

    @Test
    void withoutThePoolEveryRouteIsA503NamingTheFeature() throws Exception {
        server.poolService = null;
        for (HttpResponse<String> answer : List.of(server.get("/api/v1/pool", TestServer.VIEWER),
                server.postJson("/api/v1/pool/probe", TestServer.ADMIN, ""),
                server.send(server.request("/api/v1/pool/leases/l7", TestServer.ADMIN).DELETE().build()))) {
            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals("5", answer.headers().firstValue("Retry-After").orElse(""));
            assertEquals("the browser pool is not running: install the feature dtf-browser-pool (settings in "
                    + "etc/io.dtf.pool.browser.cfg)", DtfJson.mapper().readTree(answer.body()).get("detail").asText());
        }
    }

    @Test
    void anAdminProbesEveryProfileWithTheWaitAsked() throws Exception {
        HttpResponse<String> answer = server.postJson("/api/v1/pool/probe", TestServer.ADMIN, "");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode probed = DtfJson.mapper().readTree(answer.body());
        assertEquals(1, probed.size());
        assertEquals("chrome local 156.0.8078.129 google", probed.get(0).get("profile").asText() + " "
                + probed.get(0).get("backend").asText() + " " + probed.get(0).get("version").asText() + " "
                + probed.get(0).get("webgpu").get("vendor").asText());
        assertEquals(200, server.postJson("/api/v1/pool/probe?wait=2m", TestServer.ADMIN, "").statusCode());
        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofMinutes(2)), pool.probes());

        HttpResponse<String> bad = server.postJson("/api/v1/pool/probe?wait=soon", TestServer.ADMIN, "");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("\"location\":\"query.wait\"")
                && bad.body().contains("'soon' is not a duration"), bad.body());
        HttpResponse<String> tooLong = server.postJson("/api/v1/pool/probe?wait=11m", TestServer.ADMIN, "");
        assertTrue(tooLong.statusCode() == 400 && tooLong.body().contains("must be between 1ms and 10m, not 11m"),
                tooLong.body());

        pool.failProbe(new PoolRefusal(PoolRefusal.Reason.WAIT_TIMED_OUT, "All browsers of chrome stayed busy for "
                + "the whole wait (2 at most, 0 other callers waiting): try again later"));
        HttpResponse<String> busy = server.postJson("/api/v1/pool/probe", TestServer.ADMIN, "");
        assertEquals(429, busy.statusCode(), busy.body());
        assertTrue(busy.body().contains("All browsers of chrome stayed busy"), busy.body());
        assertEquals(3, pool.probes().size(), "bad waits probe nothing");
    }

    @Test
    void onlyAnAdminProbesAndReclaims() throws Exception {
        for (String token : List.of(TestServer.VIEWER, TestServer.SUBMITTER)) {
            assertEquals(403, server.postJson("/api/v1/pool/probe", token, "").statusCode());
            assertEquals(403, server.send(server.request("/api/v1/pool/leases/l7", token).DELETE().build())
                    .statusCode());
        }
        assertEquals(List.of(), pool.probes());
        assertEquals(List.of(), pool.reclaimed());
        assertFalse(pool.status().leases().isEmpty());
    }

    @Test
    void anAdminReclaimsALeaseAndAnUnknownOneIsA404() throws Exception {
        HttpResponse<String> answer = server.send(server.request("/api/v1/pool/leases/l7", TestServer.ADMIN)
                .DELETE().build());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("task r12.3 attempt 1", DtfJson.mapper().readTree(answer.body()).get("owner").asText());
        assertEquals(List.of("l7"), pool.reclaimed());

        HttpResponse<String> again = server.send(server.request("/api/v1/pool/leases/l7", TestServer.ADMIN)
                .DELETE().build());
        assertEquals(404, again.statusCode(), again.body());
        assertTrue(again.body().contains("lease 'l7' is not held (GET /api/v1/pool lists the leases held)"),
                again.body());
        assertEquals(400, server.send(server.request("/api/v1/pool/leases/l%2A7", TestServer.ADMIN).DELETE().build())
                .statusCode());
    }
}
