package io.dtf.worker.impl.command;

import static io.dtf.worker.impl.TestTasks.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.agent.attempt.AttemptCancellation;
import io.dtf.worker.impl.agent.attempt.AttemptExecution;
import io.dtf.worker.impl.log.AttemptLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskExecutorTest {
    @TempDir
    Path dir;

    private final CommandTaskExecutor executor = new CommandTaskExecutor();
    private final AttemptCancellation cancellation = new AttemptCancellation();
    /** The processes the executor said it started. */
    private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();

    private Path work() throws IOException {
        return Files.createDirectories(dir.resolve("work"));
    }

    private Path logFile() {
        return dir.resolve("logs/r1/r1.1-1.log");
    }

    private TaskResult run(Task task) throws Exception {
        return run(task, Map.of());
    }

    private TaskResult run(Task task, Map<String, String> env) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("PATH", System.getenv("PATH"));
        Duration timeout = task.timeout();
        try (AttemptLog log = new AttemptLog(logFile())) {
            TaskResult result = executor.execute(new AttemptExecution(task, new TaskAttempt(task.id(), 1), work(),
                    environment, log, log, Instant.now().plus(timeout), cancellation, started::add));
            log.file(); // all of it in the file, for the assertions
            // with its tail, as the worker adds it
            return new TaskResult(result.status(), result.duration(), result.exitCode(), result.message(),
                    result.testCases(), result.artifacts(), result.metrics(), result.logPath(), log.tail());
        }
    }

    private String log() throws IOException {
        return Files.readString(logFile());
    }

    @Test
    void aCommandThatExitsZeroPasses() throws Exception {
        TaskResult result = run(TestTasks.task("r1.1", "command", Map.of("command", List.of("true")),
                Duration.ofSeconds(10)));
        assertEquals(TaskState.PASSED, result.status());
        assertEquals(0, result.exitCode());
        assertNull(result.message());
        assertNull(result.logPath(), "the worker adds the log once the attempt is over");
        assertTrue(result.duration().toNanos() > 0);
    }

    @Test
    void tellsTheWorkerOfTheProcessItStarts() throws Exception {
        run(shell("r1.1", "echo $$ > pid", Duration.ofSeconds(10)));
        long pid = TestTasks.readPid(work().resolve("pid"));
        assertEquals(List.of(pid), started.stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void aNonZeroExitFailsAndBothStreamsAreInTheLog() throws Exception {
        TaskResult result = run(shell("r1.1", "echo to-stdout; echo to-stderr >&2; exit 3", Duration.ofSeconds(10)));
        assertEquals(TaskState.FAILED, result.status());
        assertEquals(3, result.exitCode());
        assertEquals("exit code 3", result.message());
        assertTrue(log().contains("to-stdout\nto-stderr\n"), log());
        assertTrue(result.logTail().contains("to-stderr"));
    }

    @Test
    void aCommandThatCannotStartIsAnErrorWithTheSystemsReason() throws Exception {
        TaskResult result = run(TestTasks.task("r1.1", "command",
                Map.of("command", List.of("/no/such/program", "x")), Duration.ofSeconds(10)));
        assertEquals(TaskState.ERROR, result.status());
        assertNull(result.exitCode());
        assertTrue(result.message().contains("No such file or directory"), result.message());
        assertTrue(log().contains("No such file or directory"));
    }

    @Test
    void runsInTheWorkDirWithTheEnvironmentGiven() throws Exception {
        run(shell("r1.1", "echo \"$GREETING from $(pwd)\"; echo \"HOME=${HOME:-unset}\"", Duration.ofSeconds(10)),
                Map.of("GREETING", "hello"));
        assertTrue(log().contains("hello from " + work().toRealPath()), log());
        assertTrue(log().contains("HOME=unset"), "only the environment given: " + log());
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        long start = System.nanoTime();
        TaskResult result = run(shell("r1.1", "sleep 1000 & echo $! > child.pid; echo started; wait",
                Duration.ofSeconds(1)));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(TaskState.TIMED_OUT, result.status());
        assertEquals("timed out after PT1S", result.message());
        assertNull(result.exitCode());
        assertTrue(took >= 1000 && took < 4000, "took " + took + " ms");
        long grandchild = Long.parseLong(Files.readString(work().resolve("child.pid")).strip());
        assertTrue(TestTasks.isGone(grandchild), "the backgrounded sleep " + grandchild + " is gone");
        assertTrue(log().contains("started"));
        assertTrue(result.logTail().contains("timed out"), result.logTail());
    }

    @Test
    void aCancelStopsARunningCommand() throws Exception {
        Task task = shell("r1.1", "echo $$ > pid; sleep 1000 & wait", Duration.ofSeconds(60));
        CompletableFuture<TaskResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return run(task);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long pid = TestTasks.readPid(dir.resolve("work/pid"));
        long start = System.nanoTime();
        cancellation.cancel();

        TaskResult cancelled = result.get(10, TimeUnit.SECONDS);
        assertEquals(TaskState.CANCELLED, cancelled.status());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
        assertTrue(TestTasks.isGone(pid));
    }

    @Test
    void theTailHoldsTheLastFiftyLines() throws Exception {
        TaskResult result = run(shell("r1.1", "seq 1 500", Duration.ofSeconds(10)));
        List<String> tail = result.logTail().lines().toList();
        assertEquals(50, tail.size());
        assertEquals("[dtf] exit code 0", tail.get(49));
        assertEquals("452", tail.get(0));
        assertTrue(log().contains("\n1\n2\n3\n"), "the file keeps everything");
    }

    @Test
    void theTailIsAtMostEightKibibytes() throws Exception {
        TaskResult result = run(shell("r1.1", "for i in $(seq 1 20); do printf '%01000d\\n' $i; done",
                Duration.ofSeconds(10)));
        assertTrue(result.logTail().getBytes().length <= 8 * 1024);
        assertTrue(result.logTail().endsWith("[dtf] exit code 0"));
    }

    @Test
    void failedTestCasesInTheReportsFailATaskThatExitsZero() throws Exception {
        Path reports = Files.createDirectories(work().resolve("target/surefire-reports"));
        copy("surefire-basic.xml", reports.resolve("TEST-com.example.calc.CalculatorTest.xml"));
        copy("pytest.xml", Files.createDirectories(work().resolve("py")).resolve("junit.xml"));
        copy("malformed.xml", reports.resolve("TEST-broken.xml"));
        Files.writeString(reports.resolve("notes.txt"), "not a report");

        TaskResult result = run(shell("r1.1", "true", Duration.ofSeconds(10),
                Map.of("reports", List.of("target/surefire-reports/*.xml", "**/junit.xml"))));

        assertEquals(TaskState.FAILED, result.status());
        assertEquals(0, result.exitCode());
        assertEquals(11, result.testCases().size());
        assertEquals("4 of 11 test cases failed", result.message());
        assertEquals(3, result.artifacts().size());
        assertTrue(log().contains("cannot read the report " + reports.resolve("TEST-broken.xml")), log());
    }

    @Test
    void passingReportsKeepATaskPassedAndAMissingReportIsOnlyLogged() throws Exception {
        Files.writeString(work().resolve("junit.xml"), "<testsuite name='s'><testcase name='t' time='0.1'/>"
                + "<testcase name='u'><skipped/></testcase></testsuite>");
        TaskResult result = run(shell("r1.1", "true", Duration.ofSeconds(10),
                Map.of("reports", List.of("./junit.xml", "missing/*.xml"))));
        assertEquals(TaskState.PASSED, result.status());
        assertEquals(List.of(TestCaseStatus.PASSED, TestCaseStatus.SKIPPED),
                result.testCases().stream().map(c -> c.status()).toList());
        assertTrue(log().contains("[dtf] exit code 0"));
    }

    @Test
    void noMatchingReportIsOnlyLogged() throws Exception {
        TaskResult result = run(shell("r1.1", "true", Duration.ofSeconds(10),
                Map.of("reports", List.of("target/*-reports/*.xml"))));
        assertEquals(TaskState.PASSED, result.status());
        assertTrue(log().contains("no report matches [target/*-reports/*.xml]"), log());
    }

    @Test
    void startCostOfTrivialCommands() throws Exception {
        Task task = TestTasks.task("r1.1", "command", Map.of("command", List.of("true")), Duration.ofSeconds(10));
        run(task); // warm up
        int count = 200;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertEquals(TaskState.PASSED, run(task).status());
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        System.out.printf("%d sequential `true` commands through the executor: %d ms, %.2f ms each%n", count,
                micros / 1000, micros / 1000.0 / count);
        assertTrue(micros < 30_000_000, "far too slow: " + micros + " us");
    }

    private static void copy(String fixture, Path to) throws IOException {
        try (InputStream in = CommandTaskExecutorTest.class.getResourceAsStream("/junit-xml/" + fixture)) {
            Files.copy(in, to);
        }
    }
}
