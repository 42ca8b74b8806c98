package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
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
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakeCoordinator.Submission;
import io.dtf.testkit.TaskBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
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
    private static final RunId R3 = RunId.of("r3");
    /** The run the tests show: submitted at T0, labelled, of the default tenant. */
    private static final TestRun API_TESTS = new TestRun(R3, "api-tests", Map.of("team", "web"), null, null, T0,
            "name: api-tests\n");

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
        assertEquals(List.of(), coordinator.cancelledTasks(), "nothing is asked for a malformed id");
        assertEquals(List.of(), coordinator.cancelledRuns(), "nothing is asked for a malformed id");
    }

    @Test
    void runShowsHeaderTasksAndFailedTests() throws Exception {
        coordinator.addRun(API_TESTS,
                ended("r3.1", "unit", TaskState.PASSED, 0, Duration.ofMillis(1500), passed("adds"), passed("subtracts")),
                ended("r3.2", "lang", TaskState.FAILED, 1, Duration.ofSeconds(184), new TestCaseResult("suite",
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
        Task failed = ended("r3.2", "lang", TaskState.FAILED, 1, Duration.ofMillis(1500));
        coordinator.addRun(API_TESTS, new Task(failed.id(), failed.runId(), failed.name(), failed.type(), failed.spec(),
                failed.requirements(), failed.priority(), failed.tenant(), failed.deadline(), failed.timeout(),
                failed.maxAttempts(), failed.seq(), failed.state(), 3, failed.worker(), failed.createdAt(),
                failed.startedAt(), failed.finishedAt(), failed.result(), 1));
        coordinator.addAttempt(new AttemptRecord(new TaskAttempt(failed.id(), 1), WorkerId.of("w1"), TaskState.ERROR,
                T0, T0.plusSeconds(2), null, "preempted to make room for a more urgent task", null, true));
        coordinator.addAttempt(new AttemptRecord(new TaskAttempt(failed.id(), 2), WorkerId.of("w1"),
                TaskState.FAILED, T0.plusSeconds(3), T0.plusSeconds(4), 1, null, null));
        TaskCommand cmd = with(new TaskCommand());
        cmd.taskId = "r3.2";
        String out = run(cmd);
        assertTrue(out.contains("attempt: 3/2 (1 preempted)"), out);
        assertTrue(out.matches("(?s).*\\n1 \\| w1 +\\| PREEMPTED +\\|.*"), out);
        assertTrue(out.matches("(?s).*\\n2 \\| w1 +\\| FAILED +\\|.*"), out);
        TasksCommand list = with(new TasksCommand());
        String table = run(list);
        assertTrue(table.contains("3/2 (1 preempted)"),
                "the tasks table says why an attempt count passes its maximum:\n" + table);
    }

    @Test
    void aTaskNoWorkerCanRunSaysWhyItWaitsInTaskAndTasks() throws Exception {
        coordinator.addRun(API_TESTS, ended("r3.1", "unit", TaskState.PASSED, 0, Duration.ofMillis(1500)),
                unfinished("r3.2", "lang", TaskState.QUEUED).withWaiting("no connected worker runs junit tasks"));
        TaskCommand one = with(new TaskCommand());
        one.taskId = "r3.2";
        String out = run(one);
        assertTrue(out.startsWith("Task r3.2  lang  QUEUED\n  waiting:      no connected worker runs junit tasks\n"),
                out);
        String all = run(with(new TasksCommand()));
        assertTrue(all.matches("(?s).*\\| Waiting\\n.*"), all);
        assertTrue(all.matches("(?s).*r3\\.2 +\\| lang .*\\| no connected worker runs junit tasks\\n.*"), all);
        coordinator.putTask(unfinished("r3.2", "lang", TaskState.QUEUED));
        assertFalse(run(with(new TasksCommand())).contains("Waiting"), "no column when no task waits");
    }

    @Test
    void submitReportsAMissingFile() {
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = dir.resolve("nope.yaml").toString();
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1002: plan file '" + dir.resolve("nope.yaml") + "' does not exist", e.getNiceHelp());
        assertTrue(coordinator.submissions().isEmpty());
    }

    @Test
    void submitShowsEveryProblemOfAnInvalidPlan() throws Exception {
        Path plan = Files.writeString(dir.resolve("bad.yaml"), "tasks: []\n");
        coordinator.whenSubmitted((text, source) -> {
            throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source + " is not valid",
                    List.of(new Problem("name", "is required")));
        });
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = plan.toString();
        CommandException e = assertThrows(CommandException.class, cmd::execute);
        assertEquals("Error DTF-1001: plan bad.yaml is not valid:\n  - name: is required", e.getNiceHelp());
        assertEquals(List.of(new Submission("tasks: []\n", "bad.yaml")), coordinator.submissions());
    }

    @Test
    void submitAndWaitPrintsProgressThenTheSummary() throws Exception {
        Path plan = Files.writeString(dir.resolve("ok.yaml"), "name: api-tests\n");
        acceptsAsQueued();
        coordinator.progressOnRead(R3);
        coordinator.progressOnRead(R3);
        coordinator.progressOnRead(R3, ended("r3.1", "unit", TaskState.PASSED, 0, Duration.ofSeconds(1),
                passed("adds"), passed("subtracts")), unfinished("r3.2", "lang", TaskState.RUNNING));
        coordinator.progressOnRead(R3, ended("r3.2", "lang", TaskState.PASSED, 0, Duration.ofMillis(1200),
                passed("parses"), passed("prints")));
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
        coordinator.whenSubmitted((text, source) -> coordinator.addRun(API_TESTS,
                ended("r3.1", "unit", TaskState.PASSED, 0, Duration.ofSeconds(2)),
                ended("r3.2", "lang", TaskState.PASSED, 0, Duration.ofSeconds(2))));
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
        acceptsAsQueued();
        SubmitCommand cmd = with(new SubmitCommand());
        cmd.planFile = plan.toString();
        cmd.wait = true;
        cmd.pollMillis = 60_000;
        Thread.currentThread().interrupt();
        String out = run(cmd);
        assertFalse(Thread.currentThread().isInterrupted());
        assertTrue(out.contains("Stopped waiting; run r3 goes on."), out);
        assertEquals(List.of(new Submission("name: api-tests\n", "ok.yaml")), coordinator.submissions());
        assertEquals(List.of(), coordinator.cancelledRuns());
        assertEquals(List.of(), coordinator.cancelledTasks());
    }

    @Test
    void cancelTellsRunsFromTasks() throws Exception {
        coordinator.addRun(API_TESTS, ended("r3.1", "unit", TaskState.PASSED, 0, Duration.ofMillis(1500)),
                unfinished("r3.2", "lang", TaskState.RUNNING), unfinished("r3.3", "docs", TaskState.QUEUED));
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
        assertEquals(List.of(TaskId.of("r3.1"), TaskId.of("r3.2")), coordinator.cancelledTasks());
        assertEquals(List.of(R3), coordinator.cancelledRuns());
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
        coordinator.addWorker(new WorkerStatus(new WorkerInfo(WorkerId.of("w1"), "local", "host",
                new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of("linux-x64", "gpu"), Set.of(), false, false), 2),
                WorkerState.BUSY, 1, T0, T0.minusSeconds(3), 7));
        String out = run(with(new WorkersCommand()));
        assertTrue(out.matches("(?s).*w1 +\\| local \\| BUSY +\\| +1/2 \\| gpu,linux-x64 \\| +3s ago \\| +7\\n.*"), out);
    }

    @Test
    void runsAreFoundByLabelsAndCiContextAndShowIt() throws Exception {
        CIContext pr = new CIContext("github", "acme/shop", "1a2b3c4", "feature/cart", 42, "987",
                URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of());
        coordinator.addRun(new TestRun(RunId.of("r4"), "from-ci", Map.of("team", "web", "suite", "smoke"), "ci", null,
                T0.plusSeconds(1), "name: from-ci\n", pr));
        coordinator.addRun(API_TESTS);
        RunsCommand all = with(new RunsCommand());
        String table = run(all);
        assertTrue(table.matches("(?s).*Duration \\| CI\n.*"), table);
        assertTrue(table.matches("(?s).*r4 .*\\| github #42 feature/cart\n.*"), table);
        assertTrue(table.matches("(?s).*r3 .*\\| -\n.*"), table);

        RunsCommand some = with(new RunsCommand());
        some.labels = List.of("team=web", "suite=smoke");
        some.branch = "feature/cart";
        some.pullRequest = 42;
        String found = run(some);
        assertTrue(found.contains("r4 ") && !found.contains("r3 "), found);
        List<RunQuery> asked = coordinator.queries(RunQuery.class);
        assertEquals(new RunQuery(null, new Page(0, 20), Map.of("team", "web", "suite", "smoke"), null, null, null,
                "feature/cart", 42), asked.get(asked.size() - 1));
        some.labels = List.of("team=db");
        assertTrue(run(some).contains("No runs match."));
        some.labels = List.of("team");
        assertEquals("Error DTF-1002: 'team' is not a label; write name=value",
                assertThrows(CommandException.class, some::execute).getNiceHelp());

        RunsCommand plain = with(new RunsCommand());
        plain.tenant = "default";
        String byHand = run(plain);
        assertFalse(byHand.contains("CI"), "no CI column without a CI context: " + byHand);
    }

    @Test
    void aRunShowsItsCiContextAndSubmitTakesLabels() throws Exception {
        coordinator.addRun(new TestRun(R3, "api-tests", Map.of(), null, null, T0, "name: api-tests\n",
                new CIContext("gitlab", "acme/shop", "1a2b3c4", "main", null, "50021",
                        URI.create("https://gitlab.com/acme/shop/-/jobs/50021"), Map.of())));
        RunCommand show = with(new RunCommand());
        show.runId = "r3";
        String out = run(show);
        assertTrue(out.contains("\n  ci:        gitlab main, acme/shop at 1a2b3c4\n"
                + "  build:     https://gitlab.com/acme/shop/-/jobs/50021\n"), out);

        Path plan = Files.writeString(dir.resolve("ok.yaml"), "name: api-tests\n");
        coordinator.whenSubmitted((text, source) -> coordinator.run(R3).orElseThrow());
        SubmitCommand submit = with(new SubmitCommand());
        submit.planFile = plan.toString();
        submit.labels = List.of("suite=smoke", "owner=web=team");
        run(submit);
        assertEquals(List.of(new Submission("name: api-tests\n", "ok.yaml", Map.of("suite", "smoke", "owner",
                "web=team"), null)), coordinator.submissions());
    }

    private <T extends DtfAction> T with(T cmd) {
        cmd.coordinator = coordinator;
        cmd.clock = Clock.fixed(T0, ZoneOffset.UTC);
        return cmd;
    }

    /** What the command prints (ASCII: the tables' frames and texts are). */
    static String run(DtfAction cmd) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.US_ASCII)) {
            cmd.run(out);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** Every plan is accepted as {@link #API_TESTS} with two queued tasks. */
    private void acceptsAsQueued() {
        coordinator.whenSubmitted((text, source) -> coordinator.addRun(API_TESTS,
                unfinished("r3.1", "unit", TaskState.QUEUED), unfinished("r3.2", "lang", TaskState.QUEUED)));
    }

    /** A task of r3 with two attempts allowed: queued, or in the state given in its first attempt, on w1. */
    private static Task unfinished(String id, String name, TaskState state) {
        Task queued = TaskBuilder.task().id(id).name(name).maxAttempts(2).createdAt(T0).build();
        return state == TaskState.QUEUED ? queued : queued.withState(state, 1, WorkerId.of("w1"));
    }

    /** A task of r3 that ended after its first attempt, which started at T0 and took {@code took}. */
    private static Task ended(String id, String name, TaskState state, Integer exit, Duration took,
                              TestCaseResult... tests) {
        return TaskBuilder.task().id(id).name(name).maxAttempts(2).createdAt(T0).result(new TaskResult(state, took,
                exit, null, List.of(tests), List.of(), Map.of(), null, null)).build();
    }

    private static TestCaseResult passed(String name) {
        return new TestCaseResult("suite", "org.example.SomeTest", name, TestCaseStatus.PASSED, Duration.ofMillis(5),
                null, null, false);
    }
}
