package io.dtf.worker.impl.agent;

import static io.dtf.worker.impl.TestTasks.await;
import static io.dtf.worker.impl.TestTasks.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.agent.prefetch.Prefetch;
import io.dtf.worker.impl.command.CommandTaskExecutor;
import io.dtf.worker.impl.process.ProcessRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final InMemoryGateway gateway = new InMemoryGateway();
    private final Map<String, TaskExecutor> executors = new ConcurrentHashMap<>(
            Map.of("command", new CommandTaskExecutor()));
    private final List<WorkerAgent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(WorkerAgent::shutdown);
    }

    private WorkerAgent agent(int slots, Duration pollWait) {
        return agent(slots, 0, pollWait);
    }

    private WorkerAgent agent(int slots, int prefetch, Duration pollWait) {
        WorkerInfo info = new WorkerInfo(WorkerId.of("test-w1"), "w1", "test",
                new Capabilities("linux", "x86_64", 2, 1024, "17", null, null, false, false), slots, prefetch);
        WorkerAgent agent = new WorkerAgent(gateway, info, executors::get, dir.resolve("work"), dir.resolve("logs"),
                pollWait);
        agents.add(agent);
        return agent;
    }

    /** Starts the agent on a task that writes its PID to {@code pid} in its folder; returns that PID. */
    private long startAndReadPid(WorkerAgent agent, Task task) {
        gateway.submit(task);
        agent.start();
        return TestTasks.readPid(dir.resolve("work/" + task.id() + "-1/pid"));
    }

    private static TaskAttempt first(Task task) {
        return new TaskAttempt(task.id(), 1);
    }

    @Test
    void runsTasksInParallelUpToItsSlotsAndTakesTheNextOnesAsSlotsFree() throws Exception {
        // a long poll wait: a freed slot must wake the poll, or this takes 10 s per task
        WorkerAgent agent = agent(2, Duration.ofSeconds(10));
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            tasks.add(shell("r1." + i, "sleep 0.4", TIMEOUT));
            gateway.submit(tasks.get(i - 1));
        }
        long start = System.nanoTime();
        agent.start();
        for (Task t : tasks) {
            assertEquals(TaskState.PASSED, gateway.awaitResult(first(t), WAIT).status());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(2, gateway.maxRunning(), "at most 2 at once, and 2 did run at once");
        assertEquals(2, gateway.maxHeld(), "a poll never asks for more than the free slots");
        // 5 tasks of 0.4 s on 2 slots: 3 rounds, well under 5 serial ones
        assertTrue(took.toMillis() >= 1150 && took.toMillis() < 1950, "took " + took);
        assertEquals(WorkerId.of("test-w1"), gateway.registered().id());
    }

    @Test
    void writesTheLogAndGivesTheAttemptItsOwnFolderAndEnvironment() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofMillis(200))
                .environment(Map.of("PATH", System.getenv("PATH"), "FROM_WORKER", "worker", "OVERRIDDEN", "worker"));
        Task task = shell("r7.2", "echo \"$FROM_WORKER $OVERRIDDEN $(pwd)\"; echo oops >&2; touch left-behind",
                TIMEOUT, Map.of("env", Map.of("OVERRIDDEN", "task")));
        gateway.submit(task);
        agent.start();

        TaskResult result = gateway.awaitResult(first(task), WAIT);
        Path logFile = dir.resolve("logs/r7/r7.2-1.log");
        Path workDir = dir.resolve("work/r7.2-1");
        assertEquals(TaskState.PASSED, result.status());
        // a short log of a passed attempt is all in the result's tail: no file
        assertNull(result.logPath());
        assertFalse(Files.exists(logFile));
        String log = result.logTail();
        assertTrue(log.contains("worker task " + workDir.toRealPath()), log);
        assertTrue(log.contains("oops"), log);
        assertTrue(Files.isDirectory(workDir));
    }

    @Test
    void aBusyWorkersEndReportBringsItsNextTask() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofSeconds(10));
        List<Task> tasks = List.of(shell("r9.1", "true", TIMEOUT, Map.of()), shell("r9.2", "true", TIMEOUT, Map.of()),
                shell("r9.3", "true", TIMEOUT, Map.of()));
        tasks.forEach(gateway::submit);
        agent.start();
        for (Task task : tasks) {
            assertEquals(TaskState.PASSED, gateway.awaitResult(first(task), WAIT).status());
        }
        assertEquals(2, gateway.leasesByReports(), "the first task came with a poll, the others with end reports: "
                + gateway.calls());
        assertTrue(gateway.calls().contains("reports 1"), "the report named the slot its end freed");
        long pollsWithWork = gateway.calls().stream().filter(c -> c.equals("poll 1")).count();
        assertEquals(1, pollsWithWork, "one poll asked for work; the 10 s poll in flight waited on: " + gateway.calls());
    }

    /** Queues {@code count} tasks of run {@code run}, starts the agent and waits until each has passed. */
    private void runToTheEnd(WorkerAgent agent, String run, int count) throws InterruptedException {
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(shell(run + "." + i, "true", TIMEOUT));
            gateway.submit(tasks.get(i - 1));
        }
        agent.start();
        for (Task task : tasks) {
            assertEquals(TaskState.PASSED, gateway.awaitResult(first(task), WAIT).status());
        }
    }

    @Test
    void shortTasksAreHeldAheadOfTheSlotAndTheirEndsAndLeasesTravelInBatches() throws Exception {
        executors.put("command", execution -> TaskResult.of(TaskState.PASSED, "done at once"));
        runToTheEnd(agent(1, 8, Duration.ofSeconds(10)), "r12", 60);
        int outstanding = gateway.maxOutstanding();
        assertTrue(outstanding > 1 && outstanding <= 9, "held ahead, at most 8 beyond the slot: " + outstanding);
        long requests = gateway.calls().stream().filter(c -> c.startsWith("poll ") || c.startsWith("reports ")).count();
        assertTrue(requests <= 30, "fewer than one request per two tasks: " + requests + " " + gateway.calls());
    }

    @Test
    void tasksLongerThanTheHorizonAreNotHeldAhead() throws Exception {
        executors.put("command", execution -> {
            Thread.sleep(WorkerInfo.SHORT_TASK.toMillis() + 30);
            return TaskResult.of(TaskState.PASSED, "took a while");
        });
        runToTheEnd(agent(1, 8, Duration.ofSeconds(10)), "r13", 4);
        assertEquals(1, gateway.maxOutstanding(), "each waited at the coordinator for the free slot: " + gateway.calls());
    }

    @Test
    void tasksHeldAheadOfALongTaskAreHandedBackAndRunLater() throws Exception {
        // the 21st task runs long; those held ahead of it go back to the coordinator after a second
        String slow = "r14.21";
        executors.put("command", execution -> {
            if (execution.task().id().value().equals(slow)) {
                Thread.sleep(Prefetch.HAND_BACK_AFTER.toMillis() + 700);
            }
            return TaskResult.of(TaskState.PASSED, "done");
        });
        runToTheEnd(agent(1, 8, Duration.ofSeconds(10)), "r14", 40);
        List<String> calls = gateway.calls();
        List<String> returned = calls.stream().filter(c -> c.startsWith("returned ")).toList();
        assertFalse(returned.isEmpty(), "tasks held behind the long one went back: " + calls);
        int slowEnd = calls.indexOf("completed " + slow + "#1");
        assertTrue(calls.indexOf(returned.get(0)) < slowEnd, "handed back while the long task ran: " + calls);
        for (String call : returned) {
            String attempt = call.substring("returned ".length());
            assertEquals(1, calls.stream().filter(("completed " + attempt)::equals).count(),
                    attempt + " ran once, later: " + calls);
        }
    }

    @Test
    void drainingHandsBackTheTasksHeldAheadAtOnce() throws Exception {
        String slow = "r15.11";
        CompletableFuture<Void> slowStarted = new CompletableFuture<>();
        executors.put("command", execution -> {
            if (execution.task().id().value().equals(slow)) {
                slowStarted.complete(null);
                Thread.sleep(600);
            }
            return TaskResult.of(TaskState.PASSED, "done");
        });
        WorkerAgent agent = agent(1, 8, Duration.ofSeconds(10));
        for (int i = 1; i <= 30; i++) {
            gateway.submit(shell("r15." + i, "true", TIMEOUT));
        }
        agent.start();
        slowStarted.get(10, TimeUnit.SECONDS);
        assertTrue(agent.drain(WAIT));
        List<String> calls = gateway.calls();
        Set<String> returned = calls.stream().filter(c -> c.startsWith("returned ")).map(c -> c.substring(9))
                .collect(Collectors.toSet());
        Set<String> completed = calls.stream().filter(c -> c.startsWith("completed ")).map(c -> c.substring(10))
                .collect(Collectors.toSet());
        assertFalse(returned.isEmpty(), "what waited went back: " + calls);
        assertTrue(completed.contains(slow + "#1"), "the running task finished: " + calls);
        assertTrue(returned.stream().noneMatch(completed::contains), "nothing handed back ran here: " + calls);
        assertEquals(11, completed.size(), "nothing held ahead ran after the drain began: " + calls);
        assertEquals("unregister", calls.get(calls.size() - 1));
    }

    @Test
    void anAttemptFolderLeftEmptyIsReusedAndOneWithFilesStays() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofMillis(200));
        Task empty = shell("r8.1", "pwd", TIMEOUT, Map.of());
        Task writes = shell("r8.2", "echo x > out.txt", TIMEOUT, Map.of());
        gateway.submit(empty);
        agent.start();
        gateway.awaitResult(first(empty), WAIT);
        gateway.submit(writes);
        assertEquals(TaskState.PASSED, gateway.awaitResult(first(writes), WAIT).status());
        Path work = dir.resolve("work");
        assertFalse(Files.exists(work.resolve("r8.1-1")), "left empty: kept as a spare, then the next attempt's");
        assertEquals("x\n", Files.readString(work.resolve("r8.2-1/out.txt")));
        try (var folders = Files.list(work)) {
            assertEquals(List.of("r8.2-1"), folders.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theLogOfAnAttemptThatDidNotPassIsKeptInItsFile() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofMillis(200));
        Task task = shell("r7.3", "echo before the failure; exit 4", TIMEOUT, Map.of());
        gateway.submit(task);
        agent.start();

        TaskResult result = gateway.awaitResult(first(task), WAIT);
        Path logFile = dir.resolve("logs/r7/r7.3-1.log");
        assertEquals(TaskState.FAILED, result.status());
        assertEquals(logFile.toString(), result.logPath());
        String log = Files.readString(logFile);
        assertTrue(log.contains("before the failure\n"), log);
        assertEquals(log.strip(), result.logTail());
    }

    @Test
    void runsInTheTasksWorkdirWhenItHasOne() throws Exception {
        Path own = Files.createDirectories(dir.resolve("checkout"));
        WorkerAgent agent = agent(1, Duration.ofMillis(200));
        Task task = shell("r2.1", "pwd", TIMEOUT, Map.of("workdir", own.toString()));
        gateway.submit(task);
        agent.start();

        TaskResult result = gateway.awaitResult(first(task), WAIT);
        assertTrue(result.logTail().contains(own.toRealPath().toString()), result.logTail());
        assertFalse(Files.exists(dir.resolve("work/r2.1-1")));
    }

    @Test
    void dropsAResultTheCoordinatorRefusesAsStaleAndGoesOn() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofMillis(200));
        Task lost = shell("r3.1", "sleep 30", TIMEOUT);
        Task next = shell("r3.2", "true", TIMEOUT);
        gateway.makeStale(first(lost)); // its start is refused: the attempt is stopped, its slot freed
        Task late = shell("r3.3", "echo ran > ran.txt", TIMEOUT);
        gateway.submit(lost);
        gateway.submit(late);
        agent.start();
        await("r3.3 is reported", WAIT, () -> gateway.calls().contains("completed r3.3#1"));
        gateway.makeStaleAtCompletion(first(next));
        gateway.submit(next);
        await("r3.2 is reported", WAIT, () -> gateway.calls().contains("completed r3.2#1"));

        List<String> calls = gateway.calls();
        assertTrue(calls.contains("started r3.1#1"));
        assertFalse(calls.contains("completed r3.1#1"), "a refused attempt's result is not reported: " + calls);
        assertNull(gateway.result(first(lost)));
        assertEquals(1, calls.stream().filter("completed r3.2#1"::equals).count(), "no retry of a stale result");
        assertNull(gateway.result(first(next)));
        assertTrue(Files.exists(dir.resolve("work/r3.3-1/ran.txt")));
        await("r3.2 is released", WAIT, () -> agent.running().isEmpty());
    }

    @Test
    void aCancelFromThePollStopsTheProcess() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofSeconds(10));
        Task task = shell("r4.1", "echo $$ > pid; exec sleep 30", TIMEOUT);
        long pid = startAndReadPid(agent, task);

        long start = System.nanoTime();
        gateway.cancel(first(task));
        TaskResult result = gateway.awaitResult(first(task), WAIT);
        assertEquals(TaskState.CANCELLED, result.status());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3000);
        assertTrue(TestTasks.isGone(pid));
    }

    @Test
    void anExecutorThatThrowsOrAnswersNothingOrIsMissingGivesAnError() throws Exception {
        executors.put("boom", execution -> {
            throw new IllegalStateException("kaboom");
        });
        executors.put("silent", execution -> null);
        WorkerAgent agent = agent(2, Duration.ofMillis(200));
        Task boom = TestTasks.task("r5.1", "boom", Map.of(), TIMEOUT);
        Task silent = TestTasks.task("r5.2", "silent", Map.of(), TIMEOUT);
        Task unknown = TestTasks.task("r5.3", "browser", Map.of(), TIMEOUT);
        gateway.submit(boom);
        gateway.submit(silent);
        gateway.submit(unknown);
        agent.start();

        TaskResult thrown = gateway.awaitResult(first(boom), WAIT);
        assertEquals(TaskState.ERROR, thrown.status());
        assertEquals("kaboom", thrown.message());
        assertTrue(Files.readString(Path.of(thrown.logPath())).contains("IllegalStateException: kaboom"));
        assertEquals(TaskState.ERROR, gateway.awaitResult(first(silent), WAIT).status());
        TaskResult missing = gateway.awaitResult(first(unknown), WAIT);
        assertEquals(TaskState.ERROR, missing.status());
        assertEquals("no executor for task type browser on this worker", missing.message());
        assertTrue(missing.logTail().contains("no executor for task type browser"), missing.logTail());
    }

    @Test
    void keepsPollingAfterFailuresAndRegistersAgainWhenForgotten() throws Exception {
        gateway.failPolls(2);
        WorkerAgent agent = agent(1, Duration.ofMillis(200));
        agent.start();
        Task task = shell("r6.1", "true", TIMEOUT);
        gateway.submit(task);
        assertEquals(TaskState.PASSED, gateway.awaitResult(first(task), WAIT).status());

        gateway.forgetWorker();
        await("registered again", WAIT, () -> gateway.calls().stream().filter("register"::equals).count() == 2);
        Task after = shell("r6.2", "true", TIMEOUT);
        gateway.submit(after);
        assertEquals(TaskState.PASSED, gateway.awaitResult(first(after), WAIT).status());
    }

    @Test
    void keepsPollingAfterALinkageError() throws Exception {
        gateway.failPollsWith(new NoClassDefFoundError("io/dtf/http/protocol/WorkerProtocol"), 2);
        agent(1, Duration.ofMillis(200)).start();
        Task task = shell("r6.3", "true", TIMEOUT);
        gateway.submit(task);
        assertEquals(TaskState.PASSED, gateway.awaitResult(first(task), WAIT).status());
    }

    @Test
    void drainFinishesWhatRunsTakesNothingNewThenUnregisters() throws Exception {
        WorkerAgent agent = agent(2, Duration.ofMillis(300));
        Task running = shell("r8.1", "sleep 0.5", TIMEOUT);
        gateway.submit(running);
        agent.start();
        await("r8.1 started", WAIT, () -> gateway.isStarted(first(running)));
        Task waiting = shell("r8.2", "true", TIMEOUT);

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return agent.drain(WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("draining announced", WAIT, () -> gateway.calls().contains("draining"));
        gateway.submit(waiting);
        assertTrue(drained.get(10, TimeUnit.SECONDS));

        assertEquals(TaskState.PASSED, gateway.result(first(running)).status());
        assertEquals(1, gateway.queued(), "the task submitted while draining stays queued");
        List<String> calls = gateway.calls();
        assertTrue(calls.indexOf("draining") < calls.indexOf("completed r8.1#1"), calls.toString());
        assertEquals("unregister", calls.get(calls.size() - 1), calls.toString());
        assertTrue(calls.subList(calls.indexOf("draining"), calls.size()).stream()
                .filter(c -> c.startsWith("poll ")).allMatch("poll 0"::equals), "no slot offered while draining");
    }

    @Test
    void shutdownKillsRunningTasksAndHandsThemBackByUnregistering() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofSeconds(10));
        Task task = shell("r9.1", "echo $$ > pid; exec sleep 30", TIMEOUT);
        long pid = startAndReadPid(agent, task);

        long start = System.nanoTime();
        agent.shutdown();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
        assertNull(gateway.result(first(task)), "nothing reported: unregister hands the attempt back as lost");
        assertTrue(TestTasks.isGone(pid));
        List<String> calls = gateway.calls();
        assertEquals("unregister", calls.get(calls.size() - 1));
    }

    @Test
    void theProcessTreeOfARunningAttemptIsEndedByTheWorkersNextLifeAfterACrash() throws Exception {
        Path records = dir.resolve("processes");
        ProcessRecords firstLife = ProcessRecords.takeOver(records);
        WorkerAgent agent = agent(1, Duration.ofSeconds(10)).processRecords(firstLife);
        Task task = shell("r16.1", "echo $$ > pid; sleep 300 & sleep 300", TIMEOUT);
        long pid = startAndReadPid(agent, task);
        await("the process is recorded", WAIT, () -> {
            try {
                return Files.readString(records.resolve("processes.journal")).contains("started " + pid + " ");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();

        firstLife.close(); // kill -9: the worker's lock goes with its JVM, its records stay
        ProcessRecords.takeOver(records).close();
        assertTrue(TestTasks.isGone(pid), "the attempt's process is ended before the new life takes tasks");
        assertTrue(tree.stream().allMatch(p -> TestTasks.isGone(p.pid())), "and its descendants: " + tree);
    }

    @Test
    void stopStopsPollingButLetsRunningTasksFinish() throws Exception {
        WorkerAgent agent = agent(1, Duration.ofSeconds(10));
        Task task = shell("r10.1", "sleep 0.3", TIMEOUT);
        gateway.submit(task);
        agent.start();
        await("r10.1 started", WAIT, () -> gateway.isStarted(first(task)));

        assertTrue(agent.stop(WAIT));
        assertEquals(TaskState.PASSED, gateway.result(first(task)).status());
        assertFalse(gateway.calls().contains("unregister"));
    }

    @Test
    void workerIdsAreStableAndSafe() {
        assertEquals(WorkerId.of("build-7.example.org-local"), WorkerAgent.workerId("Build-7.example.org", "local"));
        assertEquals(WorkerId.of("a_b_c-_"), WorkerAgent.workerId("a/b c", ".."));
    }
}
