package io.dtf.client;

import static io.dtf.client.Fixtures.json;
import static io.dtf.client.Fixtures.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.http.DtfHttpException;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DtfClientTest {
    private final TestHttpServer server = new TestHttpServer();
    private final DtfClient client = DtfClient.connect(server.uri(), "client-token-123456");

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void submitSendsThePlanAsYamlOrJsonByItsName() {
        RunSummary accepted = Fixtures.run("r7", "api", TaskState.QUEUED, 3);
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(accepted)));
        assertEquals(accepted, client.submit("name: api\n", "api.yaml"));
        assertEquals(accepted, client.submit("{\"name\":\"api\"}", "api.JSON"));
        List<TestHttpServer.Request> requests = server.requests("POST", "/api/v1/runs");
        assertEquals("application/yaml; charset=UTF-8", requests.get(0).header("Content-Type"));
        assertEquals("name: api\n", requests.get(0).body());
        assertEquals("Bearer client-token-123456", requests.get(0).header("Authorization"));
        assertTrue(requests.get(1).header("Content-Type").startsWith("application/json"));
    }

    @Test
    void anInvalidPlanNamesEveryProblem() {
        server.route("POST", "/api/v1/runs", r -> Reply.problem(400, "{\"code\":\"DTF-1001\",\"status\":400,"
                + "\"detail\":\"plan p.yaml is not valid\",\"problems\":[{\"location\":\"tasks[0].type\","
                + "\"message\":\"unknown task type x\"}]}"));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> client.submit("x", "p.yaml"));
        assertEquals(ErrorCode.INVALID_PLAN, e.code());
        assertEquals("tasks[0].type: unknown task type x", e.problems().get(0).toString());
        assertEquals(1, server.requests().size(), "a submission is not repeated");
    }

    @Test
    void runsAreAPageWithTheirFilters() {
        RunSummary r = Fixtures.run("r2", "b", TaskState.PASSED, 2);
        server.route("GET", "/api/v1/runs", q -> Reply.json(200, page(List.of(r), 10, 5, 11)));
        ItemPage<RunSummary> page = client.runs(new RunQuery("web", new Page(10, 5)));
        assertEquals(List.of(r), page.items());
        assertEquals(Long.valueOf(11), page.total());
        assertFalse(page.hasMore());
        assertEquals(Map.of("tenant", "web", "offset", "10", "limit", "5"), server.requests().get(0).query());
    }

    @Test
    void oneRunAndAnUnknownOne() {
        RunSummary r = Fixtures.run("r2", "b", TaskState.RUNNING, 1, TaskState.QUEUED, 1);
        server.route("GET", "/api/v1/runs/r2", q -> Reply.json(200, json(r)));
        server.route("GET", "/api/v1/runs/r9", q -> Reply.problem(404, "{\"code\":\"DTF-1004\",\"status\":404,"
                + "\"detail\":\"run 'r9' does not exist\"}"));
        assertEquals(r, client.run(RunId.of("r2")));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> client.run(RunId.of("r9")));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("run 'r9' does not exist", e.getMessage());
    }

    @Test
    void tasksOfARunAndAcrossRuns() {
        Task t = Fixtures.task("r3.1", "unit", TaskState.FAILED, 1, null);
        server.route("GET", "/api/v1/runs/r3/tasks", q -> Reply.json(200, page(List.of(t), 0, 100, 1)));
        server.route("GET", "/api/v1/tasks", q -> Reply.json(200, page(List.of(t), 0, 100, 1)));
        assertEquals(List.of(t), client.tasks(RunId.of("r3"), Set.of(TaskState.FAILED, TaskState.ERROR), null).items());
        assertEquals("ERROR,FAILED", server.requests().get(0).query().get("state"));
        assertEquals(List.of(t), client.tasks(new TaskQuery(RunId.of("r3"), Set.of(TaskState.FAILED),
                WorkerId.of("host-w1"), Page.FIRST)).items());
        assertEquals(Map.of("run", "r3", "state", "FAILED", "worker", "host-w1", "offset", "0", "limit", "100"),
                server.requests().get(1).query());
    }

    @Test
    void everyTaskPageByPage() {
        List<Task> all = new ArrayList<>();
        for (int i = 1; i <= 2500; i++) {
            all.add(Fixtures.task("r4." + i, "t" + i, TaskState.PASSED, 0, null));
        }
        server.route("GET", "/api/v1/runs/r4/tasks", q -> {
            int offset = Integer.parseInt(q.query().get("offset"));
            int limit = Integer.parseInt(q.query().get("limit"));
            return Reply.json(200, page(all.subList(offset, Math.min(all.size(), offset + limit)), offset, limit,
                    all.size()));
        });
        assertEquals(all, client.allTasks(RunId.of("r4")));
        assertEquals(3, server.requests().size());
    }

    @Test
    void aTaskItsAttemptsAndTestCases() {
        Task t = Fixtures.task("r3.2", "lang", TaskState.PASSED, 0, null);
        AttemptRecord a = new AttemptRecord(new TaskAttempt(TaskId.of("r3.2"), 1), WorkerId.of("w"), TaskState.PASSED,
                Fixtures.T0, Fixtures.T0.plusSeconds(2), 0, null, "/logs/r3/r3.2-1.log");
        StoredTestCase c = Fixtures.testCase("r3.2", "lang", "org.x.ATest", "works", TestCaseStatus.FAILED, "boom");
        StoredTestCase other = Fixtures.testCase("r3.1", "unit", "org.x.BTest", "ok", TestCaseStatus.FAILED, "bang");
        server.route("GET", "/api/v1/tasks/r3.2", q -> Reply.json(200, json(t)));
        server.route("GET", "/api/v1/tasks/r3.2/attempts", q -> Reply.json(200, page(List.of(a), 0, 100, 1)));
        server.route("GET", "/api/v1/runs/r3/testcases", q -> Reply.json(200, q.query().containsKey("task")
                ? page(List.of(c), 0, 100, 1) : page(List.of(c, other), 0, 1000, 2)));
        assertEquals(t, client.task(TaskId.of("r3.2")));
        assertEquals(List.of(a), client.attempts(TaskId.of("r3.2"), Page.FIRST).items());
        assertEquals(List.of(c), client.testCases(new TestCaseQuery(RunId.of("r3"), TaskId.of("r3.2"),
                Set.of(TestCaseStatus.FAILED), null)).items());
        assertEquals(Map.of("status", "FAILED", "task", "r3.2", "offset", "0", "limit", "100"),
                server.requests("GET", "/api/v1/runs/r3/testcases").get(0).query());
        assertEquals(List.of(c, other), client.allTestCases(RunId.of("r3")));
    }

    @Test
    void cancelARunOrATask() {
        server.route("POST", "/api/v1/runs/r5/cancel", q -> Reply.json(200, "{\"cancelled\": 4}"));
        server.route("POST", "/api/v1/tasks/r5.1/cancel", q -> Reply.json(200, "{\"cancelled\": false}"));
        assertEquals(4, client.cancel(RunId.of("r5")));
        assertFalse(client.cancel(TaskId.of("r5.1")));
    }

    @Test
    void logsWholeTailedOrStreamed() {
        server.route("GET", "/api/v1/tasks/r5.1/log", q -> Reply.text(200, "a\nb\nc\n"));
        assertEquals("a\nb\nc\n", client.log(TaskId.of("r5.1"), 2, 3));
        assertEquals(Map.of("attempt", "2", "tail", "3"), server.requests().get(0).query());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(6, client.downloadLog(TaskId.of("r5.1"), null, out));
        assertEquals("a\nb\nc\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(Map.of(), server.requests().get(1).query());
    }

    @Test
    void workersDrainPluginsAndHealth() {
        WorkerStatus w = Fixtures.workerStatus("host-w1", WorkerState.BUSY, 1);
        server.route("GET", "/api/v1/workers", q -> Reply.json(200, page(List.of(w), 0, 100, 1)));
        server.route("POST", "/api/v1/workers/host-w1/drain", q -> Reply.status(204));
        server.route("GET", "/api/v1/plugins", q -> Reply.json(200,
                "{\"items\":[{\"name\":\"fifo\",\"state\":\"ACTIVE\",\"failures\":0}],\"offset\":0,\"limit\":100}"));
        server.route("GET", "/health", q -> Reply.json(200, "{\"status\":\"UP\"}"));
        server.route("GET", "/ready", q -> Reply.json(503, "{\"status\":\"DOWN\"}"));
        assertEquals(List.of(w), client.workers(Page.FIRST).items());
        client.drain(WorkerId.of("host-w1"));
        assertEquals(1, server.requests("POST", "/api/v1/workers/host-w1/drain").size());
        assertEquals("fifo", client.plugins().get(0).get("name"));
        assertTrue(client.isUp());
        assertFalse(client.isReady());
    }

    @Test
    void eventsAreReadAsTheyCome() throws Exception {
        DtfEvent started = new DtfEvent(HookType.TASK_STARTED, Fixtures.T0, RunId.of("r1"), TaskId.of("r1.1"),
                WorkerId.of("w"), null, Map.of("attempt", 1));
        DtfEvent done = new DtfEvent(HookType.RUN_COMPLETED, Fixtures.T0, RunId.of("r1"), null, null, null, Map.of());
        server.route("GET", "/api/v1/events", q -> Reply.stream("text/event-stream", 50, ": hello\n\n",
                "event: TASK_STARTED\ndata: " + json(started) + "\n\n", "event: RUN_COMPLETED\ndata: " + json(done)
                        + "\n\n"));
        try (DtfClient.EventStream events = client.events(Set.of(HookType.TASK_STARTED, HookType.RUN_COMPLETED))) {
            assertEquals(started, events.next());
            assertEquals(done, events.next());
            assertNull(events.next());
        }
        assertEquals("RUN_COMPLETED,TASK_STARTED", server.requests().get(0).query().get("types"));
        assertEquals("text/event-stream", server.requests().get(0).header("Accept"));
    }
}
