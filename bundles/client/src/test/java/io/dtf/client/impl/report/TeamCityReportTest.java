package io.dtf.client.impl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.client.Fixtures;
import io.dtf.client.impl.report.TeamCityGrammar.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service messages read back by {@link TeamCityGrammar}, a reader of TeamCity's documented grammar
 * (https://www.jetbrains.com/help/teamcity/service-messages.html#Reporting+Tests) that shares no code with DTF's.
 */
class TeamCityReportTest {
    /** Every character TeamCity's table escapes, a line break of each kind, and characters beyond ASCII. */
    private static final String TRICKY = "expected: <1> but was: <2> in 'a|b' [x]\r\nnext line: ü → 日本";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String write(RunSummary run, List<Task> tasks, List<StoredTestCase> cases) {
        new TeamCityReport(new PrintStream(out, true, StandardCharsets.UTF_8)).write(run, tasks, cases);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunReadBackByAnIndependentParser() {
        RunSummary run = Fixtures.run("r7", "web", TaskState.FAILED, 2, TaskState.PASSED, 1);
        List<Task> tasks = List.of(Fixtures.task("r7.1", "unit", TaskState.FAILED, 1, null),
                Fixtures.task("r7.2", "lint", TaskState.FAILED, 3, null),
                Fixtures.task("r7.3", "smoke", TaskState.PASSED, 0, null));
        List<StoredTestCase> cases = List.of(
                Fixtures.testCase("r7.1", "unit", "org.x.ATest", "connects", TestCaseStatus.PASSED, null),
                new StoredTestCase(TaskId.of("r7.1"), "unit", 1, new TestCaseResult("suite", "org.x.BTest",
                        "parses[1] 'a|b'", TestCaseStatus.FAILED, Duration.ofMillis(1234), TRICKY,
                        "at org.x.BTest.parses(BTest.java:3)\n\tat ü", false)),
                Fixtures.testCase("r7.1", "unit", "org.x.CTest", "later", TestCaseStatus.SKIPPED, null),
                new StoredTestCase(TaskId.of("r7.1"), "unit", 1, new TestCaseResult("pytest-suite", null, "test_io",
                        TestCaseStatus.ERROR, Duration.ofMillis(5), null, null, false)));

        String text = write(run, tasks, cases);
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("##teamcity["), "only service messages, one a line: " + line);
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "printable ASCII only: " + line);
        }
        List<Message> m = TeamCityGrammar.read(text);
        assertEquals(List.of(
                "testSuiteStarted unit r7.1",
                "testStarted org.x.ATest.connects r7.1", "testFinished org.x.ATest.connects r7.1",
                "testStarted org.x.BTest.parses[1] 'a|b' r7.1", "testFailed org.x.BTest.parses[1] 'a|b' r7.1",
                "testFinished org.x.BTest.parses[1] 'a|b' r7.1",
                "testStarted org.x.CTest.later r7.1", "testIgnored org.x.CTest.later r7.1",
                "testFinished org.x.CTest.later r7.1",
                "testStarted pytest-suite.test_io r7.1", "testFailed pytest-suite.test_io r7.1",
                "testFinished pytest-suite.test_io r7.1",
                "testSuiteFinished unit r7.1",
                "testSuiteStarted lint r7.2",
                "testStarted dtf.web.lint r7.2", "testFailed dtf.web.lint r7.2", "testFinished dtf.web.lint r7.2",
                "testSuiteFinished lint r7.2",
                "testSuiteStarted smoke r7.3",
                "testStarted dtf.web.smoke r7.3", "testFinished dtf.web.smoke r7.3",
                "testSuiteFinished smoke r7.3"),
                m.stream().filter(x -> x.name().startsWith("test"))
                        .map(x -> x.name() + " " + x.get("name") + " " + x.get("flowId")).toList());

        Message failed = m.get(4);
        assertEquals(TRICKY, failed.get("message"), "the message survives TeamCity's escaping exactly");
        assertEquals("at org.x.BTest.parses(BTest.java:3)\n\tat ü", failed.get("details"));
        assertEquals("1234", m.get(5).get("duration"), "duration in milliseconds");
        assertEquals("250", m.get(2).get("duration"));
        assertEquals("exit code 3", m.get(15).get("message"), "a task without test cases fails as a test of its own");
        assertEquals("1500", m.get(16).get("duration"), "the task's duration");

        assertEquals(List.of("dtf.tests.passed=2", "dtf.tests.failed=3", "dtf.tests.ignored=1", "dtf.tasks.total=3",
                "dtf.tasks.passed=1"), m.stream().filter(x -> x.name().equals("buildStatisticValue"))
                .map(x -> x.get("key") + "=" + x.get("value")).toList());
    }

    @Test
    void aTaskThatDidNotPassThoughItsTestsDidIsATestThatFails() {
        RunSummary run = Fixtures.run("r8", "api", TaskState.TIMED_OUT, 1);
        List<Message> m = TeamCityGrammar.read(write(run,
                List.of(Fixtures.task("r8.1", "it", TaskState.TIMED_OUT, null, null)),
                List.of(Fixtures.testCase("r8.1", "it", "org.x.ITest", "a", TestCaseStatus.PASSED, null))));
        assertEquals(List.of("testSuiteStarted", "testStarted", "testFinished", "testStarted", "testFailed",
                "testFinished", "testSuiteFinished"), m.stream().map(Message::name)
                .filter(n -> n.startsWith("test")).toList());
        assertEquals("dtf.api.it", m.get(4).get("name"));
        assertEquals("task r8.1 ended TIMED_OUT", m.get(4).get("message"));
    }

    @Test
    void escapingFollowsTeamCitysTable() {
        assertEquals("|'|n|r|||[|]", ServiceMessages.escape("'\n\r|[]"));
        assertEquals("|0x00e9|0x2192|0x0085|0x2028|0x0009", ServiceMessages.escape("é→\u0085\u2028\t"));
        assertEquals("##teamcity[testStarted name='a|'b' flowId='r1.2']",
                ServiceMessages.message("testStarted", "name", "a'b", "flowId", "r1.2", "duration", null));
    }

    @Test
    void theGrammarRefusesWhatTeamCityWouldNotRead() {
        // so that the reader above is a real check, not a parser that takes anything
        assertThrows(IllegalArgumentException.class, () -> TeamCityGrammar.read("##teamcity[testStarted name='a]b']"));
        assertThrows(IllegalArgumentException.class, () -> TeamCityGrammar.read("##teamcity[testStarted name='a|xb']"));
        assertThrows(IllegalArgumentException.class, () -> TeamCityGrammar.read("##teamcity[testStarted name='a"));
        assertThrows(IllegalArgumentException.class, () -> TeamCityGrammar.read("##teamcity[testStarted name='a'x]"));
        assertEquals("a'b\n", TeamCityGrammar.read("##teamcity[testStarted\tname = 'a|'b|0x000a' ]").get(0)
                .get("name"));
    }
}
