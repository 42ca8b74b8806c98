package io.dtf.rest.impl;

import static io.dtf.rest.impl.ApiHttpTest.json;
import static io.dtf.rest.impl.ApiHttpTest.problem;
import static io.dtf.rest.impl.TestServer.SUBMITTER;
import static io.dtf.rest.impl.TestServer.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.TestRun;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.TaskBuilder;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run context over HTTP: a submission with labels and CI context, runs found by them, the context in run JSON. */
class RunContextHttpTest {
    private static final String SUBMISSION = "application/vnd.dtf.submission+json";
    private static final CIContext PR = new CIContext("github", "acme/shop", "4f2a9c1", "feature/cart", 42, "987",
            URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of("runAttempt", "2"));

    @TempDir
    static Path logs;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of("maxPlanBytes", 4096));
        server.coordinator.addRun(new TestRun(RunId.of("r100"), "pr-build", Map.of("team", "web", "suite", "smoke"),
                "web", null, TaskBuilder.T0, "name: pr-build", PR));
        server.coordinator.addRun(new TestRun(RunId.of("r101"), "nightly", Map.of("team", "web"), "web", null,
                TaskBuilder.T0.plusSeconds(1), "name: nightly"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static FakeCoordinator.Submission lastSubmission() {
        List<FakeCoordinator.Submission> all = server.coordinator.submissions();
        return all.get(all.size() - 1);
    }

    @Test
    void aSubmissionCarriesThePlanItsFileLabelsAndCiContext() throws Exception {
        HttpResponse<String> created = server.post("/api/v1/runs", SUBMITTER, SUBMISSION, "{\"plan\": \"name: x\\n\","
                + " \"file\": \"ci.yaml\", \"labels\": {\"pr\": \"42\", \"suite\": \"full\"}, \"ci\": {\"provider\": "
                + "\"github\", \"repository\": \"acme/shop\", \"commit\": \"4f2a9c1\", \"branch\": \"feature/cart\", "
                + "\"pullRequest\": 42, \"buildId\": \"987\", \"buildUrl\": "
                + "\"https://github.com/acme/shop/actions/runs/987\", \"attributes\": {\"runAttempt\": \"2\"}}}");

        assertEquals(201, created.statusCode(), created.body());
        assertEquals(new FakeCoordinator.Submission("name: x\n", "ci.yaml", Map.of("pr", "42", "suite", "full"), PR),
                lastSubmission());
        server.post("/api/v1/runs", SUBMITTER, SUBMISSION, "{\"plan\": \"name: y\"}");
        assertEquals(new FakeCoordinator.Submission("name: y", "request.yaml"), lastSubmission(),
                "no file: named as a YAML request; no labels, no context");
        server.post("/api/v1/runs", SUBMITTER, "application/yaml", "name: z");
        assertEquals(new FakeCoordinator.Submission("name: z", "request.yaml"), lastSubmission(), "a plain plan");
    }

    @Test
    void aBadSubmissionIsRefusedWithEveryProblem() throws Exception {
        int before = server.coordinator.submissions().size();
        assertEquals(Set.of("plan"), problem(server.post("/api/v1/runs", SUBMITTER, SUBMISSION, "{\"labels\": {}}"),
                400, "DTF-1002"));
        assertEquals(Set.of("lables"), problem(server.post("/api/v1/runs", SUBMITTER, SUBMISSION,
                "{\"plan\": \"name: x\", \"lables\": {}}"), 400, "DTF-1002"));
        assertEquals(Set.of("ci.provider"), problem(server.post("/api/v1/runs", SUBMITTER, SUBMISSION,
                "{\"plan\": \"name: x\", \"ci\": {\"branch\": \"main\"}}"), 400, "DTF-1002"));
        assertEquals(Set.of("ci.pullRequest"), problem(server.post("/api/v1/runs", SUBMITTER, SUBMISSION,
                "{\"plan\": \"name: x\", \"ci\": {\"provider\": \"github\", \"pullRequest\": \"many\"}}"), 400,
                "DTF-1002"));
        assertEquals(Set.of("file"), problem(server.post("/api/v1/runs", SUBMITTER, SUBMISSION,
                "{\"plan\": \"name: x\", \"file\": \"../plan.yaml\"}"), 400, "DTF-1002"));
        assertEquals(Set.of("query.file"), problem(server.post("/api/v1/runs?file=a.yaml", SUBMITTER, SUBMISSION,
                "{\"plan\": \"name: x\"}"), 400, "DTF-1002"));
        assertEquals(before, server.coordinator.submissions().size(), "nothing reached the coordinator");
        problem(server.post("/api/v1/runs", SUBMITTER, SUBMISSION, "{\"plan\": \"name: " + "x".repeat(4100) + "\"}"),
                413, "DTF-1413");
        problem(server.post("/api/v1/runs", SUBMITTER, "application/yaml", "name: " + "x".repeat(4100)), 413,
                "DTF-1413");
    }

    @Test
    void runsAreFoundByLabelsAndCiContext() throws Exception {
        JsonNode byLabels = json(server.get("/api/v1/runs?label=team=web&label=suite%3Dsmoke&provider=github"
                + "&repository=acme/shop&commit=4f2a9c1&branch=feature/cart&pullRequest=42&tenant=web", VIEWER));
        assertEquals(List.of("r100"), ids(byLabels));
        List<RunQuery> asked = server.coordinator.queries(RunQuery.class);
        assertEquals(new RunQuery("web", Page.FIRST, Map.of("team", "web", "suite", "smoke"), "github", "acme/shop",
                "4f2a9c1", "feature/cart", 42), asked.get(asked.size() - 1));
        assertEquals(List.of("r101", "r100"), ids(json(server.get("/api/v1/runs?label=team=web", VIEWER))));
        assertEquals(List.of(), ids(json(server.get("/api/v1/runs?label=team=web&label=suite=full", VIEWER))));

        assertEquals(Set.of("query.label", "query.pullRequest"), problem(server.get(
                "/api/v1/runs?label=team&label=%3Dx&pullRequest=0", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("query.label"), problem(server.get("/api/v1/runs?label=a=1&label=a=2", VIEWER), 400,
                "DTF-1002"));
    }

    @Test
    void aRunsJsonHasItsCiContext() throws Exception {
        JsonNode ci = json(server.get("/api/v1/runs/r100", VIEWER)).get("run").get("ci");
        assertEquals("github", ci.get("provider").asText());
        assertEquals(42, ci.get("pullRequest").asInt());
        assertEquals("https://github.com/acme/shop/actions/runs/987", ci.get("buildUrl").asText());
        assertEquals("2", ci.get("attributes").get("runAttempt").asText());
        JsonNode none = json(server.get("/api/v1/runs/r101", VIEWER)).get("run");
        assertTrue(none.path("ci").isMissingNode() || none.get("ci").isNull(), none.toString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("run").get("id").asText()));
        return ids;
    }
}
