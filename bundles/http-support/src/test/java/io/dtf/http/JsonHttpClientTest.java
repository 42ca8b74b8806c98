package io.dtf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonHttpClientTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final TestHttpServer server = new TestHttpServer();
    private final JsonHttpClient http = JsonHttpClient.builder(server.uri()).token("test-token-1234567")
            .retry(FAST).responseTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        http.close();
        server.close();
    }

    @Test
    void getMapsTheAnswerAndSendsTokenQueryAndEncodedSegments() {
        server.route("GET", "/api/v1/tasks/r1.2%2Fx/attempt", r -> Reply.json(200,
                "{\"task\":\"r1.2\",\"attempt\":3,\"addedLater\":true}"));
        TaskAttempt a = http.get("/api/v1/tasks/{}/attempt", "r1.2/x").query("state", "A B").query("none", null)
                .as(TaskAttempt.class);
        assertEquals(new TaskAttempt(TaskId.of("r1.2"), 3), a);
        TestHttpServer.Request request = server.requests().get(0);
        assertEquals("Bearer test-token-1234567", request.header("Authorization"));
        assertEquals(Map.of("state", "A B"), request.query());
        assertTrue(request.header("Accept").contains("application/json"));
    }

    @Test
    void genericTypes() {
        server.route("GET", "/list", r -> Reply.json(200, "[{\"task\":\"r1.1\",\"attempt\":1}]"));
        List<TaskAttempt> list = http.get("/list").as(new TypeReference<List<TaskAttempt>>() { });
        assertEquals(List.of(new TaskAttempt(TaskId.of("r1.1"), 1)), list);
    }

    @Test
    void postSendsJsonAndAnEmptyAnswerIsNull() {
        server.route("POST", "/w", r -> Reply.status(204));
        assertNull(http.post("/w").json(new TaskAttempt(TaskId.of("r2.1"), 2)).as(TaskAttempt.class));
        TestHttpServer.Request request = server.requests().get(0);
        assertEquals("{\"task\":\"r2.1\",\"attempt\":2}", request.body());
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
    }

    @Test
    void aBasePathIsKept() {
        server.route("GET", "/dtf/health", r -> Reply.json(200, "{}"));
        try (JsonHttpClient prefixed = JsonHttpClient.builder(URI.create(server.uri() + "/dtf/")).build()) {
            assertEquals("{}", prefixed.get("/health").text());
            assertFalse(prefixed.hasToken());
        }
        assertNull(server.requests().get(0).header("Authorization"));
    }

    @Test
    void textBodiesAndDownloads() {
        server.route("GET", "/log", r -> Reply.text(200, "line 1\nzwölf\n"));
        assertEquals("line 1\nzwölf\n", http.get("/log").text());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(14, http.get("/log").download(out));
        assertEquals("line 1\nzwölf\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aProblemDocumentBecomesADtfExceptionWithEveryProblem() {
        server.route("POST", "/api/v1/runs", r -> Reply.problem(400, "{\"type\":\"https://dtf.io/problems/DTF-1001\","
                + "\"title\":\"Invalid plan\",\"status\":400,\"code\":\"DTF-1001\",\"detail\":\"plan api.yaml is not valid\","
                + "\"problems\":[{\"location\":\"tasks[3].timeout\",\"message\":\"must be positive\"},"
                + "{\"location\":\"\",\"message\":\"name is required\"}]}"));
        DtfHttpException e = assertThrows(DtfHttpException.class,
                () -> http.post("/api/v1/runs").body("name: x", "application/yaml").as(Map.class));
        assertEquals(ErrorCode.INVALID_PLAN, e.code());
        assertEquals("DTF-1001", e.serverCode());
        assertEquals(400, e.status());
        assertEquals("Invalid plan", e.title());
        assertEquals(List.of(new Problem("tasks[3].timeout", "must be positive"), new Problem("", "name is required")),
                e.problems());
        assertTrue(e.getMessage().startsWith("plan api.yaml is not valid"), e.getMessage());
        assertEquals(1, server.requests().size(), "a 400 is not retried");
    }

    @Test
    void aCodeDtfDoesNotKnowKeepsTheServersCode() {
        server.route("GET", "/x", r -> Reply.problem(418, "{\"status\":418,\"code\":\"DTF-1418\",\"title\":\"Teapot\"}"));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/x").text());
        assertEquals("DTF-1418", e.serverCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("Teapot", e.getMessage());
    }

    @Test
    void theRestApisOwnCodesAreInTheCatalogue() {
        server.route("GET", "/x", r -> Reply.problem(401, "{\"status\":401,\"code\":\"DTF-1401\",\"title\":\"Unauthorized\"}"));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/x").text());
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    }

    @Test
    void aNonJsonErrorSaysStatusAndBodyWithoutSecrets() {
        server.route("GET", "/nope", r -> Reply.text(404, "<html>not here; token=test-token-1234567</html>"));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/nope").text());
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("DTF-1004", e.serverCode());
        assertTrue(e.getMessage().contains("HTTP 404 from GET " + server.uri() + "/nope"), e.getMessage());
        assertFalse(e.getMessage().contains("test-token-1234567"), e.getMessage());
    }

    @Test
    void retryAfterIsHonouredOn503() {
        server.enqueue("GET", "/busy", Reply.text(503, "later").withHeader("Retry-After", "1"));
        server.route("GET", "/busy", r -> Reply.json(200, "{\"task\":\"r1.1\",\"attempt\":1}"));
        long start = System.nanoTime();
        assertEquals(1, http.get("/busy").as(TaskAttempt.class).attempt());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 950, "waited " + millis + " ms");
        assertEquals(2, server.requests().size());
    }

    @Test
    void a429IsRetriedEvenForPostButARetryAfterTooLongIsNot() {
        server.enqueue("POST", "/p", Reply.text(429, "slow down"), Reply.status(204));
        http.post("/p").json(Map.of()).send();
        assertEquals(2, server.requests("POST", "/p").size());

        server.enqueue("POST", "/q", Reply.text(429, "slow down").withHeader("Retry-After", "3600"));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.post("/q").json(Map.of()).send());
        assertEquals(429, e.status());
        assertEquals(1, server.requests("POST", "/q").size());
    }

    @Test
    void a500IsRetriedForGetsButNotForPostsUnlessIdempotent() {
        server.route("GET", "/e", r -> Reply.text(500, "boom"));
        server.route("POST", "/e", r -> Reply.text(500, "boom"));
        assertThrows(DtfHttpException.class, () -> http.get("/e").text());
        assertEquals(3, server.requests("GET", "/e").size());
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.post("/e").send());
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals(1, server.requests("POST", "/e").size());
        assertThrows(DtfHttpException.class, () -> http.post("/e").idempotent(true).send());
        assertEquals(4, server.requests("POST", "/e").size());
    }

    @Test
    void connectionRefusedIsATransportErrorAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (JsonHttpClient down = JsonHttpClient.builder(URI.create("http://127.0.0.1:" + port)).retry(FAST).build()) {
            HttpTransportException e = assertThrows(HttpTransportException.class, () -> down.get("/x").text());
            assertTrue(e.isConnectFailure());
            assertTrue(e.getMessage().startsWith("cannot reach GET http://127.0.0.1:" + port + "/x"), e.getMessage());
        }
    }

    @Test
    void aServerThatComesUpDuringTheRetriesIsReached() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RetryPolicy patient = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ZERO,
                Duration.ofSeconds(10));
        // the server comes up 400 ms after the client starts: the first attempts find nothing listening
        CompletableFuture<TestHttpServer> late = CompletableFuture.supplyAsync(
                () -> new TestHttpServer(port).route("POST", "/up", r -> Reply.status(204)),
                CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS));
        try (JsonHttpClient client = JsonHttpClient.builder(URI.create("http://127.0.0.1:" + port)).retry(patient)
                .build()) {
            client.post("/up").json(Map.of()).send();
        } finally {
            try (TestHttpServer started = late.get(10, TimeUnit.SECONDS)) {
                assertEquals(1, started.requests().size());
            }
        }
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.route("GET", "/slow", r -> Reply.json(200, "{}").delayed(2_000));
        long start = System.nanoTime();
        HttpTransportException e = assertThrows(HttpTransportException.class,
                () -> http.get("/slow").timeout(Duration.ofMillis(300)).retry(RetryPolicy.NONE).text());
        assertFalse(e.isConnectFailure());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_500);
    }

    @Test
    void anInterruptAbortsAnInterruptibleCall() throws Exception {
        server.route("POST", "/poll", r -> Reply.json(200, "{\"task\":\"r1.1\",\"attempt\":1}").delayed(3_000));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread poller = new Thread(() -> {
            try {
                http.post("/poll").json(Map.of()).asInterruptibly(TaskAttempt.class);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        poller.start();
        awaitRequest("POST", "/poll"); // the call waits for its answer
        long start = System.nanoTime();
        poller.interrupt();
        Throwable ended = outcome.get(2, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
        assertTrue(ended instanceof InterruptedException, String.valueOf(ended));
    }

    @Test
    void aStreamIsReadAsItComesAndCanBeClosedFromAnotherThread() throws Exception {
        server.route("GET", "/events", r -> Reply.stream("text/event-stream", 200,
                "event: A\ndata: 1\n\n", "event: B\ndata: 2\n\n", ": ping\n\n", ": ping\n\n", ": ping\n\n",
                ": ping\n\n", ": ping\n\n", ": ping\n\n", ": ping\n\n", ": ping\n\n", ": ping\n\n", ": ping\n\n"));
        JsonHttpClient.HttpStream stream = http.get("/events").timeout(Duration.ofSeconds(30)).open();
        assertEquals(200, stream.status());
        assertTrue(stream.header("Content-Type").startsWith("text/event-stream"));
        ServerSentEvents events = new ServerSentEvents(stream.body());
        assertEquals("A", events.next().event());
        assertEquals("2", events.next().data());
        long start = System.nanoTime();
        // closed 200 ms into the next read, which would otherwise last the 2 s of pings
        CompletableFuture<Void> closed = CompletableFuture.runAsync(stream::close,
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
        try {
            assertNull(events.next());
        } catch (java.io.IOException expected) {
            // closing the stream breaks the read
        }
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_500);
        closed.get(1, TimeUnit.SECONDS);
    }

    @Test
    void badBaseUrlsAreRefusedWithoutShowingPasswords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonHttpClient.builder(URI.create("http://u:pw123456@host/")));
        assertFalse(e.getMessage().contains("pw123456"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonHttpClient.builder(URI.create("ftp://host/")));
    }

    @Test
    void theTokenIsNeverInAMessage() {
        server.route("GET", "/echo", r -> Reply.problem(400, "{\"code\":\"DTF-1002\",\"detail\":\"bad token "
                + r.header("Authorization") + "\"}"));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/echo").text());
        assertFalse(e.getMessage().contains("test-token-1234567"), e.getMessage());
    }

    /** Waits until the server got a request to {@code METHOD path}; fails after 5 s. */
    private void awaitRequest(String method, String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.requests(method, path).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no " + method + " " + path + " within 5 s");
            Thread.sleep(10);
        }
    }
}
