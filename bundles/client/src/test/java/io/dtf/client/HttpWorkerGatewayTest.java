package io.dtf.client;

import static io.dtf.client.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.WorkerReports;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.http.DtfJson;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpWorkerGatewayTest {
    private static final WorkerId W = WorkerId.of("host-w1");
    private static final TaskAttempt A = new TaskAttempt(TaskId.of("r1.1"), 2);
    private static final String ATTEMPT_JSON = "{\"task\":\"r1.1\",\"attempt\":2}";

    private final TestHttpServer server = new TestHttpServer();
    private final HttpWorkerGateway gateway = HttpWorkerGateway.connect(server.uri(), "worker-token-123456", 4);

    @AfterEach
    void close() {
        gateway.close();
        server.close();
    }

    @Test
    void registerSendsTheWorkersInfo() throws Exception {
        server.route("POST", "/api/v1/workers", r -> Reply.status(204));
        WorkerInfo info = Fixtures.worker("host-w1", 2, "gpu");
        gateway.register(info);
        TestHttpServer.Request request = server.requests().get(0);
        assertEquals(info, DtfJson.mapper().readValue(request.body(), WorkerInfo.class));
        assertEquals("Bearer worker-token-123456", request.header("Authorization"));
    }

    @Test
    void pollSendsFreeSlotsRunningAttemptsAndTheWait() throws Exception {
        PollResult answer = new PollResult(List.of(new Lease(A, Fixtures.task("r1.1", "t", TaskState.LEASED, null,
                null), Fixtures.T0)), List.of(new TaskAttempt(TaskId.of("r1.9"), 1)));
        server.enqueue("POST", "/api/v1/workers/host-w1/poll", Reply.json(200, json(answer)), Reply.status(204));
        assertEquals(answer, gateway.poll(W, 2, List.of(A), Duration.ofSeconds(20)));
        JsonNode body = DtfJson.mapper().readTree(server.requests().get(0).body());
        assertEquals(2, body.get("freeSlots").asInt());
        assertEquals("PT20S", body.get("maxWait").asText());
        assertEquals("r1.1", body.get("running").get(0).get("task").asText());
        assertEquals(2, body.get("running").get(0).get("attempt").asInt());
        assertEquals(PollResult.EMPTY, gateway.poll(W, 2, List.of(), Duration.ofSeconds(1)));
    }

    @Test
    void aReportWithFreeSlotsIsAnsweredWithLeases() throws Exception {
        Lease lease = new Lease(A, Fixtures.task("r1.1", "t", TaskState.LEASED, null, null), Fixtures.T0);
        TaskAttempt ended = new TaskAttempt(TaskId.of("r1.9"), 1);
        server.route("POST", "/api/v1/workers/host-w1/reports", r -> Reply.json(200,
                "{\"refused\":[],\"leases\":" + json(List.of(lease)) + "}"));
        PollResult answer = gateway.report(W, WorkerReports.completed(ended, TaskResult.of(TaskState.PASSED, null)), 1);
        assertEquals(List.of(lease), answer.leases());
        assertEquals(List.of(), answer.refused());
        JsonNode body = DtfJson.mapper().readTree(server.requests().get(0).body());
        assertEquals(1, body.get("freeSlots").asInt());
        assertEquals("r1.9", body.get("completed").get(0).get("attempt").get("task").asText());
        assertEquals(PollResult.EMPTY, gateway.report(W, WorkerReports.NONE, 0), "nothing to say: no request");
        assertEquals(1, server.requests().size());
    }

    @Test
    void aLogChunkWithItsOffsetIsSentAgainWhenItsAnswerIsLost() throws Exception {
        server.enqueue("POST", "/api/v1/workers/host-w1/log", Reply.text(502, "bad gateway"), Reply.status(204));
        gateway.appendLog(W, A, 42, "line\n");
        List<TestHttpServer.Request> sent = server.requests();
        assertEquals(2, sent.size(), "retried: the coordinator keeps a chunk once whatever arrives twice");
        JsonNode body = DtfJson.mapper().readTree(sent.get(1).body());
        assertEquals(42, body.get("offset").asLong());
        assertEquals("line\n", body.get("text").asText());
    }

    @Test
    void aPollByAWorkerTheCoordinatorForgotIsNotFound() {
        server.route("POST", "/api/v1/workers/host-w1/poll", r -> Reply.problem(404,
                "{\"code\":\"DTF-1004\",\"status\":404,\"detail\":\"worker 'host-w1' does not exist\"}"));
        DtfException e = assertThrows(DtfException.class, () -> gateway.poll(W, 1, List.of(), Duration.ofSeconds(1)));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(1, server.requests().size(), "the agent's loop retries polls, not the gateway");
    }

    @Test
    void aPollCanBeInterrupted() throws Exception {
        server.route("POST", "/api/v1/workers/host-w1/poll", r -> Reply.json(200, json(PollResult.EMPTY)).delayed(5_000));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread poller = new Thread(() -> {
            try {
                gateway.poll(W, 1, List.of(), Duration.ofSeconds(20));
            } catch (Throwable t) {
                outcome.set(t);
            }
            done.countDown();
        });
        poller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, server.requests().size(), "the poll is waiting for its answer");
        poller.interrupt();
        assertTrue(done.await(2, TimeUnit.SECONDS));
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
    }

    @Test
    void aStaleReportIsStaleAttemptWhateverCodeThe409Has() {
        server.route("POST", "/api/v1/workers/host-w1/reports", r -> Reply.json(200, "{\"refused\":[" + ATTEMPT_JSON + "]}"));
        server.route("POST", "/api/v1/workers/host-w1/log", r -> Reply.problem(409,
                "{\"code\":\"DTF-1010\",\"status\":409,\"detail\":\"task r1.1 is finished\"}"));
        DtfException started = assertThrows(DtfException.class, () -> gateway.started(W, A));
        assertEquals(ErrorCode.STALE_ATTEMPT, started.code());
        assertEquals("attempt r1.1#2 is no longer current on worker host-w1; its report was refused",
                started.getMessage());
        assertEquals(ErrorCode.STALE_ATTEMPT, assertThrows(DtfException.class,
                () -> gateway.appendLog(W, A, "x\n")).code());
        assertEquals(ErrorCode.STALE_ATTEMPT, assertThrows(DtfException.class,
                () -> gateway.completed(W, A, TaskResult.of(TaskState.PASSED, null))).code());
        assertEquals(List.of(A), gateway.report(W, new WorkerReports(List.of(A), List.of())));
        assertEquals(4, server.requests().size(), "a refusal is an answer, never retried");
    }

    @Test
    void reportsHaveTheDocumentedBodies() throws Exception {
        server.route("POST", "/api/v1/workers/host-w1/reports", r -> Reply.json(200, "{\"refused\":[]}"));
        server.route("POST", "/api/v1/workers/host-w1/poll", r -> Reply.json(200, "{\"leases\":[],\"cancel\":[]}"));
        server.route("POST", "/api/v1/workers/host-w1/log", r -> Reply.status(204));
        server.route("POST", "/api/v1/workers/host-w1/draining", r -> Reply.status(204));
        server.route("DELETE", "/api/v1/workers/host-w1", r -> Reply.status(204));
        TaskResult result = new TaskResult(TaskState.FAILED, Duration.ofSeconds(2), 3, "exit code 3", List.of(),
                List.of(), java.util.Map.of(), "/tmp/x.log", "tail");
        gateway.started(W, A);
        gateway.appendLog(W, A, "line 1\nline 2\n");
        gateway.report(W, new WorkerReports(List.of(), List.of(new AttemptResult(A, result, "the end\n"))));
        assertTrue(gateway.poll(W, new WorkerReports(List.of(A), List.of()), 1, List.of(), Duration.ZERO).isEmpty());
        gateway.draining(W);
        gateway.unregister(W);
        List<TestHttpServer.Request> r = server.requests();
        assertEquals(new WorkerReports(List.of(A), List.of()), DtfJson.mapper().readValue(r.get(0).body(),
                WorkerReports.class));
        JsonNode log = DtfJson.mapper().readTree(r.get(1).body());
        assertEquals("line 1\nline 2\n", log.get("text").asText());
        assertEquals(A, DtfJson.mapper().treeToValue(log.get("attempt"), TaskAttempt.class));
        JsonNode completed = DtfJson.mapper().readTree(r.get(2).body()).get("completed").get(0);
        assertEquals(result, DtfJson.mapper().treeToValue(completed.get("result"), TaskResult.class));
        assertEquals("the end\n", completed.get("logEnd").asText());
        JsonNode poll = DtfJson.mapper().readTree(r.get(3).body());
        assertEquals(A, DtfJson.mapper().treeToValue(poll.get("started").get(0), TaskAttempt.class));
        assertEquals(1, poll.get("freeSlots").asInt());
        assertEquals("POST /api/v1/workers/host-w1/draining", r.get(4).method() + " " + r.get(4).path());
        assertEquals("DELETE /api/v1/workers/host-w1", r.get(5).method() + " " + r.get(5).path());
    }

    @Test
    void aResultIsOfferedAgainWhileTheCoordinatorIsUnavailable() {
        server.enqueue("POST", "/api/v1/workers/host-w1/reports", Reply.text(503, "restarting"),
                Reply.text(502, "bad gateway"), Reply.json(200, "{\"refused\":[]}"));
        gateway.completed(W, A, TaskResult.of(TaskState.PASSED, null));
        assertEquals(3, server.requests().size());
    }
}
