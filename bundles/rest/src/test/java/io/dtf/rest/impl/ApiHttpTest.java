package io.dtf.rest.impl;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog.ParkedEvent;
import io.dtf.api.store.EventLog.StoredEvent;
import static io.dtf.rest.impl.TestServer.ADMIN;
import static io.dtf.rest.impl.TestServer.SUBMITTER;
import static io.dtf.rest.impl.TestServer.VIEWER;
import static io.dtf.rest.impl.TestServer.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.http.DtfJson;
import io.dtf.rest.impl.http.Responses;
import io.dtf.testkit.CapabilitiesBuilder;
import io.dtf.testkit.FakeCoordinator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP: statuses, problem documents, auth, limits, the worker protocol, events. */
class ApiHttpTest {
    @TempDir
    static Path logs;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of("maxEventClients", 2, "maxPlanBytes", 4096, "maxBodyBytes", 2048,
                "maxResultBytes", 8192,
                "maxPollWaitSeconds", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A worker of two slots on localhost, as it registers. */
    static WorkerInfo worker(String id) {
        return new WorkerInfo(WorkerId.of(id), id, "localhost", CapabilitiesBuilder.linux().cpus(2).memoryMb(1024)
                .build(), 2);
    }

    /** The sources the plans submitted so far were named by. */
    static List<String> submittedSources() {
        return server.coordinator.submissions().stream().map(FakeCoordinator.Submission::source).toList();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return DtfJson.mapper().readTree(response.body());
    }

    /** Asserts a problem answer and returns its problem locations. */
    static Set<String> problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Responses.PROBLEM_JSON, response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode doc = json(response);
        assertEquals(code, doc.get("code").asText(), response.body());
        assertEquals(status, doc.get("status").asInt());
        assertEquals("https://dtf.io/problems/" + code, doc.get("type").asText());
        assertFalse(doc.get("detail").asText().isBlank());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("at io.dtf"), response.body());
        Set<String> locations = new TreeSet<>();
        doc.get("problems").forEach(p -> locations.add(p.get("location").asText()));
        return locations;
    }

    @Test
    void healthReadyAndTheOpenApiDocumentNeedNoToken() throws Exception {
        HttpResponse<String> health = server.get("/health", null);
        assertEquals(200, health.statusCode());
        assertEquals("UP", json(health).get("status").asText());
        assertEquals(200, server.get("/ready", null).statusCode());
        HttpResponse<String> openApi = server.get("/api/openapi.json", null);
        assertEquals(200, openApi.statusCode());
        assertEquals("3.0.3", json(openApi).get("openapi").asText());
    }

    @Test
    void readinessFailsWhileTheStoreFails() throws Exception {
        server.coordinator.storeFailure(new io.dtf.api.DtfException(io.dtf.api.ErrorCode.STORE_UNAVAILABLE,
                "database is down"));
        try {
            HttpResponse<String> ready = server.get("/ready", null);
            problem(ready, 503, "DTF-1503");
            assertTrue(ready.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, server.get("/health", null).statusCode());
        } finally {
            server.coordinator.storeFailure(null);
        }
    }

    @Test
    void callsWithoutAValidTokenAre401AndNeverEchoTheToken() throws Exception {
        HttpResponse<String> none = server.get("/api/v1/runs", null);
        problem(none, 401, "DTF-1401");
        assertEquals("Bearer realm=\"dtf\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());

        HttpResponse<String> basic = server.send(server.request("/api/v1/runs", null)
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").GET().build());
        problem(basic, 401, "DTF-1401");

        String secret = "not-a-real-token-but-secret";
        HttpResponse<String> unknown = server.get("/api/v1/runs", secret);
        problem(unknown, 401, "DTF-1401");
        assertTrue(unknown.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
        assertFalse(unknown.body().contains(secret));
    }

    @Test
    void rolesDecideWhatATokenMayDo() throws Exception {
        problem(server.post("/api/v1/runs", VIEWER, "application/yaml", "name: x"), 403, "DTF-1403");
        problem(server.get("/api/v1/runs", WORKER), 403, "DTF-1403");
        problem(server.post("/api/v1/workers/w1/drain", SUBMITTER, null, ""), 403, "DTF-1403");
        problem(server.postJson("/api/v1/workers", VIEWER, "{}"), 403, "DTF-1403");
        assertEquals(200, server.get("/api/v1/runs", VIEWER).statusCode());
        assertEquals(200, server.get("/api/v1/runs", SUBMITTER).statusCode());
        assertEquals(200, server.get("/api/v1/runs", ADMIN).statusCode());
    }

    @Test
    void aPlanIsSubmittedAsYamlOrJson() throws Exception {
        HttpResponse<String> yaml = server.post("/api/v1/runs", SUBMITTER, "application/yaml; charset=utf-8",
                "name: x\ntasks: []\n");
        assertEquals(201, yaml.statusCode(), yaml.body());
        String id = json(yaml).get("run").get("id").asText();
        assertEquals("/api/v1/runs/" + id, yaml.headers().firstValue("Location").orElseThrow());
        assertTrue(submittedSources().contains("request.yaml"));

        HttpResponse<String> json = server.post("/api/v1/runs", ADMIN, "application/json", "{\"name\":\"x\"}");
        assertEquals(201, json.statusCode());
        assertTrue(submittedSources().contains("request.json"));
    }

    @Test
    void anInvalidPlanListsEveryProblem() throws Exception {
        Set<String> locations = problem(server.post("/api/v1/runs", SUBMITTER, "text/yaml", "name: invalid"), 400,
                "DTF-1001");
        assertEquals(Set.of("tasks[0].timeout", "tasks[1].type"), locations);
        assertEquals("plan request.yaml is not valid",
                json(server.post("/api/v1/runs", SUBMITTER, "text/yaml", "name: invalid")).get("detail").asText());
    }

    @Test
    void anInvalidPlanIsNamedByTheFileTheClientSent() throws Exception {
        HttpResponse<String> named = server.post("/api/v1/runs?file=nightly%20build.yml", SUBMITTER, "text/yaml",
                "name: invalid");
        problem(named, 400, "DTF-1001");
        assertEquals("plan nightly build.yml is not valid", json(named).get("detail").asText());
        assertEquals(201, server.post("/api/v1/runs?file=plan.JSON", SUBMITTER, "application/json", "{}").statusCode());
        assertTrue(submittedSources().contains("plan.JSON"), submittedSources().toString());
        assertEquals(Set.of("query.file"), problem(server.post("/api/v1/runs?file=../etc/plan.yaml", SUBMITTER,
                "text/yaml", "name: x"), 400, "DTF-1002"));
        assertEquals(Set.of("query.file"), problem(server.post("/api/v1/runs?file=plan.yaml", SUBMITTER,
                "application/json", "{}"), 400, "DTF-1002"), "read as JSON or YAML by its name: it must agree");
        assertEquals(Set.of("query.file"), problem(server.post("/api/v1/runs?file=plan.json", SUBMITTER,
                "text/yaml", "name: x"), 400, "DTF-1002"));
    }

    @Test
    void plansNeedAKnownMediaTypeUtf8AndAtMostTheLimit() throws Exception {
        problem(server.post("/api/v1/runs", SUBMITTER, null, "name: x"), 415, "DTF-1415");
        problem(server.post("/api/v1/runs", SUBMITTER, "text/plain", "name: x"), 415, "DTF-1415");
        problem(server.post("/api/v1/runs", SUBMITTER, "application/yaml; charset=iso-8859-1", "name: x"), 415,
                "DTF-1415");
        HttpResponse<String> latin = server.send(server.request("/api/v1/runs", SUBMITTER)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'n', ':', ' ', (byte) 0xE9})).build());
        problem(latin, 400, "DTF-1002");
        problem(server.post("/api/v1/runs", SUBMITTER, "application/yaml", "name: " + "x".repeat(5000)), 413,
                "DTF-1413");
        // no Content-Length: the limit holds while reading
        byte[] big = ("name: " + "y".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = server.send(server.request("/api/v1/runs", SUBMITTER)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        problem(chunked, 413, "DTF-1413");
        assertEquals(200, server.get("/health", null).statusCode());
    }

    @Test
    void listsArePagedAndBadPagingIsRefusedWithEveryProblem() throws Exception {
        JsonNode page = json(server.get("/api/v1/runs", VIEWER));
        assertEquals(0, page.get("offset").asInt());
        assertEquals(100, page.get("limit").asInt());
        assertTrue(page.get("items").isArray());
        json(server.get("/api/v1/runs?offset=5&limit=7&tenant=web", VIEWER));
        List<RunQuery> runQueries = server.coordinator.queries(RunQuery.class);
        assertTrue(runQueries.contains(new RunQuery("web", new Page(5, 7))), runQueries.toString());

        assertEquals(Set.of("query.limit", "query.offset", "query.color"),
                problem(server.get("/api/v1/runs?limit=0&offset=-1&color=red", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("query.limit"), problem(server.get("/api/v1/runs?limit=1001", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("query.limit"), problem(server.get("/api/v1/runs?limit=ten", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("query.limit"), problem(server.get("/api/v1/runs?limit=1&limit=2", VIEWER), 400,
                "DTF-1002"));
        assertEquals(Set.of("query.state"), problem(server.get("/api/v1/runs/r1/tasks?state=DONE", VIEWER), 400,
                "DTF-1002"));
        assertEquals(Set.of("query.force"), problem(server.post("/api/v1/runs/r1/cancel?force=true", SUBMITTER,
                null, ""), 400, "DTF-1002"));
    }

    @Test
    void tasksOfARunAreFilteredByStateWithTheirTotal() throws Exception {
        JsonNode page = json(server.get("/api/v1/runs/r1/tasks?state=queued,RUNNING", VIEWER));
        assertEquals(1, page.get("total").asInt());
        assertEquals("r1.2", page.get("items").get(0).get("id").asText());
        json(server.get("/api/v1/tasks?run=r1&state=PASSED&state=FAILED&worker=w1&limit=3", VIEWER));
        List<TaskQuery> taskQueries = server.coordinator.queries(TaskQuery.class);
        assertTrue(taskQueries.contains(new TaskQuery(RunId.of("r1"), Set.of(TaskState.PASSED, TaskState.FAILED),
                WorkerId.of("w1"), new Page(0, 3))), taskQueries.toString());
        assertEquals(Set.of("query.run", "query.worker"),
                problem(server.get("/api/v1/tasks?run=12&worker=a/b", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("query.task"),
                problem(server.get("/api/v1/runs/r1/testcases?task=r2.1", VIEWER), 400, "DTF-1002"));
        assertEquals(200, server.get("/api/v1/runs/r1/testcases?status=failed&task=r1.1", VIEWER).statusCode());
    }

    @Test
    void badIdsAre400AndUnknownOnes404() throws Exception {
        assertEquals(Set.of("path.runId"), problem(server.get("/api/v1/runs/xyz", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("path.taskId"), problem(server.get("/api/v1/tasks/r1", VIEWER), 400, "DTF-1002"));
        problem(server.get("/api/v1/runs/r999", VIEWER), 404, "DTF-1004");
        problem(server.get("/api/v1/tasks/r1.99", VIEWER), 404, "DTF-1004");
        problem(server.post("/api/v1/runs/r999/cancel", SUBMITTER, null, ""), 404, "DTF-1004");
        assertEquals(200, server.get("/api/v1/runs/r1", VIEWER).statusCode());
        HttpResponse<String> plan = server.get("/api/v1/runs/r1/plan", VIEWER);
        assertEquals(200, plan.statusCode());
        assertTrue(plan.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(plan.body().startsWith("name: "), plan.body());
        problem(server.get("/api/v1/runs/r999/plan", VIEWER), 404, "DTF-1004");
        assertEquals(200, server.get("/api/v1/tasks/r1.1", VIEWER).statusCode());
        assertEquals(1, json(server.get("/api/v1/tasks/r1.1/attempts", VIEWER)).get("total").asInt());
        assertEquals("false", json(server.post("/api/v1/tasks/r1.1/cancel", SUBMITTER, null, ""))
                .get("cancelled").asText());
    }

    @Test
    void aQueuedTaskNoWorkerCanRunSaysWhyItWaits() throws Exception {
        TaskId queued = TaskId.of("r1.2");
        Task before = server.coordinator.task(queued).orElseThrow();
        server.coordinator.putTask(before.withWaiting("no connected worker runs junit tasks"));
        try {
            assertEquals("no connected worker runs junit tasks",
                    json(server.get("/api/v1/tasks/r1.2", VIEWER)).get("waiting").asText());
            JsonNode listed = json(server.get("/api/v1/tasks?run=r1", VIEWER)).get("items");
            assertEquals("no connected worker runs junit tasks", listed.get(1).get("waiting").asText());
            assertFalse(listed.get(0).has("waiting"), "a task that does not wait says nothing: " + listed.get(0));
        } finally {
            server.coordinator.putTask(before);
        }
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405WithAllow() throws Exception {
        problem(server.get("/api/v1/nothing", VIEWER), 404, "DTF-1004");
        problem(server.get("/api/v2/runs", null), 404, "DTF-1004");
        HttpResponse<String> wrong = server.send(server.request("/api/v1/runs", ADMIN)
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build());
        problem(wrong, 405, "DTF-1405");
        assertEquals("GET, POST", wrong.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> delete = server.send(server.request("/health", null).DELETE().build());
        problem(delete, 405, "DTF-1405");
        assertEquals("GET", delete.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void theLogOfAnAttemptIsServedWholeOrItsTail() throws Exception {
        Path file = server.coordinator.logFile(new TaskAttempt(TaskId.of("r1.1"), 1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a\nb\nc\nd\n");
        HttpResponse<String> whole = server.get("/api/v1/tasks/r1.1/log", VIEWER);
        assertEquals(200, whole.statusCode());
        assertEquals("a\nb\nc\nd\n", whole.body());
        assertTrue(whole.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals("c\nd\n", server.get("/api/v1/tasks/r1.1/log?tail=2", VIEWER).body());
        problem(server.get("/api/v1/tasks/r1.1/log?attempt=2", VIEWER), 404, "DTF-1004");
        problem(server.get("/api/v1/tasks/r1.2/log", VIEWER), 404, "DTF-1004");
        assertEquals(Set.of("query.tail"), problem(server.get("/api/v1/tasks/r1.1/log?tail=0", VIEWER), 400,
                "DTF-1002"));
        Files.delete(file);
        assertEquals("three\n", server.get("/api/v1/tasks/r1.1/log?tail=1", VIEWER).body(),
                "without a file the result's log tail is served");
        assertEquals("one\ntwo\nthree\n", server.get("/api/v1/tasks/r1.1/log", VIEWER).body(),
                "with its lines ended, as a file's are");
    }

    @Test
    void theWorkerProtocolReachesTheGateway() throws Exception {
        String info = DtfJson.mapper().writeValueAsString(worker("w-proto"));
        assertEquals(204, server.postJson("/api/v1/workers", WORKER, info).statusCode());
        assertTrue(server.gateway.calls().contains("register w-proto"));

        Task task = server.coordinator.task(TaskId.of("r1.2")).orElseThrow()
                .withState(TaskState.LEASED, 1, WorkerId.of("w-proto"));
        Lease lease = new Lease(new TaskAttempt(task.id(), 1), task, Instant.now());
        server.gateway.offer(lease);
        HttpResponse<String> poll = server.postJson("/api/v1/workers/w-proto/poll", WORKER,
                "{\"freeSlots\":2,\"running\":[],\"maxWait\":\"PT10M\"}");
        assertEquals(200, poll.statusCode(), poll.body());
        assertEquals("r1.2", json(poll).get("leases").get(0).get("task").get("id").asText());
        assertTrue(server.gateway.calls().contains("poll w-proto 2 [] " + Duration.ofSeconds(1)),
                "maxWait is capped: " + server.gateway.calls());

        long start = System.nanoTime();
        HttpResponse<String> empty = server.postJson("/api/v1/workers/w-proto/poll", WORKER,
                "{\"freeSlots\":0,\"running\":[{\"task\":\"r1.2\",\"attempt\":1}],\"maxWait\":\"PT0.2S\"}");
        assertEquals(200, empty.statusCode());
        assertEquals(0, json(empty).get("leases").size());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(190).toNanos());

        String attempt = "{\"task\":\"r1.2\",\"attempt\":1}";
        assertEquals(204, server.postJson("/api/v1/workers/w-proto/started", WORKER, attempt).statusCode());
        problem(server.postJson("/api/v1/workers/w-proto/started", WORKER, "{\"task\":\"r1.2\",\"attempt\":2}"), 409,
                "DTF-1009");
        assertEquals(204, server.postJson("/api/v1/workers/w-proto/log", WORKER,
                "{\"attempt\":" + attempt + ",\"text\":\"hello\\n\"}").statusCode());
        assertEquals(204, server.postJson("/api/v1/workers/w-proto/log", WORKER,
                "{\"attempt\":" + attempt + ",\"text\":\"again\\n\",\"offset\":6}").statusCode());
        assertTrue(server.gateway.calls().contains("log w-proto r1.2#1 @6 again\n"), server.gateway.calls().toString());
        assertEquals(Set.of("offset"), problem(server.postJson("/api/v1/workers/w-proto/log", WORKER,
                "{\"attempt\":" + attempt + ",\"text\":\"x\",\"offset\":-1}"), 400, "DTF-1002"));
        assertEquals(204, server.postJson("/api/v1/workers/w-proto/completed", WORKER,
                "{\"attempt\":" + attempt + ",\"result\":{\"status\":\"PASSED\",\"duration\":\"PT1S\",\"exitCode\":0}}")
                .statusCode());
        // many reports in one request, and in a poll; refused ones are listed, the rest taken
        HttpResponse<String> reports = server.postJson("/api/v1/workers/w-proto/reports", WORKER,
                "{\"started\":[{\"task\":\"r1.3\",\"attempt\":1},{\"task\":\"r1.4\",\"attempt\":2}],"
                        + "\"completed\":[{\"attempt\":{\"task\":\"r1.3\",\"attempt\":1},"
                        + "\"result\":{\"status\":\"FAILED\",\"exitCode\":1},\"logEnd\":\"bye\"}]}");
        assertEquals(200, reports.statusCode(), reports.body());
        assertEquals("r1.4", json(reports).get("refused").get(0).get("task").asText());
        assertEquals(1, json(reports).get("refused").size());
        assertEquals(0, json(reports).get("leases").size(), "no free slots named: no new work");
        server.gateway.offer(lease);
        HttpResponse<String> withSlot = server.postJson("/api/v1/workers/w-proto/reports", WORKER,
                "{\"completed\":[{\"attempt\":{\"task\":\"r1.7\",\"attempt\":1},\"result\":{\"status\":\"PASSED\"}}],"
                        + "\"returned\":[{\"task\":\"r1.8\",\"attempt\":1}],\"freeSlots\":1}");
        assertEquals(200, withSlot.statusCode(), withSlot.body());
        assertTrue(server.gateway.calls().contains("reports w-proto with 1 free"), server.gateway.calls().toString());
        assertEquals("r1.2", json(withSlot).get("leases").get(0).get("attempt").get("task").asText(),
                "the answer brings the next task");
        HttpResponse<String> pollWithReports = server.postJson("/api/v1/workers/w-proto/poll", WORKER,
                "{\"freeSlots\":0,\"maxWait\":\"PT0S\",\"started\":[{\"task\":\"r1.5\",\"attempt\":3}],"
                        + "\"returned\":[{\"task\":\"r1.9\",\"attempt\":2}],"
                        + "\"completed\":[{\"attempt\":{\"task\":\"r1.6\",\"attempt\":1},"
                        + "\"result\":{\"status\":\"PASSED\"}}]}");
        assertEquals(200, pollWithReports.statusCode(), pollWithReports.body());
        assertEquals("r1.5", json(pollWithReports).get("refused").get(0).get("task").asText());
        assertEquals(204, server.post("/api/v1/workers/w-proto/draining", WORKER, null, "").statusCode());
        assertEquals(204, server.post("/api/v1/workers/w-proto/drain", ADMIN, null, "").statusCode());
        assertEquals(204, server.send(server.request("/api/v1/workers/w-proto", WORKER).DELETE().build()).statusCode());
        problem(server.postJson("/api/v1/workers/w-proto/poll", WORKER, "{\"freeSlots\":1}"), 404, "DTF-1004");
        assertTrue(server.gateway.calls().containsAll(List.of("started w-proto r1.2#1", "log w-proto r1.2#1 hello\n",
                "completed w-proto r1.2#1 PASSED", "started w-proto r1.3#1", "completed w-proto r1.3#1 FAILED log bye",
                "completed w-proto r1.6#1 PASSED", "returned w-proto r1.8#1", "returned w-proto r1.9#2",
                "draining w-proto", "unregister w-proto")),
                server.gateway.calls().toString());
    }

    @Test
    void badWorkerBodiesNameEveryProblem() throws Exception {
        server.gateway.register(worker("w-bad"));
        String poll = "/api/v1/workers/w-bad/poll";
        assertEquals(Set.of("freeSlots", "maxWait", "extra"), problem(server.postJson(poll, WORKER,
                "{\"freeSlots\":\"two\",\"maxWait\":\"soon\",\"extra\":1}"), 400, "DTF-1002"));
        assertEquals(Set.of("maxWait"), problem(server.postJson(poll, WORKER,
                "{\"freeSlots\":1,\"maxWait\":\"PT-5S\"}"), 400, "DTF-1002"));
        assertEquals(Set.of("freeSlots"), problem(server.postJson(poll, WORKER, "{\"freeSlots\":-1}"), 400,
                "DTF-1002"));
        assertEquals(Set.of("freeSlots"), problem(server.postJson(poll, WORKER, "{\"freeSlots\":1.5}"), 400,
                "DTF-1002"));
        assertEquals(Set.of("freeSlots"), problem(server.postJson(poll, WORKER, "{}"), 400, "DTF-1002"));
        assertEquals(Set.of("running[0]"), problem(server.postJson(poll, WORKER,
                "{\"freeSlots\":1,\"running\":[{\"task\":\"r1.1\",\"attempt\":0}]}"), 400, "DTF-1002"));
        assertEquals(Set.of("running"), problem(server.postJson(poll, WORKER,
                "{\"freeSlots\":1,\"running\":{\"task\":\"r1.1\"}}"), 400, "DTF-1002"));
        assertEquals(Set.of(""), problem(server.postJson(poll, WORKER, "{\"freeSlots\":"), 400, "DTF-1002"));
        assertEquals(Set.of(""), problem(server.postJson(poll, WORKER, ""), 400, "DTF-1002"));
        assertEquals(Set.of(""), problem(server.postJson(poll, WORKER, "{\"freeSlots\":1} {}"), 400, "DTF-1002"));
        assertEquals(Set.of(""), problem(server.postJson(poll, WORKER, "null"), 400, "DTF-1002"));
        problem(server.post(poll, WORKER, "application/x-www-form-urlencoded", "freeSlots=1"), 415, "DTF-1415");
        String reports = "/api/v1/workers/w-bad/reports";
        assertEquals(Set.of("started[1]", "completed[0]"), problem(server.postJson(reports, WORKER,
                "{\"started\":[{\"task\":\"r1.1\",\"attempt\":1},null],\"completed\":[null]}"), 400, "DTF-1002"));
        assertEquals(Set.of("maxWait"), problem(server.postJson(reports, WORKER, "{\"maxWait\":\"PT1S\"}"), 400,
                "DTF-1002"), "a poll's field");
        assertEquals(Set.of("freeSlots"), problem(server.postJson(reports, WORKER, "{\"freeSlots\":-1}"), 400,
                "DTF-1002"));
        assertEquals(Set.of("completed[0].result"), problem(server.postJson(reports, WORKER,
                "{\"completed\":[{\"attempt\":{\"task\":\"r1.1\",\"attempt\":1}}]}"), 400, "DTF-1002"));
        assertEquals(Set.of("started[0]"), problem(server.postJson(poll, WORKER,
                "{\"freeSlots\":1,\"started\":[null]}"), 400, "DTF-1002"));
        assertEquals(Set.of("returned[1]"), problem(server.postJson(poll, WORKER,
                "{\"freeSlots\":1,\"returned\":[{\"task\":\"r1.1\",\"attempt\":1},null]}"), 400, "DTF-1002"));
        problem(server.postJson(poll, WORKER, "{\"freeSlots\":1,\"x\":\"" + "z".repeat(9000) + "\"}"), 413,
                "DTF-1413");
        assertEquals(Set.of("path.workerId"), problem(server.postJson("/api/v1/workers/bad%20id/poll", WORKER,
                "{\"freeSlots\":1}"), 400, "DTF-1002"));
        HttpResponse<String> noSlot = server.postJson("/api/v1/workers", WORKER,
                "{\"id\":\"w2\",\"capabilities\":{},\"slots\":0}");
        problem(noSlot, 400, "DTF-1002");
        assertTrue(noSlot.body().contains("a worker needs at least one slot: 0"), noSlot.body());
        assertEquals(Set.of("id", "name"), problem(server.postJson("/api/v1/workers", WORKER,
                "{\"id\":\"a b\",\"capabilities\":{},\"slots\":1}"), 400, "DTF-1002"));
        assertEquals(Set.of("capabilities"), problem(server.postJson("/api/v1/workers", WORKER,
                "{\"id\":\"w3\",\"slots\":1}"), 400, "DTF-1002"));
        assertEquals(Set.of("prefetch"), problem(server.postJson("/api/v1/workers", WORKER,
                "{\"id\":\"w4\",\"name\":\"w4\",\"capabilities\":{},\"slots\":10,\"prefetch\":9991}"), 400,
                "DTF-1002"));
        HttpResponse<String> negativePrefetch = server.postJson("/api/v1/workers", WORKER,
                "{\"id\":\"w5\",\"name\":\"w5\",\"capabilities\":{},\"slots\":1,\"prefetch\":-1}");
        problem(negativePrefetch, 400, "DTF-1002");
        assertTrue(negativePrefetch.body().contains("fewer than 0 tasks ahead: -1"), negativePrefetch.body());
        assertEquals(Set.of("result"), problem(server.postJson("/api/v1/workers/w-bad/completed", WORKER,
                "{\"attempt\":{\"task\":\"r1.1\",\"attempt\":1},\"result\":{\"status\":\"RUNNING\"}}"), 400,
                "DTF-1002"));
        assertEquals(Set.of("result.status"), problem(server.postJson("/api/v1/workers/w-bad/completed", WORKER,
                "{\"attempt\":{\"task\":\"r1.1\",\"attempt\":1},\"result\":{\"status\":\"GREAT\"}}"), 400,
                "DTF-1002"));
        assertEquals(Set.of("attempt", "text"), problem(server.postJson("/api/v1/workers/w-bad/log", WORKER, "{}"),
                400, "DTF-1002"));
        assertEquals(200, server.get("/health", null).statusCode());
    }

    @Test
    void eventsAreStreamedToEachClientOfTheirTypes() throws Exception {
        HttpResponse<InputStream> all = server.client.send(server.request("/api/v1/events", VIEWER).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, all.statusCode());
        assertTrue(all.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        HttpResponse<InputStream> runs = server.client.send(server.request("/api/v1/events?types=RUN_COMPLETED",
                VIEWER).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, runs.statusCode());
        // a third client is over the limit of this server
        problem(server.get("/api/v1/events", VIEWER), 429, "DTF-1429");
        problem(server.get("/api/v1/events?types=NOPE", VIEWER), 400, "DTF-1002");

        server.events.on(new DtfEvent(HookType.TASK_STARTED, Instant.now(), RunId.of("r1"), TaskId.of("r1.1"), null,
                Severity.INFO, Map.of()));
        server.events.on(new DtfEvent(HookType.RUN_COMPLETED, Instant.now(), RunId.of("r1"), null, null,
                Severity.INFO, Map.of("state", "PASSED")));
        List<String> fromAll = events(all.body(), 2);
        List<String> fromRuns = events(runs.body(), 1);
        assertEquals(List.of("TASK_STARTED", "RUN_COMPLETED"), fromAll.stream().map(e -> e.split("\n")[0]).toList());
        assertEquals("RUN_COMPLETED", fromRuns.get(0).split("\n")[0]);
        JsonNode data = DtfJson.mapper().readTree(fromRuns.get(0).split("\n")[1]);
        assertEquals("r1", data.get("run").asText());
        assertEquals("PASSED", data.get("data").get("state").asText());
        all.body().close();
        runs.body().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.events.clients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50); // the heartbeat finds the closed streams
        }
        assertEquals(0, server.events.clients());
    }

    /** Reads {@code count} events of an SSE stream as "TYPE\nDATA". */
    static List<String> events(InputStream stream, int count) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        String type = null;
        for (String line = reader.readLine(); line != null && found.size() < count; line = reader.readLine()) {
            if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ") && type != null) {
                found.add(type + "\n" + line.substring(6));
                type = null;
            }
        }
        assertNotNull(type == null ? "" : null);
        return found;
    }

    @Test
    void pluginsAndSchedulersAreListedAndSwitchedByAnAdmin() throws Exception {
        JsonNode all = json(server.get("/api/v1/plugins", VIEWER));
        assertEquals(2, all.get("total").asInt());
        JsonNode reporters = json(server.get("/api/v1/plugins?type=reporter&state=ACTIVE", VIEWER));
        assertEquals(1, reporters.get("total").asInt());
        JsonNode report = reporters.get("items").get(0);
        assertEquals("io.example.report", report.get("name").asText());
        assertEquals(7, report.get("delivered").asInt());
        assertEquals(1, report.get("failures").asInt());
        assertEquals(Set.of("query.type"), problem(server.get("/api/v1/plugins?type=nothing", VIEWER), 400,
                "DTF-1002"));
        assertEquals(204, server.post("/api/v1/plugins/io.example.report/disable", ADMIN, null, "").statusCode());
        assertEquals(204, server.post("/api/v1/plugins/io.example.report/enable", ADMIN, null, "").statusCode());
        problem(server.post("/api/v1/plugins/io.example.report/disable", SUBMITTER, null, ""), 403, "DTF-1403");
        problem(server.post("/api/v1/plugins/other/disable", ADMIN, null, ""), 404, "DTF-1004");
        assertEquals(Set.of("path.name"), problem(server.post("/api/v1/plugins/a%20b/disable", ADMIN, null, ""), 400,
                "DTF-1002"));
        assertTrue(server.plugins.calls().containsAll(List.of("disable io.example.report",
                "enable io.example.report")));

        server.plugins.park("io.example.report", new ParkedEvent("io.example.report/io.example.Report",
                new StoredEvent(12, new DtfEvent(HookType.RUN_COMPLETED, Instant.parse("2026-11-27T10:00:00Z"),
                        RunId.of("r7"), null, null, Severity.ERROR, Map.of())), "HTTP 400: refused", 8,
                Instant.parse("2026-11-27T10:10:00Z")));
        JsonNode parked = json(server.get("/api/v1/plugins/io.example.report/parked", VIEWER));
        assertEquals("r7:RUN_COMPLETED", parked.get(0).get("event").get("event").get("id").asText());
        assertEquals(12, parked.get(0).get("event").get("seq").asInt());
        assertEquals("HTTP 400: refused", parked.get(0).get("reason").asText());
        problem(server.post("/api/v1/plugins/io.example.report/parked/redeliver", VIEWER, null, ""), 403, "DTF-1403");
        assertEquals(Set.of("query.seq"), problem(server.post("/api/v1/plugins/io.example.report/parked/redeliver?seq=x",
                ADMIN, null, ""), 400, "DTF-1002"));
        assertEquals(1, json(server.post("/api/v1/plugins/io.example.report/parked/redeliver?seq=12", ADMIN, null, ""))
                .get("redelivered").asInt());
        problem(server.post("/api/v1/plugins/io.example.report/parked/redeliver?seq=12", ADMIN, null, ""), 404,
                "DTF-1004");
        assertEquals(0, json(server.get("/api/v1/plugins/io.example.report/parked", VIEWER)).size());

        JsonNode schedulers = json(server.get("/api/v1/schedulers", VIEWER));
        assertEquals("fifo", schedulers.get("items").get(0).get("name").asText());
        assertEquals(3, schedulers.get("items").get(0).get("counters").get("decisions").asInt());
        assertEquals(204, server.post("/api/v1/schedulers/fifo/use", ADMIN, null, "").statusCode());
        // as the coordinator refuses it: not installed is bad input (DTF-1002), not an unknown resource
        problem(server.post("/api/v1/schedulers/nope/use", ADMIN, null, ""), 400, "DTF-1002");
    }
}
