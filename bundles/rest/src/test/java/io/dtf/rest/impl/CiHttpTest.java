package io.dtf.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReport.Outcome;
import io.dtf.api.ci.CIReport.Phase;
import io.dtf.api.ci.CIReport.Step;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TestRun;
import io.dtf.rest.impl.runs.RunRoutes;
import io.dtf.testkit.FakeCIProvider;
import io.dtf.testkit.TaskBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /ci}, {@code POST /runs/{id}/ci-report} and the job token forwarded with a submission. */
class CiHttpTest {
    private static final String JOB_TOKEN = "job-token-that-must-never-be-echoed";
    private static final CIContext PR = new CIContext("github", "acme/shop", "4f2c9e1", "feature/x", 7, "99", null,
            Map.of());

    @TempDir
    static Path logs;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void providersAndReportsAreListedAndARunIsReportedAgainOnRequest() throws Exception {
        server.ciProviders.add("github", new FakeCIProvider().capabilities(CICapability.TEST_RUNS));
        server.coordinator.addRun(new TestRun(RunId.of("r40"), "api-tests", Map.of(), null, null, TaskBuilder.T0,
                "name: api-tests", PR));
        server.ciReports.recent.add(new CIReport(RunId.of("r40"), "api-tests", "github", "acme/shop", Phase.END,
                Instant.parse("2026-12-07T10:00:00Z"), Outcome.DELIVERED,
                List.of(new Step("completeTestRun", "OK", URI.create("https://github.com/acme/shop/runs/5"))), null));

        HttpResponse<String> overview = server.get("/api/v1/ci", TestServer.VIEWER);
        assertEquals(200, overview.statusCode(), overview.body());
        assertTrue(overview.body().contains("\"provider\":\"github\"") && overview.body().contains("\"TEST_RUNS\"")
                && overview.body().contains("\"reporting\":true")
                && overview.body().contains("\"outcome\":\"DELIVERED\""), overview.body());

        HttpResponse<String> resent = server.postJson("/api/v1/runs/r40/ci-report", TestServer.SUBMITTER, "");
        assertEquals(200, resent.statusCode(), resent.body());
        assertTrue(resent.body().contains("https://github.com/acme/shop/runs/5"), resent.body());

        HttpResponse<String> nowhere = server.postJson("/api/v1/runs/r1/ci-report", TestServer.SUBMITTER, "");
        assertEquals(409, nowhere.statusCode(), nowhere.body());
        assertTrue(nowhere.body().contains("run r1 carries no CI context"), nowhere.body());
        assertEquals(404, server.postJson("/api/v1/runs/r999/ci-report", TestServer.SUBMITTER, "").statusCode());
        assertEquals(403, server.postJson("/api/v1/runs/r40/ci-report", TestServer.VIEWER, "").statusCode());
    }

    @Test
    void aForwardedJobTokenIsHeldForARunWithCiContextAndNeverAnswered() throws Exception {
        server.coordinator.whenSubmitted((plan, source) -> server.coordinator.addRun(new TestRun(RunId.of("r41"),
                "api-tests", Map.of(), null, null, TaskBuilder.T0, plan, PR)));
        HttpResponse<String> held = server.send(server.request("/api/v1/runs", TestServer.SUBMITTER)
                .header("Content-Type", "application/yaml").header(RunRoutes.JOB_TOKEN_HEADER, JOB_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("name: api-tests")).build());
        assertEquals(201, held.statusCode(), held.body());
        assertEquals("held", held.headers().firstValue(RunRoutes.JOB_TOKEN_ANSWER).orElse(null));
        assertEquals(JOB_TOKEN, server.jobTokens.held.get(RunId.of("r41")));
        assertFalse(held.body().contains(JOB_TOKEN), held.body());
        assertFalse(held.headers().map().toString().contains(JOB_TOKEN));

        server.coordinator.whenSubmitted((plan, source) -> server.coordinator.addRun("r42", "local"));
        HttpResponse<String> dropped = server.send(server.request("/api/v1/runs", TestServer.SUBMITTER)
                .header("Content-Type", "application/yaml").header(RunRoutes.JOB_TOKEN_HEADER, JOB_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("name: local")).build());
        assertEquals(201, dropped.statusCode(), dropped.body());
        assertEquals("dropped: the run carries no CI context",
                dropped.headers().firstValue(RunRoutes.JOB_TOKEN_ANSWER).orElse(null));
        assertFalse(server.jobTokens.held.containsKey(RunId.of("r42")));
    }
}
