package io.dtf.worker.impl.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.http.DtfJson;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.process.ProcessRecords;
import io.dtf.worker.impl.process.ProcessTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone worker against a coordinator played by a real local HTTP server. */
class WorkerMainTest {
    private static final String WORKERS = "/api/v1/workers";

    private final TestHttpServer coordinator = new TestHttpServer();
    private WorkerMain worker;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (worker != null && worker.agent() != null) {
            worker.agent().shutdown();
        }
        coordinator.close();
    }

    private WorkerMain start(String... more) throws Exception {
        String[] base = {"--coordinator", coordinator.uri().toString(), "--slots", "1", "--name", "it-w",
                "--work-dir", dir.toString(), "--poll-wait", "300ms", "--label", "a,b"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DTF_TOKEN", "worker-secret-123456");
        worker = new WorkerMain(WorkerOptions.parse(args, env), env);
        worker.start();
        return worker;
    }

    private String workerPath() {
        return WORKERS + "/" + worker.agent().info().id().value();
    }

    /** Answers the first poll with free slots with the task, later ones after a short wait with nothing. */
    private void offer(Task task) {
        AtomicBoolean given = new AtomicBoolean();
        coordinator.route("POST", WORKERS, r -> Reply.status(204));
        coordinator.route("POST", WORKERS + "/" + id("it-w") + "/poll", r -> {
            JsonNode body = read(r.body());
            if (body.get("freeSlots").asInt() > 0 && given.compareAndSet(false, true)) {
                return Reply.json(200, json(new PollResult(List.of(TestTasks.lease(task)), List.of())));
            }
            return Reply.json(200, json(PollResult.EMPTY)).delayed(100);
        });
        for (String call : List.of("log", "draining")) {
            coordinator.route("POST", WORKERS + "/" + id("it-w") + "/" + call, r -> Reply.status(204));
        }
        coordinator.route("POST", WORKERS + "/" + id("it-w") + "/reports", r -> Reply.json(200, "{\"refused\":[]}"));
        coordinator.route("DELETE", WORKERS + "/" + id("it-w"), r -> Reply.status(204));
    }

    /** The worker's reports (in polls or in {@code /reports}) that say an attempt ended, in order. */
    private List<JsonNode> completedReports() {
        return coordinator.requests().stream()
                .filter(r -> r.path().endsWith("/poll") || r.path().endsWith("/reports"))
                .flatMap(r -> {
                    JsonNode completed = read(r.body()).get("completed");
                    List<JsonNode> items = new java.util.ArrayList<>();
                    if (completed != null) {
                        completed.forEach(items::add);
                    }
                    return items.stream();
                }).toList();
    }

    /**
     * What the worker told the coordinator, in order: calls by their last path segment, reports as
     * started/completed, each report once (a request interrupted by the drain is sent again).
     */
    private List<String> events() {
        List<String> events = new java.util.ArrayList<>();
        for (TestHttpServer.Request r : coordinator.requests()) {
            String last = r.path().substring(r.path().lastIndexOf('/') + 1);
            if (last.equals("poll") || last.equals("reports")) {
                JsonNode body = read(r.body());
                for (String kind : List.of("started", "completed")) {
                    if (body.get(kind) != null && !body.get(kind).isEmpty() && !events.contains(kind)) {
                        events.add(kind);
                    }
                }
            } else if (!last.equals("log")) {
                events.add(r.method() + " " + last);
            }
        }
        return events;
    }

    private int indexOfCompleted() {
        List<TestHttpServer.Request> all = coordinator.requests();
        for (int i = 0; i < all.size(); i++) {
            TestHttpServer.Request r = all.get(i);
            if ((r.path().endsWith("/poll") || r.path().endsWith("/reports")) && read(r.body()).get("completed") != null
                    && !read(r.body()).get("completed").isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private static String id(String name) {
        return io.dtf.worker.impl.agent.WorkerAgent.workerId(io.dtf.worker.impl.capability.CapabilityDetector.hostName(),
                name).value();
    }

    @Test
    void registersRunsATaskStreamsItsLogAndReportsIt() throws Exception {
        Task task = TestTasks.shell("r1.1", "echo first-line; sleep 1; echo second-line; echo \"token:${DTF_TOKEN:-none}\"",
                Duration.ofMinutes(1));
        offer(task);
        start();

        TestTasks.await("the result is reported", Duration.ofSeconds(15), () -> !completedReports().isEmpty());
        WorkerInfo info = DtfJson.mapper().readValue(coordinator.requests("POST", WORKERS).get(0).body(), WorkerInfo.class);
        assertEquals("it-w", info.name());
        assertEquals(1, info.slots());
        assertTrue(info.capabilities().labels().containsAll(List.of("a", "b")));
        assertEquals(java.util.Set.of("command", "junit"), info.capabilities().taskTypes(), "the task types it runs");
        assertEquals("Bearer worker-secret-123456", coordinator.requests().get(0).header("Authorization"));

        List<TestHttpServer.Request> all = coordinator.requests();
        List<TestHttpServer.Request> logs = coordinator.requests("POST", workerPath() + "/log");
        TestHttpServer.Request withOne = logs.stream().filter(r -> read(r.body()).get("text").asText()
                .contains("first-line\n")).findFirst().orElseThrow();
        assertTrue(all.indexOf(withOne) < indexOfCompleted());
        assertFalse(read(withOne.body()).get("text").asText().contains("second-line\n"), "streamed while the task runs");
        JsonNode logEnd = completedReports().get(0).get("logEnd");
        String streamed = logs.stream().map(r -> read(r.body()).get("text").asText()).collect(Collectors.joining())
                + (logEnd == null || logEnd.isNull() ? "" : logEnd.asText());
        assertTrue(streamed.contains("token:none\n"), "the worker's token is not in the task's environment: " + streamed);
        assertFalse(streamed.contains("worker-secret"));

        TaskResult result = DtfJson.mapper().treeToValue(completedReports().get(0).get("result"), TaskResult.class);
        assertEquals(TaskState.PASSED, result.status());
        assertEquals(0, result.exitCode());
        // a short log of a passed attempt stays in memory: the tail is all of it, and so is what was streamed
        assertNull(result.logPath());
        assertFalse(Files.exists(dir.resolve("logs/r1/r1.1-1.log")));
        assertEquals(result.logTail() + "\n", streamed);

        worker.drain();
        assertTrue(worker.awaitStop(Duration.ofSeconds(5)));
        assertEquals(1, coordinator.requests("POST", workerPath() + "/draining").size());
        assertEquals(1, coordinator.requests("DELETE", workerPath()).size());
    }

    @Test
    void drainingFinishesTheRunningTaskFirst() throws Exception {
        offer(TestTasks.shell("r2.1", "sleep 1; echo done", Duration.ofMinutes(1)));
        start();
        TestTasks.await("the task runs", Duration.ofSeconds(10), () -> events().contains("started"));
        worker.drain();
        // registered once, before the agent starts (to stop at once on a refusal): a second registration would
        // be a restart to the coordinator, which ends what it leased the worker in between
        assertEquals(List.of("POST workers", "started", "POST draining", "completed", "DELETE " + id("it-w")),
                events());
        assertTrue(coordinator.requests("POST", workerPath() + "/poll").stream()
                .filter(r -> all(coordinator).indexOf(r) > indexOfDraining())
                .allMatch(r -> read(r.body()).get("freeSlots").asInt() == 0), "no new task while draining");
    }

    private static List<TestHttpServer.Request> all(TestHttpServer server) {
        return server.requests();
    }

    private int indexOfDraining() {
        return coordinator.requests().indexOf(coordinator.requests("POST", workerPath() + "/draining").get(0));
    }

    @Test
    void aRefusedRegistrationStopsTheWorkerWithTheReason() {
        coordinator.route("POST", WORKERS, r -> Reply.problem(401, "{\"code\":\"DTF-1401\",\"status\":401,"
                + "\"detail\":\"unknown token\"}"));
        WorkerMain.CannotStart e = assertThrows(WorkerMain.CannotStart.class, this::start);
        assertTrue(e.getMessage().contains("refused worker " + id("it-w") + ": DTF-1401 unknown token"), e.getMessage());
        assertTrue(e.getMessage().contains("--token"), e.getMessage());
        assertEquals(1, coordinator.requests().size());
    }

    @Test
    void endsTheProcessesItsPreviousLifeLeftRunningBeforeItRegisters() throws Exception {
        Process leftover = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300").start();
        try {
            ProcessRecords previousLife = ProcessRecords.takeOver(dir.resolve("processes").resolve(id("it-w")));
            previousLife.record(new TaskAttempt(TaskId.of("r5.1"), 1), leftover.toHandle());
            previousLife.close(); // kill -9: the records stay
            offer(TestTasks.shell("r5.2", "true", Duration.ofMinutes(1)));
            CompletableFuture<Boolean> aliveAtRegistration = new CompletableFuture<>();
            coordinator.route("POST", WORKERS, r -> {
                aliveAtRegistration.complete(leftover.isAlive());
                return Reply.status(204);
            });
            start();
            assertFalse(aliveAtRegistration.get(10, TimeUnit.SECONDS), "ended before the worker registered");
        } finally {
            ProcessTree.kill(leftover.toHandle(), Duration.ofSeconds(1));
        }
    }

    @Test
    void aSecondWorkerOfTheSameNameOnThisHostDoesNotStart() throws Exception {
        ProcessRecords first = ProcessRecords.takeOver(dir.resolve("processes").resolve(id("it-w")));
        try {
            WorkerMain.CannotStart e = assertThrows(WorkerMain.CannotStart.class, this::start);
            assertTrue(e.getMessage().startsWith("Worker " + id("it-w") + " cannot start: another worker uses "),
                    e.getMessage());
            assertEquals(0, coordinator.requests().size(), "it did not register");
        } finally {
            first.close();
        }
    }

    @Test
    void anUnreachableCoordinatorIsWaitedFor() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        offer(TestTasks.shell("r3.1", "true", Duration.ofMinutes(1)));
        coordinator.route("POST", WORKERS, r -> calls.incrementAndGet() <= 5 ? Reply.text(503, "starting")
                : Reply.status(204));
        start();
        assertTrue(calls.get() >= 6);
        TestTasks.await("the task is reported", Duration.ofSeconds(10), () -> !completedReports().isEmpty());
    }

    @Test
    void aCoordinatorThatForgotTheWorkerGetsItRegisteredAgain() throws Exception {
        offer(TestTasks.shell("r4.1", "true", Duration.ofMinutes(1)));
        coordinator.enqueue("POST", WORKERS + "/" + id("it-w") + "/poll", Reply.problem(404,
                "{\"code\":\"DTF-1004\",\"status\":404,\"detail\":\"worker does not exist\"}"));
        start();
        TestTasks.await("registered again", Duration.ofSeconds(10),
                () -> coordinator.requests("POST", WORKERS).size() >= 2);
        List<String> calls = coordinator.requests().stream().map(r -> r.method() + " " + r.path()).toList();
        int forgotten = calls.indexOf("POST " + workerPath() + "/poll");
        assertEquals("POST " + WORKERS, calls.get(forgotten + 1),
                "registered again at once, without the agent's back-off");
        TestTasks.await("the task is still run", Duration.ofSeconds(10), () -> !completedReports().isEmpty());
    }

    private static JsonNode read(String json) {
        try {
            return DtfJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return DtfJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
