package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.DtfJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Boots a stock Apache Karaf with the {@code dtf-core} and {@code dtf-rest} features and drives DTF
 * only over HTTP, as a CI job, a remote worker or a browser would: plans run to the end, the worker
 * protocol works against the real coordinator, events stream, and bad requests get the right 4xx with
 * a problem document naming what is wrong while the server keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestIT {
    static final String ADMIN = "it-admin-token-0123456789";
    static final String SUBMITTER = "it-submitter-token-0123456789";
    static final String VIEWER = "it-viewer-token-0123456789";
    static final String WORKER = "it-worker-token-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    @Configuration
    public Option[] config() throws Exception {
        int port = StockKaraf.freePort();
        return StockKaraf.withFeatures(new String[] {"dtf-core", "dtf-rest"},
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port)),
            editConfigurationFilePut("etc/system.properties", "dtf.rest.port", String.valueOf(port)),
            editConfigurationFilePut("etc/system.properties", "dtf.examples", System.getProperty("dtf.examples")),
            editConfigurationFilePut("etc/io.dtf.worker.cfg", "slots", "4"),
            // a hashed entry and plain ones, as an operator would configure them
            editConfigurationFilePut("etc/io.dtf.rest.cfg", ".tokens", "admin:" + ADMIN + ", submitter:sha256:"
                    + sha256(SUBMITTER) + ", viewer:" + VIEWER + ", worker:" + WORKER));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Before
    public void awaitReady() throws Exception {
        base = URI.create("http://127.0.0.1:" + Integer.getInteger("dtf.rest.port") + "/");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (send("GET", "/ready", null, null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Jetty or the servlet is not there yet
            }
            if (System.nanoTime() > deadline) {
                fail("the REST API did not become ready");
            }
            Thread.sleep(200);
        }
    }

    // ---------------------------------------------------------------- runs

    @Test
    public void aPlanSubmittedOverRestRunsToTheEndWithItsTasksTestCasesAndLogs() throws Exception {
        HttpResponse<String> submitted = send("POST", "/api/v1/runs", SUBMITTER, "application/yaml",
                example("quickstart.yaml"));
        assertEquals(submitted.body(), 201, submitted.statusCode());
        String id = json(submitted).get("run").get("id").asText();
        assertEquals("/api/v1/runs/" + id, submitted.headers().firstValue("Location").orElseThrow());

        JsonNode run = awaitFinished(id);
        assertEquals("FAILED", run.get("state").asText());
        assertEquals(7, run.get("testCases").asInt());
        assertEquals(2, run.get("failedTestCases").asInt());

        JsonNode tasks = json(send("GET", "/api/v1/runs/" + id + "/tasks", VIEWER, null, null));
        assertEquals(3, tasks.get("total").asInt());
        List<String> states = new ArrayList<>();
        tasks.get("items").forEach(t -> states.add(t.get("name").asText() + "=" + t.get("state").asText()));
        assertEquals(List.of("passes=PASSED", "fails=FAILED", "times-out=TIMED_OUT"), states);

        JsonNode failed = json(send("GET", "/api/v1/runs/" + id + "/testcases?status=failed,error", VIEWER, null,
                null));
        assertEquals(2, failed.get("items").size());
        assertEquals("readsNegativeNumbers", failed.get("items").get(0).get("result").get("name").asText());

        String passes = tasks.get("items").get(0).get("id").asText();
        HttpResponse<String> log = send("GET", "/api/v1/tasks/" + passes + "/log?tail=2", VIEWER, null, null);
        assertEquals(200, log.statusCode());
        assertTrue(log.body(), log.body().startsWith("3 passed, 0 failed, 1 skipped\n"));
        assertEquals(log.body(), 2, log.body().split("\n").length);
        assertTrue(send("GET", "/api/v1/tasks/" + passes + "/log", VIEWER, null, null).body().contains("3 passed"));
        assertEquals(4, json(send("GET", "/api/v1/tasks/" + passes, VIEWER, null, null)).get("result")
                .get("testCases").size());
        assertEquals(1, json(send("GET", "/api/v1/tasks/" + passes + "/attempts", VIEWER, null, null))
                .get("total").asInt());

        JsonNode runs = json(send("GET", "/api/v1/runs?limit=1", VIEWER, null, null));
        assertEquals(1, runs.get("items").size());
        JsonNode workers = json(send("GET", "/api/v1/workers", VIEWER, null, null));
        assertTrue(workers.toString(), workers.get("total").asInt() >= 1);
        JsonNode schedulers = json(send("GET", "/api/v1/schedulers", VIEWER, null, null));
        assertTrue(schedulers.toString(), schedulers.get("items").size() >= 1);
        assertEquals(200, send("GET", "/api/v1/plugins?state=active", VIEWER, null, null).statusCode());
    }

    @Test
    public void aSubmissionsLabelsAndCiContextAreStoredAndRunsAreFoundByThem() throws Exception {
        String submission = "{\"plan\": \"name: rest-context\\nlabels: {team: it}\\ntasks:\\n"
                + "  - {name: t, command: ['true']}\\n\", \"file\": \"context.yaml\", \"labels\": {\"it\": "
                + "\"run-context\"}, \"ci\": {\"provider\": \"github\", \"repository\": \"acme/it\", \"commit\": "
                + "\"0123456789abcdef0123456789abcdef01234567\", \"branch\": \"feature/it\", \"pullRequest\": 4242, "
                + "\"buildUrl\": \"https://github.com/acme/it/actions/runs/1\", \"attributes\": {\"runAttempt\": \"1\"}}}";
        HttpResponse<String> submitted = send("POST", "/api/v1/runs", SUBMITTER, "application/vnd.dtf.submission+json",
                submission);
        assertEquals(submitted.body(), 201, submitted.statusCode());
        String id = json(submitted).get("run").get("id").asText();

        // found in the store (schema 5) by labels of the plan and of the submission, and by the CI context
        JsonNode found = json(send("GET", "/api/v1/runs?label=it=run-context&label=team=it&repository=acme/it"
                + "&pullRequest=4242&commit=0123456789abcdef0123456789abcdef01234567", VIEWER, null, null));
        assertEquals(found.toString(), 1, found.get("items").size());
        JsonNode run = found.get("items").get(0).get("run");
        assertEquals(id, run.get("id").asText());
        assertEquals("feature/it", run.get("ci").get("branch").asText());
        assertEquals("1", run.get("ci").get("attributes").get("runAttempt").asText());
        assertEquals(0, json(send("GET", "/api/v1/runs?label=it=other", VIEWER, null, null)).get("items").size());
        assertEquals(400, send("POST", "/api/v1/runs", SUBMITTER, "application/vnd.dtf.submission+json",
                "{\"plan\": \"name: x\", \"ci\": {\"provider\": \"github\", \"pullRequest\": 0}}").statusCode());
    }

    @Test
    public void aRunIsCancelledOverRest() throws Exception {
        String plan = "{\"name\":\"rest-cancel\",\"tasks\":[{\"name\":\"sleeps\",\"type\":\"command\","
                + "\"command\":[\"sleep\",\"60\"],\"requirements\":{\"labels\":[\"nobody-has-this\"]}}]}";
        HttpResponse<String> submitted = send("POST", "/api/v1/runs", ADMIN, "application/json", plan);
        assertEquals(submitted.body(), 201, submitted.statusCode());
        String id = json(submitted).get("run").get("id").asText();
        assertEquals(1, json(send("POST", "/api/v1/runs/" + id + "/cancel", SUBMITTER, null, null))
                .get("cancelled").asInt());
        assertEquals("CANCELLED", json(send("GET", "/api/v1/runs/" + id, VIEWER, null, null)).get("state").asText());
        assertEquals("false", json(send("POST", "/api/v1/tasks/" + id + ".1/cancel", SUBMITTER, null, null))
                .get("cancelled").asText());
    }

    // ---------------------------------------------------------------- the worker protocol

    @Test
    public void aRemoteWorkerTakesLeasesAndReportsOverHttp() throws Exception {
        String worker = "rest-it-worker";
        String info = "{\"id\":\"" + worker + "\",\"name\":\"rest-it\",\"host\":\"localhost\",\"slots\":1,"
                + "\"capabilities\":{\"os\":\"linux\",\"arch\":\"x86_64\",\"cpus\":1,\"memoryMb\":512,"
                + "\"javaVersion\":\"17\",\"labels\":[\"rest-it-only\"],\"browsers\":[],\"webgpu\":false,"
                + "\"webnn\":false}}";
        assertEquals(204, send("POST", "/api/v1/workers", WORKER, "application/json", info).statusCode());

        // only this worker has the label, so the embedded worker leaves the task alone
        String plan = "name: remote\ntasks:\n  - name: on-remote\n    type: command\n    command: [\"true\"]\n"
                + "    requirements: {labels: [rest-it-only]}\n";
        String run = json(send("POST", "/api/v1/runs", SUBMITTER, "application/yaml", plan)).get("run").get("id")
                .asText();

        JsonNode poll = json(send("POST", "/api/v1/workers/" + worker + "/poll", WORKER, "application/json",
                "{\"freeSlots\":1,\"running\":[],\"maxWait\":\"PT10S\"}"));
        assertEquals(poll.toString(), 1, poll.get("leases").size());
        JsonNode attempt = poll.get("leases").get(0).get("attempt");
        assertEquals(run + ".1", attempt.get("task").asText());

        String path = "/api/v1/workers/" + worker;
        assertEquals(204, send("POST", path + "/started", WORKER, "application/json", attempt.toString()).statusCode());
        assertEquals(204, send("POST", path + "/log", WORKER, "application/json",
                "{\"attempt\":" + attempt + ",\"text\":\"hello from a remote worker\\n\"}").statusCode());
        String stale = "{\"task\":\"" + run + ".1\",\"attempt\":" + (attempt.get("attempt").asInt() + 1) + "}";
        problem(send("POST", path + "/started", WORKER, "application/json", stale), 409, "DTF-1009", "");
        assertEquals(204, send("POST", path + "/completed", WORKER, "application/json", "{\"attempt\":" + attempt
                + ",\"result\":{\"status\":\"PASSED\",\"duration\":\"PT0.5S\",\"exitCode\":0}}").statusCode());
        // a second report of the finished attempt is refused, never applied
        problem(send("POST", path + "/completed", WORKER, "application/json", "{\"attempt\":" + attempt
                + ",\"result\":{\"status\":\"FAILED\",\"exitCode\":1}}"), 409, "DTF-1009", "");

        assertEquals("PASSED", awaitFinished(run).get("state").asText());
        assertEquals("hello from a remote worker\n", send("GET", "/api/v1/tasks/" + run + ".1/log", VIEWER, null, null)
                .body());

        long start = System.nanoTime();
        JsonNode idle = json(send("POST", path + "/poll", WORKER, "application/json",
                "{\"freeSlots\":1,\"maxWait\":\"PT0.5S\"}"));
        assertEquals(0, idle.get("leases").size());
        assertTrue("an idle poll waits", System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400));

        assertEquals(204, send("POST", path + "/draining", WORKER, null, null).statusCode());
        assertEquals(204, send("DELETE", path, WORKER, null, null).statusCode());
        problem(send("POST", path + "/poll", WORKER, "application/json", "{\"freeSlots\":1}"), 404, "DTF-1004",
                "register");
    }

    // ---------------------------------------------------------------- events and documents

    @Test
    public void theEventStreamDeliversRunCompleted() throws Exception {
        HttpResponse<InputStream> stream = http.send(request("GET", "/api/v1/events?types=RUN_COMPLETED", VIEWER,
                null, null).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                    StandardCharsets.UTF_8))) {
                String event = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        events.add(event + " " + line.substring(6));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "rest-it-events");
        reader.setDaemon(true);
        reader.start();
        String id = json(send("POST", "/api/v1/runs", SUBMITTER, "application/yaml", example("passing.yaml")))
                .get("run").get("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode completed = null;
        while (completed == null && System.nanoTime() < deadline) {
            String next = events.poll(1, TimeUnit.SECONDS);
            if (next == null) {
                continue;
            }
            assertTrue("only the asked-for type: " + next, next.startsWith("RUN_COMPLETED "));
            JsonNode event = DtfJson.mapper().readTree(next.substring("RUN_COMPLETED ".length()));
            if (id.equals(event.get("run").asText())) {
                completed = event;
            }
        }
        assertTrue("RUN_COMPLETED of " + id + " within 60 s", completed != null);
        assertEquals("RUN_COMPLETED", completed.get("type").asText());
        assertEquals("PASSED", completed.get("data").get("state").asText());
        stream.body().close();
    }

    @Test
    public void theOpenApiDocumentAndHealthNeedNoToken() throws Exception {
        HttpResponse<String> doc = send("GET", "/api/openapi.json", null, null, null);
        assertEquals(200, doc.statusCode());
        JsonNode openApi = json(doc);
        assertTrue(openApi.get("openapi").asText().startsWith("3."));
        assertTrue(openApi.get("paths").has("/api/v1/runs"));
        assertTrue(openApi.get("paths").get("/api/v1/workers/{workerId}/poll").has("post"));
        assertEquals("UP", json(send("GET", "/health", null, null, null)).get("status").asText());
        assertEquals("READY", json(send("GET", "/ready", null, null, null)).get("status").asText());
    }

    // ---------------------------------------------------------------- bad input

    /** A bad request, the status and code it must get, and a text its problem document must contain. */
    record Bad(String what, String method, String path, String token, String contentType, Object body, int status,
               String code, String names) {
    }

    static String plan(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    public void badInputsGetTheRight4xxWithAProblemNamingItAndTheServerKeepsServing() throws Exception {
        String runs = "/api/v1/runs";
        String yaml = "application/yaml";
        String json = "application/json";
        String task = "  - {name: a, type: command, command: [\"true\"]}";
        String worker = "/api/v1/workers/rest-it-bad";
        assertEquals(204, send("POST", "/api/v1/workers", WORKER, json, "{\"id\":\"rest-it-bad\",\"name\":\"bad\",\"slots\":1,"
                + "\"capabilities\":{\"labels\":[\"rest-it-bad-only\"]}}").statusCode());
        byte[] huge = new byte[5 * 1024 * 1024 + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        List<Bad> cases = List.of(
            // plans: syntax, types, unknown keys and types, limits, encodings
            new Bad("malformed YAML", "POST", runs, SUBMITTER, yaml, "name: [unclosed", 400, "DTF-1001", ""),
            new Bad("malformed JSON", "POST", runs, SUBMITTER, json, "{\"name\": \"x\", ", 400, "DTF-1001", ""),
            new Bad("a YAML list, not a plan", "POST", runs, SUBMITTER, yaml, "- a\n- b\n", 400, "DTF-1001", ""),
            new Bad("empty plan", "POST", runs, SUBMITTER, yaml, "", 400, "DTF-1001", ""),
            new Bad("no name", "POST", runs, SUBMITTER, yaml, plan("tasks:", task), 400, "DTF-1001", "name"),
            new Bad("tasks not a list", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks: 5"), 400, "DTF-1001",
                    "tasks"),
            new Bad("unknown task type", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: nonsense}"), 400, "DTF-1001", "tasks[0].type"),
            new Bad("unknown task key", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, comand: [\"true\"]}"), 400, "DTF-1001", "tasks[0].comand"),
            new Bad("unknown top-level key", "POST", runs, SUBMITTER, yaml, plan("name: x", "nmae: y", "tasks:", task),
                    400, "DTF-1001", "nmae"),
            new Bad("unknown key in JSON", "POST", runs, SUBMITTER, json, "{\"name\":\"x\",\"colour\":1,\"tasks\":"
                    + "[{\"name\":\"a\",\"type\":\"command\",\"command\":[\"true\"]}]}", 400, "DTF-1001", "colour"),
            new Bad("negative timeout", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: [\"true\"], timeout: -5s}"), 400, "DTF-1001",
                    "tasks[0].timeout"),
            new Bad("huge timeout", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: [\"true\"], timeout: 1000d}"), 400, "DTF-1001",
                    "tasks[0].timeout"),
            new Bad("timeout of the wrong type", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: [\"true\"], timeout: [1]}"), 400, "DTF-1001",
                    "tasks[0].timeout"),
            new Bad("zero attempts", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: [\"true\"], maxAttempts: 0}"), 400, "DTF-1001",
                    "tasks[0].maxAttempts"),
            new Bad("attempts as text", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: [\"true\"], maxAttempts: two}"), 400, "DTF-1001",
                    "tasks[0].maxAttempts"),
            new Bad("priority as text", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: [\"true\"], priority: high}"), 400, "DTF-1001",
                    "tasks[0].priority"),
            new Bad("duplicate task names", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:", task, task), 400,
                    "DTF-1001", "tasks[1].name"),
            new Bad("command not a list", "POST", runs, SUBMITTER, yaml, plan("name: x", "tasks:",
                    "  - {name: a, type: command, command: 5}"), 400, "DTF-1001", "tasks[0].command"),
            new Bad("plan over 5 MiB", "POST", runs, SUBMITTER, yaml, huge, 413, "DTF-1413", "5 MiB"),
            new Bad("plan without Content-Type", "POST", runs, SUBMITTER, null, "name: x", 415, "DTF-1415",
                    "Content-Type"),
            new Bad("plan as text/plain", "POST", runs, SUBMITTER, "text/plain", "name: x", 415, "DTF-1415",
                    "text/plain"),
            new Bad("plan in Latin-1", "POST", runs, SUBMITTER, "application/yaml; charset=ISO-8859-1", "name: x", 415,
                    "DTF-1415", "UTF-8"),
            new Bad("plan not UTF-8", "POST", runs, SUBMITTER, yaml, new byte[] {'n', ':', ' ', (byte) 0xE9}, 400,
                    "DTF-1002", "UTF-8"),
            // auth
            new Bad("no token", "GET", runs, null, null, null, 401, "DTF-1401", "token"),
            new Bad("unknown token", "GET", runs, "not-a-token-at-all-12345", null, null, 401, "DTF-1401", "not valid"),
            new Bad("viewer submits", "POST", runs, VIEWER, yaml, plan("name: x", "tasks:", task), 403, "DTF-1403",
                    "submitter"),
            new Bad("worker reads runs", "GET", runs, WORKER, null, null, 403, "DTF-1403", "viewer"),
            new Bad("submitter drains", "POST", worker + "/drain", SUBMITTER, null, null, 403, "DTF-1403", "admin"),
            new Bad("viewer registers a worker", "POST", "/api/v1/workers", VIEWER, json, "{}", 403, "DTF-1403",
                    "worker"),
            // routes and methods
            new Bad("PUT on runs", "PUT", runs, ADMIN, json, "{}", 405, "DTF-1405", "GET, POST"),
            new Bad("DELETE a run", "DELETE", runs + "/r1", ADMIN, null, null, 405, "DTF-1405", "GET"),
            new Bad("POST /health", "POST", "/health", null, json, "{}", 405, "DTF-1405", "GET"),
            new Bad("unknown route", "GET", "/api/v1/nothing", VIEWER, null, null, 404, "DTF-1004", "no route"),
            // ids
            new Bad("malformed run id", "GET", runs + "/xyz", VIEWER, null, null, 400, "DTF-1002", "path.runId"),
            new Bad("malformed task id", "GET", "/api/v1/tasks/r1", VIEWER, null, null, 400, "DTF-1002", "path.taskId"),
            new Bad("malformed task id in a filter", "GET", "/api/v1/tasks?run=1", VIEWER, null, null, 400, "DTF-1002",
                    "query.run"),
            new Bad("unknown run", "GET", runs + "/r987654", VIEWER, null, null, 404, "DTF-1004", "r987654"),
            new Bad("cancel an unknown task", "POST", "/api/v1/tasks/r987654.1/cancel", SUBMITTER, null, null, 404,
                    "DTF-1004", "r987654.1"),
            new Bad("drain an unknown worker", "POST", "/api/v1/workers/nobody/drain", ADMIN, null, null, 404,
                    "DTF-1004", "nobody"),
            // paging and filters
            new Bad("limit 0", "GET", runs + "?limit=0", VIEWER, null, null, 400, "DTF-1002", "query.limit"),
            new Bad("limit too large", "GET", runs + "?limit=5000", VIEWER, null, null, 400, "DTF-1002", "query.limit"),
            new Bad("negative offset", "GET", runs + "?offset=-3", VIEWER, null, null, 400, "DTF-1002", "query.offset"),
            new Bad("limit not a number", "GET", runs + "?limit=abc", VIEWER, null, null, 400, "DTF-1002",
                    "query.limit"),
            new Bad("unknown parameter", "GET", runs + "?colour=red", VIEWER, null, null, 400, "DTF-1002",
                    "query.colour"),
            new Bad("unknown state", "GET", "/api/v1/tasks?state=DONE", VIEWER, null, null, 400, "DTF-1002",
                    "query.state"),
            new Bad("unknown event type", "GET", "/api/v1/events?types=NOPE", VIEWER, null, null, 400, "DTF-1002",
                    "query.types"),
            new Bad("log tail 0", "GET", "/api/v1/tasks/r1.1/log?tail=0", VIEWER, null, null, 400, "DTF-1002",
                    "query.tail"),
            // the worker protocol
            new Bad("poll with an unknown field", "POST", worker + "/poll", WORKER, json,
                    "{\"freeSlots\":1,\"slots\":2}", 400, "DTF-1002", "slots"),
            new Bad("poll with slots as text", "POST", worker + "/poll", WORKER, json, "{\"freeSlots\":\"two\"}", 400,
                    "DTF-1002", "freeSlots"),
            new Bad("poll with a negative wait", "POST", worker + "/poll", WORKER, json,
                    "{\"freeSlots\":1,\"maxWait\":\"PT-5S\"}", 400, "DTF-1002", "maxWait"),
            new Bad("poll with malformed JSON", "POST", worker + "/poll", WORKER, json, "{\"freeSlots\":", 400,
                    "DTF-1002", "malformed JSON"),
            new Bad("poll as a form", "POST", worker + "/poll", WORKER, "application/x-www-form-urlencoded",
                    "freeSlots=1", 415, "DTF-1415", "application/json"),
            new Bad("register with no slot", "POST", "/api/v1/workers", WORKER, json,
                    "{\"id\":\"w0\",\"slots\":0,\"capabilities\":{}}", 400, "DTF-1002", "slot"),
            new Bad("register a bad id", "POST", "/api/v1/workers", WORKER, json,
                    "{\"id\":\"a b\",\"name\":\"x\",\"slots\":1,\"capabilities\":{}}", 400, "DTF-1002", "\"id\""),
            new Bad("register without a name", "POST", "/api/v1/workers", WORKER, json,
                    "{\"id\":\"w1\",\"slots\":1,\"capabilities\":{}}", 400, "DTF-1002", "\"name\""),
            new Bad("a result that is not final", "POST", worker + "/completed", WORKER, json,
                    "{\"attempt\":{\"task\":\"r1.1\",\"attempt\":1},\"result\":{\"status\":\"RUNNING\"}}", 400,
                    "DTF-1002", "terminal"),
            new Bad("an attempt numbered 0", "POST", worker + "/started", WORKER, json,
                    "{\"task\":\"r1.1\",\"attempt\":0}", 400, "DTF-1002", "start at 1"),
            new Bad("a report on another's attempt", "POST", worker + "/started", WORKER, json,
                    "{\"task\":\"r1.1\",\"attempt\":1}", 409, "DTF-1009", "no longer current"),
            new Bad("a log chunk without text", "POST", worker + "/log", WORKER, json,
                    "{\"attempt\":{\"task\":\"r1.1\",\"attempt\":1}}", 400, "DTF-1002", "text"),
            new Bad("a null report in a batch", "POST", worker + "/reports", WORKER, json,
                    "{\"started\":[null]}", 400, "DTF-1002", "started[0]"),
            new Bad("poll fields in a batch of reports", "POST", worker + "/reports", WORKER, json,
                    "{\"maxWait\":\"PT1S\",\"started\":[]}", 400, "DTF-1002", "unknown property"),
            new Bad("negative free slots in a batch of reports", "POST", worker + "/reports", WORKER, json,
                    "{\"freeSlots\":-1}", 400, "DTF-1002", "freeSlots"),
            new Bad("a batch of reports whose end has no result", "POST", worker + "/reports", WORKER, json,
                    "{\"completed\":[{\"attempt\":{\"task\":\"r1.1\",\"attempt\":1}}]}", 400, "DTF-1002",
                    "result"),
            new Bad("the plan of a run that does not exist", "GET", "/api/v1/runs/r99999/plan", VIEWER, null, null,
                    404, "DTF-1004", "r99999"));
        assertTrue("at least 40 bad inputs: " + cases.size(), cases.size() >= 40);
        List<String> wrong = new ArrayList<>();
        for (Bad bad : cases) {
            HttpResponse<String> response = sendOversizedToo(bad);
            try {
                problem(response, bad.status(), bad.code(), bad.names());
            } catch (AssertionError e) {
                wrong.add(bad.what() + ": " + e.getMessage());
            }
        }
        assertEquals("every bad input gets its 4xx and a problem naming it", List.of(), wrong);

        assertEquals(200, send("GET", "/health", null, null, null).statusCode());
        assertEquals(201, send("POST", runs, SUBMITTER, yaml, plan("name: after-bad-input", "tasks:", task))
                .statusCode());
        assertEquals(204, send("DELETE", worker, WORKER, null, null).statusCode());
    }

    // ---------------------------------------------------------------- helpers

    private HttpRequest.Builder request(String method, String path, String token, String contentType, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString((String) body);
        return builder.method(method, publisher);
    }

    /**
     * The server answers an oversized body with 413 before it has read it, and closes the connection:
     * a client still uploading may then see a broken pipe instead of the answer. Sent again (at most
     * three times) in that case, to read the answer.
     */
    private HttpResponse<String> sendOversizedToo(Bad bad) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return send(bad.method(), bad.path(), bad.token(), bad.contentType(), bad.body());
            } catch (IOException cutShort) {
                if (bad.status() != 413 || attempt == 3) {
                    throw cutShort;
                }
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String contentType, Object body)
            throws Exception {
        return http.send(request(method, path, token, contentType, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertTrue(response.statusCode() + " " + response.body(), response.statusCode() < 300);
        return DtfJson.mapper().readTree(response.body());
    }

    /** Asserts a problem document with this status and code whose text contains {@code names}. */
    private static void problem(HttpResponse<String> response, int status, String code, String names)
            throws IOException {
        String body = response.body();
        assertEquals(body, status, response.statusCode());
        assertEquals(body, "application/problem+json", response.headers().firstValue("Content-Type").orElse("")
                .split(";")[0]);
        JsonNode doc = DtfJson.mapper().readTree(body);
        assertEquals(body, code, doc.get("code").asText());
        assertEquals(body, status, doc.get("status").asInt());
        assertFalse(body, doc.get("detail").asText().isBlank());
        assertTrue("names '" + names + "': " + body, body.contains(names));
        assertFalse("no stack trace: " + body, body.contains("Exception") || body.contains("\tat "));
        for (String token : List.of(ADMIN, SUBMITTER, VIEWER, WORKER, "not-a-token-at-all")) {
            assertFalse("a token is never echoed: " + body, body.contains(token));
        }
    }

    private JsonNode awaitFinished(String run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode summary = json(send("GET", "/api/v1/runs/" + run, VIEWER, null, null));
            String state = summary.get("state").asText();
            if (state.equals("PASSED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return summary;
            }
            if (System.nanoTime() > deadline) {
                fail("run " + run + " did not finish: " + summary + " at " + Instant.now());
            }
            Thread.sleep(200);
        }
    }

    private static String example(String name) throws IOException {
        return Files.readString(Path.of(System.getProperty("dtf.examples"), name));
    }
}
