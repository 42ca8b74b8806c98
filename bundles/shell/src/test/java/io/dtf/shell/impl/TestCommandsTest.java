package io.dtf.shell.impl;

import static io.dtf.shell.impl.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.RunId;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.TaskBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dtf:tests, dtf:test-history and dtf:tests-slowest on run r3: its task r3.1 ran test "connects", which failed on w1
 * (ending at the test kit's T0), then passed on w2 (4 s later).
 */
class TestCommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String CLASS = "org.example.ClientTest";

    private final FakeCoordinator coordinator = new FakeCoordinator();

    @BeforeEach
    void runWithARetry() {
        TaskResult passed = new TaskResult(TaskState.PASSED, Duration.ofSeconds(4), 0, null, List.of(
                test("connects", TestCaseStatus.PASSED, 1500, null), test("reads", TestCaseStatus.PASSED, 250, null)),
                List.of(), Map.of(), null, null);
        coordinator.addRun("r3", "api-tests", TaskBuilder.task().id("r3.1").name("unit").result(passed).build()
                .withState(TaskState.PASSED, 2, WorkerId.of("w2")));
        coordinator.addEarlierTestCases(
                new StoredTestCase(TaskId.of("r3.1"), "unit", 1, test("connects", TestCaseStatus.FAILED, 900,
                        "Connection refused"), null, WorkerId.of("w1"), TaskBuilder.T0),
                new StoredTestCase(TaskId.of("r3.1"), "unit", 1, test("reads", TestCaseStatus.PASSED, 200, null),
                        null, WorkerId.of("w1"), TaskBuilder.T0));
    }

    private static TestCaseResult test(String name, TestCaseStatus status, long millis, String message) {
        return new TestCaseResult("suite", CLASS, name, status, Duration.ofMillis(millis), message, null, false);
    }

    @Test
    void testsShowsEveryAttemptAndMarksTheTestThatPassedOnARetry() throws Exception {
        String out = run(with(new TestsCommand(), c -> c.runId = "r3"));
        List<String> rows = out.lines().filter(l -> l.contains(CLASS)).toList();
        assertEquals(4, rows.size(), out);
        assertTrue(rows.get(0).contains("connects") && rows.get(0).contains("FAILED") && rows.get(0).contains("w1")
                && rows.get(0).contains("Connection refused"), rows.get(0));
        assertTrue(rows.get(1).contains("connects") && rows.get(1).contains("PASSED") && rows.get(1).contains("w2")
                && rows.get(1).contains("flaky"), rows.get(1));
        assertTrue(rows.get(1).contains(TestId.of(CLASS, "connects").value()), rows.get(1));
        assertTrue(rows.stream().filter(r -> r.contains("reads")).noneMatch(r -> r.contains("flaky")), out);
        assertTrue(coordinator.queries(TestCaseQuery.class).get(0).allAttempts());

        String latest = run(with(new TestsCommand(), c -> {
            c.runId = "r3";
            c.latest = true;
            c.statuses = "passed";
        }));
        assertEquals(2, latest.lines().filter(l -> l.contains(CLASS)).count(), latest);
        CommandException bad = assertThrows(CommandException.class, with(new TestsCommand(), c -> {
            c.runId = "r3";
            c.statuses = "green";
        })::execute);
        assertTrue(bad.getNiceHelp().startsWith("Error DTF-1002: unknown test outcome 'green'"), bad.getNiceHelp());
    }

    @Test
    void testHistoryTakesTheIdOrClassAndNameAndShowsTheNewestFirst() throws Exception {
        String byName = run(with(new TestHistoryCommand(), c -> c.test = CLASS + "#connects"));
        assertTrue(byName.startsWith("Test " + TestId.of(CLASS, "connects") + "  " + CLASS + "#connects"), byName);
        List<String> rows = byName.lines().filter(l -> l.contains("r3.1")).toList();
        assertEquals(2, rows.size(), byName);
        assertTrue(rows.get(0).contains("PASSED") && rows.get(1).contains("FAILED"), byName);
        assertTrue(rows.get(1).contains("2026-01-01 00:00:00"), byName);
        assertEquals(byName, run(with(new TestHistoryCommand(), c -> c.test = TestId.of(CLASS, "connects").value())));

        assertTrue(run(with(new TestHistoryCommand(), c -> c.test = CLASS + "#never")).contains("No outcomes"));
        CommandException bad = assertThrows(CommandException.class,
                with(new TestHistoryCommand(), c -> c.test = "LoginTest")::execute);
        assertTrue(bad.getNiceHelp().startsWith("Error DTF-1002: 'LoginTest' is not a test id"), bad.getNiceHelp());
    }

    @Test
    void testsSlowestOfARunOrOfTheLatestRuns() throws Exception {
        String out = run(with(new TestsSlowestCommand(), c -> {
            c.run = "r3";
            c.limit = 1;
        }));
        List<String> rows = out.lines().filter(l -> l.contains(CLASS)).toList();
        assertEquals(1, rows.size(), out);
        assertTrue(rows.get(0).contains("connects") && rows.get(0).contains("1.5s"), out);
        assertEquals(new SlowestTestsQuery(RunId.of("r3"), SlowestTestsQuery.DEFAULT_RECENT_RUNS, 1),
                coordinator.queries(SlowestTestsQuery.class).get(0));
        CommandException unknown = assertThrows(CommandException.class,
                with(new TestsSlowestCommand(), c -> c.run = "r99")::execute);
        assertEquals("Error DTF-1004: run 'r99' does not exist", unknown.getNiceHelp());
        CommandException tooMany = assertThrows(CommandException.class,
                with(new TestsSlowestCommand(), c -> c.runs = 101)::execute);
        assertEquals("Error DTF-1002: --runs must be between 1 and 100, not 101", tooMany.getNiceHelp());
    }

    /** Sets a command's fields. */
    private interface Setup<T> {
        void set(T command);
    }

    private <T extends DtfAction> T with(T cmd, Setup<T> setup) {
        cmd.coordinator = coordinator;
        cmd.clock = Clock.fixed(T0, ZoneOffset.UTC);
        setup.set(cmd);
        return cmd;
    }
}
