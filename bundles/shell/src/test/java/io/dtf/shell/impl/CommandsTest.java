package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final FakeCoordinator coordinator = new FakeCoordinator();

    @TempDir
    Path dir;

    @Test
    void unknownRunIsAnErrorWithItsCode() {
        RunCommand cmd = with(new RunCommand());
        cmd.runId = "r99";
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1004: run 'r99' does not exist", e.getNiceHelp());
    }

    @Test
    void aMalformedIdIsNamedByTheOneRuleOfTheApi() {
        RunCommand run = with(new RunCommand());
        run.runId = "../etc";
        assertEquals("Error DTF-1002: '../etc' is not a run id (r followed by a number, e.g. r12)",
                assertThrows(CommandException.class, run::execute).getNiceHelp());
        CancelCommand cancel = with(new CancelCommand());
        cancel.id = "r3.x";
        assertEquals("Error DTF-1002: 'r3.x' is not a task id (run id, dot, number, e.g. r12.3)",
                assertThrows(CommandException.class, cancel::execute).getNiceHelp());
        assertEquals(List.of(), coordinator.calls, "nothing is asked for a malformed id");
    }

    @Test
    void runShowsHeaderTasksAndFailedTests() throws Exception {
        RunSummary s = summary(Map.of(TaskState.PASSED, 1, TaskState.FAILED, 1), T0.plusSeconds(184), 3, 1);
        coordinator.runs.put(s.run().id(), s);
        coordinator.tasks.add(task("r3.1", "unit", TaskState.PASSED, 0));
        coordinator.tasks.add(task("r3.2", "lang", TaskState.FAILED, 1));
        coordinator.testCases.add(new StoredTestCase(TaskId.of("r3.2"), "lang", 1, new TestCaseResult("suite",
                "org.example.LangTest", "parses", TestCaseStatus.FAILED, Duration.ofMillis(20),
                "expected <1> but was <2>\n\tat org.example.LangTest.parses", null, false)));
        RunCommand cmd = with(new RunCommand());
        cmd.runId = "r3";
        String out = run(cmd);
        assertTrue(out.startsWith("Run r3  api-tests  FAILED\n"), out);
        assertTrue(out.contains("duration: 3m04s"), out);
        assertTrue(out.contains("tasks:     2 (1 passed, 1 failed)"), out);
        assertTrue(out.contains("tests:     3 (1 failed)"), out);
        assertTrue(out.matches("(?s).*r3\\.2 +\\| lang +\\| command \\| FAILED +\\|.*\\| +1\\n.*"), out);
        assertTrue(out.contains("expected <1> but was <2>"), out);
        assertFalse(out.contains("\tat org.example"), out);
    }

    @Test
    void taskShowsAPreemptedAttemptAsPreemptedAndNotCounted() throws Exception {
        Task failed = task("r3.2", "lang", TaskState.FAILED, 1);
        coordinator.tasks.add(new Task(failed.id(), failed.runId(), failed.name(), failed.type(), failed.spec(),
                failed.requirements(), failed.priority(), failed.tenant(), failed.deadline(), failed.timeout(),
                failed.maxAttempts(), failed.seq(), failed.state(), 3, failed.worker(), failed.createdAt(),
                failed.startedAt(), failed.finishedAt(), failed.result(), 1));
        coordinator.attempts.add(new AttemptRecord(new TaskAttempt(failed.id(), 1), WorkerId.of("w1"), TaskState.ERROR,
                T0, T0.plusSeconds(2), null, "preempted to make room for a more urgent task", null, true));
        coordinator.attempts.add(new AttemptRecord(new TaskAttempt(failed.id(), 2), WorkerId.of("w1"),
                TaskState.FAILED, T0.plusSeconds(3), T0.plusSeconds(4), 1, null, null));
        TaskCommand cmd = with(new TaskCommand());
        cmd.taskId = "r3.2";
        String out = run(cmd);
        assertTrue(out.contains("attempt: 3/2 (1 preempted, not counted)"), out);
        assertTrue(out.matches("(?s).*\\n1 \\| w1 +\\| PREEMPTED +\\|.*"), out);
        assertTrue(out.matches("(?s).*\\n2 \\| w1 +\\| FAILED +\\|.*"), out);
    }

    @Test
    void aTaskNoWorkerCanRunSaysWhyItWaitsInTaskAndTasks() throws Exception {
        coordinator.tasks.add(task("r3.1", "unit", TaskState.PASSED, 0));
        coordinator.tasks.add(task("r3.2", "lang", TaskState.QUEUED, null)
                .withWaiting("no connected worker runs junit tasks"));
        TaskCommand one = with(new TaskCommand());
        one.taskId = "r3.2";
        String out = run(one);
        assertTrue(out.startsWith("Task r3.2  lang  QUEUED\n  waiting:      no connected worker runs junit tasks\n"),
                out);
        String all = run(with(new TasksCommand()));
        assertTrue(all.matches("(?s).*\\| Waiting\\n.*"), all);
        assertTrue(all.matches("(?s).*r3\\.2 +\\| lang .*\\| no connected worker runs junit tasks\\n.*"), all);
        coordinator.tasks.remove(1);
        assertFalse(run(with(new TasksCommand())).contains("Waiting"), "no column when no task waits");
    }

    @Test
    void submitReportsAMissingFile() {
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = dir.resolve("nope.yaml").toString();
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1002: plan file '" + dir.resolve("nope.yaml") + "' does not exist", e.getNiceHelp());
        assertTrue(coordinator.calls.isEmpty());
    }

    @Test
    void submitShowsEveryProblemOfAnInvalidPlan() throws Exception {
        Path plan = Files.writeString(dir.resolve("bad.yaml"), "tasks: []\n");
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = plan.toString();
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1001: plan bad.yaml is not valid:\n  - name: is required", e.getNiceHelp());
        assertEquals(List.of("submit bad.yaml 10"), coordinator.calls);
    }

    @Test
    void submitAndWaitPrintsProgressThenTheSummary() throws Exception {
        Path plan = Files.writeString(dir.resolve("ok.yaml"), "name: api-tests\n");
        coordinator.onSubmit = summary(Map.of(TaskState.QUEUED, 2), null, 0, 0);
        coordinator.polls.add(summary(Map.of(TaskState.QUEUED, 2), null, 0, 0));
        coordinator.polls.add(summary(Map.of(TaskState.QUEUED, 2), null, 0, 0));
        coordinator.polls.add(summary(Map.of(TaskState.RUNNING, 1, TaskState.PASSED, 1), null, 0, 0));
        coordinator.polls.add(summary(Map.of(TaskState.PASSED, 2), T0.plusMillis(1200), 4, 0));
        coordinator.tasks.add(task("r3.1", "unit", TaskState.PASSED, 0));
        coordinator.tasks.add(task("r3.2", "lang", TaskState.PASSED, 0));
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = plan.toString();
        cmd.wait = true;
        cmd.pollMillis = 1;
        String out = run(cmd);
        String[] lines = out.split("\n");
        assertEquals("Run r3 submitted: api-tests, 2 tasks", lines[0]);
        assertTrue(lines[1].startsWith("r3  QUEUED  [                    ] 0/2 tasks"), out);
        assertTrue(lines[2].startsWith("r3  RUNNING  [=========>          ] 1/2 tasks  1 passed 0 failed 1 running"), out);
        assertTrue(lines[3].startsWith("r3  PASSED  [====================] 2/2 tasks  2 passed 0 failed 0 running  1.2s"),
                out);
        assertTrue(out.contains("r3.2"), out);
        assertEquals("Run r3 PASSED in 1.2s: 2 passed; tests 4", lines[lines.length - 1]);
    }

    @Test
    void waitMayFollowThePlanFile() throws Exception {
        Path plan = Files.writeString(dir.resolve("ok.yaml"), "name: api-tests\n");
        coordinator.onSubmit = summary(Map.of(TaskState.PASSED, 2), T0.plusSeconds(2), 0, 0);
        coordinator.runs.put(coordinator.onSubmit.run().id(), coordinator.onSubmit);
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = plan.toString();
        cmd.trailingOption = "--wait";
        assertTrue(run(cmd).endsWith("Run r3 PASSED in 2.0s: 2 passed; tests 0\n"));
        cmd.trailingOption = "--wiat";
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1002: unexpected argument '--wiat'; usage: dtf:submit [--wait] <plan-file>",
                e.getNiceHelp());
    }

    @Test
    void waitingEndsOnInterruptWithoutCancelling() throws Exception {
        Path plan = Files.writeString(dir.resolve("ok.yaml"), "name: api-tests\n");
        coordinator.onSubmit = summary(Map.of(TaskState.QUEUED, 2), null, 0, 0);
        coordinator.polls.add(summary(Map.of(TaskState.QUEUED, 2), null, 0, 0));
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = plan.toString();
        cmd.wait = true;
        cmd.pollMillis = 60_000;
        Thread.currentThread().interrupt();
        String out = run(cmd);
        assertFalse(Thread.currentThread().isInterrupted());
        assertTrue(out.contains("Stopped waiting; run r3 goes on."), out);
        assertEquals(List.of("submit ok.yaml 16"), coordinator.calls);
    }

    @Test
    void cancelTellsRunsFromTasks() throws Exception {
        RunSummary s = summary(Map.of(TaskState.RUNNING, 1, TaskState.PASSED, 1), null, 0, 0);
        coordinator.runs.put(s.run().id(), s);
        coordinator.tasks.add(task("r3.1", "unit", TaskState.PASSED, 0));
        coordinator.tasks.add(task("r3.2", "lang", TaskState.RUNNING, null));
        CancelCommand cmd = with(new CancelCommand());
        cmd.id = "r3.1";
        assertEquals("Task r3.1 had already finished: PASSED\n", run(cmd));
        cmd.id = "r3.2";
        assertEquals("Cancelled task r3.2 (lang)\n", run(cmd));
        cmd.id = "r3";
        assertEquals("Cancelled 1 task of run r3\n", run(cmd));
        cmd.id = "r3.9";
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1004: task 'r3.9' does not exist", e.getNiceHelp());
        assertEquals(List.of("cancel task r3.1", "cancel task r3.2", "cancel run r3"), coordinator.calls);
    }

    @Test
    void tasksRejectsAnUnknownState() {
        TasksCommand cmd = with(new TasksCommand());
        cmd.states = "done";
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertTrue(e.getNiceHelp().startsWith("Error DTF-1002: unknown task state 'done'"), e.getNiceHelp());
    }

    @Test
    void workersShowSlotsAndLastSeen() throws Exception {
        coordinator.workers.add(new WorkerStatus(new WorkerInfo(WorkerId.of("w1"), "local", "host",
                new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of("linux-x64", "gpu"), Set.of(), false, false), 2),
                WorkerState.BUSY, 1, T0, T0.minusSeconds(3), 7));
        String out = run(with(new WorkersCommand()));
        assertTrue(out.matches("(?s).*w1 +\\| local \\| BUSY +\\| +1/2 \\| gpu,linux-x64 \\| +3s ago \\| +7\\n.*"), out);
    }

    private <T extends DtfAction> T with(T cmd) {
        cmd.coordinator = coordinator;
        cmd.clock = Clock.fixed(T0, ZoneOffset.UTC);
        return cmd;
    }

    private static String run(DtfAction cmd) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.US_ASCII)) {
            cmd.run(out);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static RunSummary summary(Map<TaskState, Integer> counts, Instant finishedAt, int tests, int failed) {
        TaskCounts c = new TaskCounts(counts);
        RunState state = c.runState();
        return new RunSummary(new TestRun(RunId.of("r3"), "api-tests", Map.of("team", "web"), null, null, T0, ""),
                state, c, finishedAt, tests, failed);
    }

    private static Task task(String id, String name, TaskState state, Integer exit) {
        TaskResult result = state.isTerminal()
                ? new TaskResult(state, Duration.ofMillis(1500), exit, null, List.of(), List.of(), Map.of(), null, null)
                : null;
        return new Task(TaskId.of(id), TaskId.of(id).runId(), name, "command", Map.of(), null, 0, "default", null,
                Duration.ofMinutes(10), 2, 1, state, 1, WorkerId.of("w1"), T0, T0, null, result);
    }
}
