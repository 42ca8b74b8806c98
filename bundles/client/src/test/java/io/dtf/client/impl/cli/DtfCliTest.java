package io.dtf.client.impl.cli;

import static io.dtf.client.Fixtures.json;
import static io.dtf.client.Fixtures.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerState;
import io.dtf.client.Fixtures;
import io.dtf.client.impl.report.TeamCityGrammar;
import io.dtf.http.DtfJson;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtfCliTest {
    private final TestHttpServer server = new TestHttpServer();
    private final Map<String, String> env = new HashMap<>(Map.of("DTF_URL", server.uri().toString(),
            "DTF_TOKEN", "cli-token-1234567"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        server.close();
    }

    private int dtf(boolean tty, String... args) {
        return new DtfCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tty, ZoneOffset.UTC)
                .intervals(Duration.ofMillis(20), Duration.ZERO, Duration.ofSeconds(2))
                .stdin(new ByteArrayInputStream("name: from-stdin\n".getBytes(StandardCharsets.UTF_8)))
                .run(args);
    }

    private int dtf(String... args) {
        return dtf(false, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path plan(String text) throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, text);
        return plan;
    }

    // ---- usage

    @Test
    void badUsageSaysWhatIsWrongAndExits2() throws Exception {
        assertUsage("no command given", "dtf");
        assertUsage("unknown command frobnicate; the commands are submit, wait, runs, run, workers, cancel, logs, help",
                "dtf", "frobnicate");
        assertUsage("Unknown option: '--colour'", "dtf runs", "runs", "--colour");
        assertUsage("Missing required parameter: 'PLAN'", "dtf submit", "submit");
        assertUsage("Unmatched argument at index 2: 'b.yaml'", "dtf submit", "submit", "a.yaml", "b.yaml");
        assertUsage("no plan file " + dir.resolve("missing.yaml"), "dtf submit", "submit",
                dir.resolve("missing.yaml").toString());
        assertUsage("Invalid value for option '--limit': 'ten' is not an int", "dtf runs", "runs", "--limit", "ten");
        assertUsage("--limit must be between 1 and 1000, not 0", "dtf runs", "runs", "--limit", "0");
        assertUsage("Missing required parameter for option '--url' (URL)", "dtf runs", "runs", "--url");
        assertUsage("Invalid value for option '--wait': 'yes' is not a boolean", "dtf submit", "submit", "p.yaml",
                "--wait=yes");
        assertUsage("Unknown options: '--attempt', '2'", "dtf runs", "runs", "--attempt", "2");
        assertUsage("--junit-xml " + dir + " is a folder; give a file name", "dtf wait", "wait", "r1", "--junit-xml",
                dir.toString());
        assertUsage("Invalid value for positional parameter at index 0 (TASK): 'r12' is not a task id (run id, dot, "
                + "number, e.g. r12.3)", "dtf logs", "logs", "r12");
        assertUsage("Invalid value for positional parameter at index 0 (RUN): '../etc' is not a run id (r followed by "
                + "a number, e.g. r12)", "dtf run", "run", "../etc");
        assertUsage("'r9.x' is not a task id (run id, dot, number, e.g. r12.3)", "dtf cancel", "cancel", "r9.x");
        assertUsage("Invalid value for option '--state' (S): expected one of [QUEUED, LEASED, RUNNING, PASSED, FAILED, "
                + "ERROR, TIMED_OUT, CANCELLED] (case-insensitive) but was 'DONE'", "dtf run", "run", "r1", "--state",
                "DONE");
        assertUsage("not an http(s) URL of the coordinator: ftp://x (e.g. http://localhost:8181)", "dtf", "runs",
                "--url", "ftp://x");
        assertUsage("Unmatched argument at index 1: 'all'", "dtf workers", "workers", "all");
        assertUsage("--tail must be between 1 and 1000000, not 0", "dtf logs", "logs", "r1.1", "--tail", "0");
        assertEquals(0, server.requests().size(), "bad usage sends nothing");
    }

    private void assertUsage(String message, String command, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, dtf(args), String.join(" ", args));
        assertEquals("dtf: " + message + "\nrun '" + command + " --help' for usage\n", err(), String.join(" ", args));
    }

    @Test
    void helpForEveryCommandAndVersion() {
        assertEquals(0, dtf("--help"));
        assertTrue(out().startsWith("Usage: dtf [-hV] [--token=TOKEN] [--url=URL] COMMAND"), out());
        assertTrue(out().contains("Exit codes:\n  0   success"), out());
        for (String command : List.of("submit", "wait", "runs", "run", "workers", "cancel", "logs")) {
            out.reset();
            assertEquals(0, dtf(command, "--help"), command);
            assertTrue(out().startsWith("Usage: dtf " + command + " "), out());
            out.reset();
            assertEquals(0, dtf("help", command), command);
            assertTrue(out().startsWith("Usage: dtf " + command + " "), out());
        }
        out.reset();
        assertEquals(0, dtf("submit", "--help"));
        assertTrue(out().contains("[--junit-xml=FILE]") && out().contains("--wait") && out().contains("PLAN"), out());
        out.reset();
        assertEquals(0, dtf("--version"));
        assertTrue(out().startsWith("dtf "), out());
        assertEquals(0, server.requests().size(), "help sends nothing");
    }

    // ---- submit

    @Test
    void submitWithoutWaitPrintsTheRunAndExits0() throws Exception {
        RunSummary run = Fixtures.run("r12", "api", TaskState.QUEUED, 3);
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(run)));
        assertEquals(0, dtf("submit", plan("name: api\n").toString()));
        assertEquals("submitted run r12 (api): 3 tasks\nfollow it with: dtf wait r12\n", out());
        TestHttpServer.Request request = server.requests().get(0);
        assertEquals("Bearer cli-token-1234567", request.header("Authorization"));
        assertEquals("name: api\n", request.body());
        assertTrue(request.header("Content-Type").startsWith("application/yaml"));
        assertEquals(Map.of("file", "plan.yaml"), request.query(), "the server names the plan by its file");
    }

    @Test
    void aPlanFromStandardInput() {
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r1", "from-stdin",
                TaskState.QUEUED, 1))));
        assertEquals(0, dtf("submit", "-"));
        assertEquals("name: from-stdin\n", server.requests().get(0).body());
        assertEquals(Map.of(), server.requests().get(0).query(), "standard input has no file name");
    }

    @Test
    void urlAndTokenOptionsWinOverTheEnvironment() throws Exception {
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r1", "x", TaskState.QUEUED, 1))));
        env.put("DTF_URL", "http://127.0.0.1:1");
        assertEquals(0, dtf("--url", server.uri().toString(), "submit", plan("name: x\n").toString(),
                "--token=other-token-1234567"));
        assertEquals("Bearer other-token-1234567", server.requests().get(0).header("Authorization"));
        assertEquals(0, dtf("submit", plan("name: x\n").toString(), "--url=" + server.uri(), "--token",
                "third-token-1234567"));
        assertEquals("Bearer third-token-1234567", server.requests().get(1).header("Authorization"));
    }

    @Test
    void anInvalidPlanPrintsTheCodeAndEveryProblemAndExits1() throws Exception {
        server.route("POST", "/api/v1/runs", r -> Reply.problem(400, "{\"code\":\"DTF-1001\",\"status\":400,"
                + "\"title\":\"Invalid plan\",\"detail\":\"plan plan.yaml is not valid\",\"problems\":["
                + "{\"location\":\"tasks[0].timeout\",\"message\":\"must be positive\"},"
                + "{\"location\":\"tasks[1]\",\"message\":\"unknown task type foo\"}]}"));
        assertEquals(1, dtf("submit", plan("name: x\n").toString(), "--wait"));
        assertEquals("error DTF-1001: plan plan.yaml is not valid:\n  - tasks[0].timeout: must be positive\n"
                + "  - tasks[1]: unknown task type foo\n", err());
    }

    @Test
    void aMissingTokenGetsAHint() throws Exception {
        env.remove("DTF_TOKEN");
        server.route("GET", "/api/v1/runs", r -> Reply.problem(401, "{\"code\":\"DTF-1401\",\"status\":401,"
                + "\"title\":\"Unauthorized\",\"detail\":\"this call needs a token: Authorization: Bearer <token>\"}"));
        assertEquals(1, dtf("runs"));
        assertEquals("error DTF-1401: this call needs a token: Authorization: Bearer <token>\n"
                + "(give a token with --token or the DTF_TOKEN variable)\n", err(), "the hint is not masked as a secret");
        assertEquals(null, server.requests().get(0).header("Authorization"));
    }

    @Test
    void anUnreachableCoordinatorExits1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env.put("DTF_URL", "http://127.0.0.1:" + port);
        assertEquals(1, dtf("workers"));
        assertTrue(err().startsWith("error: cannot reach GET http://127.0.0.1:" + port + "/api/v1/workers"), err());
        assertTrue(err().contains("--url or DTF_URL"), err());
    }

    @Test
    void waitFollowsTheRunAndExits0WhenEveryTaskPassed() throws Exception {
        RunSummary queued = Fixtures.run("r12", "api", TaskState.QUEUED, 3);
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(queued)));
        server.enqueue("GET", "/api/v1/runs/r12",
                Reply.json(200, json(Fixtures.run("r12", "api", TaskState.RUNNING, 2, TaskState.QUEUED, 1))),
                Reply.json(200, json(Fixtures.run("r12", "api", TaskState.RUNNING, 2, TaskState.QUEUED, 1))),
                Reply.json(200, json(Fixtures.run("r12", "api", TaskState.PASSED, 1, TaskState.RUNNING, 2))));
        server.route("GET", "/api/v1/runs/r12", r -> Reply.json(200,
                json(Fixtures.withTestCases(Fixtures.run("r12", "api", TaskState.PASSED, 3), 40, 0))));
        assertEquals(0, dtf("submit", plan("name: api\n").toString(), "--wait"));
        assertEquals("""
                submitted run r12 (api): 3 tasks
                r12 QUEUED 0/3 done: 0 passed, 0 failed, 0 running, 3 queued
                r12 RUNNING 0/3 done: 0 passed, 0 failed, 2 running, 1 queued
                r12 RUNNING 1/3 done: 1 passed, 0 failed, 2 running, 0 queued
                r12 PASSED 3/3 done: 3 passed, 0 failed, 0 running, 0 queued
                run r12 api PASSED: 3 passed (of 3) in 1m12s; 40 test cases, 0 failed
                """, out());
    }

    @Test
    void onATerminalTheProgressIsOneLineRewritten() throws Exception {
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r1", "a", TaskState.QUEUED, 1))));
        server.route("GET", "/api/v1/runs/r1", r -> Reply.json(200, json(Fixtures.run("r1", "a", TaskState.PASSED, 1))));
        assertEquals(0, dtf(true, "submit", plan("name: a\n").toString(), "--wait"));
        String text = out();
        assertTrue(text.contains("\rr1 QUEUED 0/1 done"), text);
        assertTrue(text.contains("\rr1 PASSED 1/1 done"), text);
        assertTrue(text.contains("\u001b[K\nrun r1 a PASSED"), text);
    }

    @Test
    void aFailedRunExits1AndListsWhatDidNotPass() throws Exception {
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r3", "b", TaskState.QUEUED, 2))));
        server.route("GET", "/api/v1/runs/r3", r -> Reply.json(200,
                json(Fixtures.run("r3", "b", TaskState.PASSED, 1, TaskState.FAILED, 1))));
        Task failed = Fixtures.task("r3.2", "lint", TaskState.FAILED, 3, null);
        server.route("GET", "/api/v1/runs/r3/tasks", r -> Reply.json(200, page(List.of(failed), 0, 50, 1)));
        assertEquals(1, dtf("submit", plan("name: b\n").toString(), "--wait"));
        assertTrue(out().contains("run r3 b FAILED: 1 passed, 1 failed (of 2) in 1m12s\n"
                + "TASK  NAME  STATE   ATTEMPT  WORKER   MESSAGE\n"
                + "r3.2  lint  FAILED  1        host-w1  exit code 3\n"
                + "logs: dtf logs r3.2\n"), out());
        assertEquals("CANCELLED,ERROR,FAILED,TIMED_OUT",
                server.requests("GET", "/api/v1/runs/r3/tasks").get(0).query().get("state"));
    }

    @Test
    void aCancelledRunDoesNotPassEither() {
        server.route("GET", "/api/v1/runs/r4", r -> Reply.json(200,
                json(Fixtures.run("r4", "c", TaskState.PASSED, 1, TaskState.CANCELLED, 1))));
        server.route("GET", "/api/v1/runs/r4/tasks", r -> Reply.json(200, page(List.of(), 0, 50, 0)));
        assertEquals(1, dtf("wait", "r4"));
        assertTrue(out().contains("run r4 c CANCELLED: 1 passed, 1 cancelled (of 2)"), out());
    }

    @Test
    void theWaitOutlastsACoordinatorThatIsBrieflyDown() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.route("GET", "/api/v1/runs/r5", r -> calls.incrementAndGet() < 3
                ? Reply.text(503, "starting") : Reply.json(200, json(Fixtures.run("r5", "d", TaskState.PASSED, 1))));
        assertEquals(0, dtf("wait", "r5"));
    }

    // ---- junit xml

    /** The coordinator's merged document for run r7: two test cases, one re-run, and a task of its own. */
    private static final String MERGED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="web (r7)" tests="3" failures="1" errors="0" skipped="0" time="1.500">
              <testsuite name="unit" tests="3" failures="1" errors="0" skipped="0" time="1.500">
                <testcase name="connects" classname="org.x.ATest" time="0.500">
                  <flakyFailure message="refused" type="java.net.ConnectException">
                    <stackTrace>java.net.ConnectException: refused</stackTrace>
                  </flakyFailure>
                </testcase>
                <testcase name="parses &lt;&amp;&gt;" classname="org.x.BTest" time="0.500">
                  <failure message="expected 1" type="java.lang.AssertionError">at org.x.BTest.parses</failure>
                  <rerunFailure message="expected 1" type="java.lang.AssertionError">
                    <stackTrace>at org.x.BTest.parses</stackTrace>
                  </rerunFailure>
                </testcase>
                <testcase name="smoke" classname="dtf.web" time="0.500"/>
              </testsuite>
            </testsuites>
            """;

    @Test
    void junitXmlIsTheCoordinatorsMergedDocumentWrittenWhole() throws Exception {
        RunSummary done = Fixtures.withTestCases(Fixtures.run("r7", "web", TaskState.PASSED, 2, TaskState.FAILED, 1,
                TaskState.TIMED_OUT, 1), 3, 1);
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r7", "web", TaskState.QUEUED, 4))));
        server.route("GET", "/api/v1/runs/r7", r -> Reply.json(200, json(done)));
        server.route("GET", "/api/v1/runs/r7/tasks", r -> Reply.json(200, page(List.of(
                Fixtures.task("r7.2", "lang", TaskState.FAILED, 1, null)), 0, 50, 1)));
        server.route("GET", "/api/v1/runs/r7/junit.xml", r -> new Reply(200, "application/xml; charset=utf-8", MERGED,
                Map.of(), 0, List.of(), 0));
        Path xml = dir.resolve("reports/dtf.xml");

        assertEquals(1, dtf("submit", plan("name: web\n").toString(), "--junit-xml", xml.toString()));
        assertTrue(out().contains("wrote " + xml + " (3 test cases of 4 tasks)"), out());
        assertEquals(MERGED, Files.readString(xml), "the coordinator's document, as it is");
        assertFalse(Files.list(xml.getParent()).anyMatch(p -> p.getFileName().toString().startsWith(".dtf-junit")));
        assertTrue(server.requests().stream().noneMatch(r -> r.path().endsWith("/testcases")),
                "the client builds no report of its own");
    }

    @Test
    void aDocumentThatIsNotJUnitXmlLeavesTheFileAsItWas() throws Exception {
        server.route("GET", "/api/v1/runs/r6", r -> Reply.json(200, json(Fixtures.run("r6", "cmd", TaskState.PASSED, 3))));
        server.route("GET", "/api/v1/runs/r6/junit.xml", r -> Reply.text(200, "<html>proxy login</html>"));
        Path xml = dir.resolve("r6.xml");
        Files.writeString(xml, "earlier report");
        assertEquals(1, dtf("wait", "r6", "--junit-xml", xml.toString()), out() + err());
        assertTrue(err().contains("JUnit XML is not a <testsuites tests=...> document (it is a <html>)"), err());
        assertEquals("earlier report", Files.readString(xml));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".dtf-junit")));
    }

    // ---- reports inside the CI job (docs/ci.md)

    /** Run r7 ended: a task with two test cases, one failed, and a task without test cases that passed. */
    private void finishedRunWithTests() {
        server.route("GET", "/api/v1/runs/r7", r -> Reply.json(200, json(Fixtures.withTestCases(Fixtures.run("r7",
                "web", TaskState.FAILED, 1, TaskState.PASSED, 1), 2, 1))));
        Task unit = Fixtures.task("r7.1", "unit", TaskState.FAILED, 1, null);
        Task smoke = Fixtures.task("r7.2", "smoke", TaskState.PASSED, 0, null);
        server.route("GET", "/api/v1/runs/r7/tasks", r -> r.query().containsKey("state")
                ? Reply.json(200, page(List.of(unit), 0, 50, 1))
                : Reply.json(200, page(List.of(unit, smoke), 0, 1000, 2)));
        StoredTestCase passed = Fixtures.testCase("r7.1", "unit", "org.x.ATest", "connects", TestCaseStatus.PASSED,
                null);
        StoredTestCase failed = Fixtures.testCase("r7.1", "unit", "org.x.BTest", "parses", TestCaseStatus.FAILED,
                "expected 'a' [1]");
        server.route("GET", "/api/v1/runs/r7/testcases", r -> "ERROR,FAILED".equals(r.query().get("status"))
                ? Reply.json(200, page(List.of(failed), 0, 1000, 1))
                : Reply.json(200, page(List.of(passed, failed), 0, 1000, 2)));
    }

    @Test
    void onTeamCityTheRunIsReportedAsServiceMessages() throws Exception {
        env.put("TEAMCITY_VERSION", "2025.03 (build 186049)");
        finishedRunWithTests();
        assertEquals(1, dtf("wait", "r7"));

        List<TeamCityGrammar.Message> messages = TeamCityGrammar.read(out());
        assertEquals(List.of("testSuiteStarted unit r7.1", "testStarted org.x.ATest.connects r7.1",
                "testFinished org.x.ATest.connects r7.1", "testStarted org.x.BTest.parses r7.1",
                "testFailed org.x.BTest.parses r7.1", "testFinished org.x.BTest.parses r7.1",
                "testSuiteFinished unit r7.1", "testSuiteStarted smoke r7.2", "testStarted dtf.web.smoke r7.2",
                "testFinished dtf.web.smoke r7.2", "testSuiteFinished smoke r7.2"), messages.stream()
                .filter(m -> m.name().startsWith("test")).map(m -> m.name() + " " + m.get("name") + " "
                        + m.get("flowId")).toList());
        assertEquals("expected 'a' [1]", messages.get(4).get("message"));
        assertTrue(out().contains("##teamcity[buildStatisticValue key='dtf.tests.failed' value='1']"), out());
        assertTrue(server.requests().stream().noneMatch(r -> r.path().endsWith("/junit.xml")),
                "TeamCity reads the messages: no file is written");

        out.reset();
        assertEquals(1, dtf("wait", "r7", "--report", "none"));
        assertFalse(out().contains("##teamcity["), out());
    }

    @Test
    void onGitHubActionsTheRunGoesToTheJobSummary() throws Exception {
        inGitHubActions();
        Path summary = dir.resolve("step_summary_1");
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r7", "web", TaskState.QUEUED,
                2))));
        finishedRunWithTests();
        assertEquals(1, dtf("submit", plan("name: web\n").toString(), "--wait"));

        String text = Files.readString(summary);
        assertTrue(text.startsWith("### DTF run r7 web: FAILED\n\n1 passed, 1 failed (of 2); 2 test cases, 1 failed\n\n"
                + "[r7 on the coordinator](" + server.uri().toString().replaceAll("/$", "") + "/api/v1/runs/r7)\n"),
                text);
        assertTrue(text.contains("| unit (r7.1) | FAILED | exit code 1 |\n"), text);
        assertTrue(text.contains("| org.x.BTest.parses | unit (r7.1) | expected 'a' [1] |\n"), text);
        assertTrue(out().contains("added run r7 to the job summary\n"), out());
        assertFalse(out().contains("##teamcity["), out());
    }

    @Test
    void aNamedReportMakesSubmitWaitAndBadValuesAreUsageErrors() throws Exception {
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r7", "web", TaskState.QUEUED,
                2))));
        finishedRunWithTests();
        assertEquals(1, dtf("submit", plan("name: web\n").toString(), "--report", "teamcity"));
        assertTrue(out().contains("##teamcity[testSuiteStarted name='unit' flowId='r7.1']"), out());

        int sent = server.requests().size();
        String plan = plan("name: web\n").toString();
        assertUsage("--report xml is not a report; the reports are auto, junit, teamcity, github-summary, none",
                "dtf submit", "submit", plan, "--report", "teamcity,xml");
        assertUsage("--report github-summary needs GITHUB_STEP_SUMMARY, the file GitHub Actions gives each step",
                "dtf wait", "wait", "r7", "--report", "github-summary");
        assertUsage("--report none goes with no other report", "dtf wait", "wait", "r7", "--report", "none",
                "--report", "junit");
        assertEquals(sent, server.requests().size(), "bad usage sends nothing");
    }

    // ---- run context: labels and the CI build

    private static final String HEAD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    private static final CIContext PR = new CIContext("github", "acme/shop", HEAD, "feature/cart", 42, "987",
            URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of());

    /** A GitHub Actions job on a push to main. */
    private void inGitHubActions() {
        env.putAll(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/shop", "GITHUB_SERVER_URL",
                "https://github.com", "GITHUB_RUN_ID", "987", "GITHUB_SHA", HEAD, "GITHUB_REF", "refs/heads/main",
                "GITHUB_EVENT_NAME", "push", "GITHUB_TOKEN", "ghs_secret0123456789"));
    }

    private void accepting() {
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r12", "api", TaskState.QUEUED,
                1))));
    }

    /** The last submission sent, as JSON. */
    private JsonNode submitted() throws Exception {
        TestHttpServer.Request request = server.requests().get(server.requests().size() - 1);
        assertEquals("application/vnd.dtf.submission+json", request.header("Content-Type").split(";")[0]);
        return DtfJson.mapper().readTree(request.body());
    }

    @Test
    void aSubmissionInCiCarriesTheDetectedContextAndTheLabels() throws Exception {
        inGitHubActions();
        accepting();
        assertEquals(0, dtf("submit", plan("name: api\n").toString(), "--label", "suite=smoke", "--label",
                "owner=web-team"));

        JsonNode body = submitted();
        assertEquals("name: api\n", body.get("plan").asText());
        assertEquals("plan.yaml", body.get("file").asText());
        assertEquals(Map.of("suite", "smoke", "owner", "web-team"), DtfJson.mapper().convertValue(body.get("labels"),
                Map.class));
        assertEquals(new CIContext("github", "acme/shop", HEAD, "main", null, "987",
                URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of("serverUrl", "https://github.com",
                "eventName", "push")), DtfJson.mapper().treeToValue(body.get("ci"), CIContext.class));
        assertFalse(body.toString().contains("ghs_secret0123456789"), "no token in " + body);
        assertEquals("submitted run r12 (api): 1 task, from github main\nfollow it with: dtf wait r12\n", out());
    }

    @Test
    void theJobTokenIsForwardedOnlyWhenAskedAndNeverInTheBody() throws Exception {
        inGitHubActions();
        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r12", "api", TaskState.QUEUED, 1)))
                .withHeader("X-DTF-CI-Job-Token-Status", "held"));
        assertEquals(0, dtf("submit", plan("name: api\n").toString()));
        assertEquals(null, server.requests().get(0).header("X-DTF-CI-Job-Token"), "not forwarded unless asked");

        assertEquals(0, dtf("submit", plan("name: api\n").toString(), "--forward-ci-token"));
        TestHttpServer.Request forwarded = server.requests().get(1);
        assertEquals("ghs_secret0123456789", forwarded.header("X-DTF-CI-Job-Token"));
        assertFalse(forwarded.body().contains("ghs_secret0123456789"), forwarded.body());
        assertFalse(out().contains("ghs_secret0123456789") || err().contains("ghs_secret0123456789"));
        assertEquals("", err(), "held: nothing to warn about");

        server.route("POST", "/api/v1/runs", r -> Reply.json(201, json(Fixtures.run("r13", "api", TaskState.QUEUED, 1)))
                .withHeader("X-DTF-CI-Job-Token-Status", "dropped: runs are not reported to CI systems here (feature dtf-ci)"));
        assertEquals(0, dtf("submit", plan("name: api\n").toString(), "--forward-ci-token"));
        assertTrue(err().contains("warning: the CI job token was not forwarded: dropped: runs are not reported"), err());

        env.remove("GITHUB_TOKEN");
        assertUsage("--forward-ci-token needs the variable GITHUB_TOKEN, which is not set here; map github.token to "
                + "GITHUB_TOKEN in the step's environment (see docs/ci.md)",
                "dtf submit", "submit", plan("name: api\n").toString(), "--forward-ci-token");
    }

    @Test
    void noCiContextOrOverriddenParts() throws Exception {
        inGitHubActions();
        accepting();
        assertEquals(0, dtf("submit", plan("name: api\n").toString(), "--no-ci-context"));
        TestHttpServer.Request plain = server.requests().get(0);
        assertEquals("name: api\n", plain.body(), "without labels and context: the plan as it is");
        assertTrue(plain.header("Content-Type").startsWith("application/yaml"));

        assertEquals(0, dtf("submit", plan("name: api\n").toString(), "--ci-context", "branch=release/2.x",
                "--ci-context", "pullRequest=7", "--ci-context", "buildUrl=", "--ci-context", "team=web"));
        assertEquals(new CIContext("github", "acme/shop", HEAD, "release/2.x", 7, "987", null, Map.of("serverUrl",
                "https://github.com", "eventName", "push", "team", "web")),
                DtfJson.mapper().treeToValue(submitted().get("ci"), CIContext.class));
    }

    @Test
    void outsideCiTheContextIsWhatTheOptionsSay() throws Exception {
        accepting();
        String plan = plan("name: api\n").toString();
        assertEquals(0, dtf("submit", plan, "--label", "nightly=true"));
        JsonNode body = submitted();
        assertTrue(body.path("ci").isMissingNode() || body.get("ci").isNull(), body.toString());
        assertEquals(0, dtf("submit", plan, "--ci-context", "provider=buildbot", "--ci-context", "commit=" + HEAD));
        assertEquals(new CIContext("buildbot", null, HEAD, null, null, null, null, Map.of()),
                DtfJson.mapper().treeToValue(submitted().get("ci"), CIContext.class));
        int sent = server.requests().size();

        assertUsage("--ci-context needs provider=NAME: no CI system was detected here", "dtf submit", "submit", plan,
                "--ci-context", "branch=main");
        assertUsage("--ci-context pullRequest must be a number from 1, not many", "dtf submit", "submit", plan,
                "--ci-context", "provider=x", "--ci-context", "pullRequest=many");
        assertUsage("--ci-context buildUrl must be an http(s) URL, not ftp://ci/1", "dtf submit", "submit", plan,
                "--ci-context", "provider=x", "--ci-context", "buildUrl=ftp://ci/1");
        assertUsage("--no-ci-context and --ci-context do not go together", "dtf submit", "submit", plan,
                "--no-ci-context", "--ci-context", "provider=x");
        assertUsage("Value for option option '--label' (NAME=VALUE) should be in KEY=VALUE format but was team",
                "dtf submit", "submit", plan, "--label", "team");
        assertEquals(sent, server.requests().size(), "bad usage sends nothing");
    }

    @Test
    void runsAreFoundByLabelsAndContextAndShowIt() throws Exception {
        BlockingQueue<String> queries = new ArrayBlockingQueue<>(10);
        RunSummary fromCi = withCi(Fixtures.run("r12", "api", TaskState.PASSED, 2), PR);
        RunSummary byHand = Fixtures.run("r11", "api", TaskState.PASSED, 1);
        // the test server keeps one value per query parameter: this one sees the repeated label parameter
        HttpServer raw = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        raw.createContext("/api/v1/runs", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            byte[] answer = page(List.of(fromCi, byHand), 0, 20, 2).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        raw.start();
        try {
            env.put("DTF_URL", "http://127.0.0.1:" + raw.getAddress().getPort());
            assertEquals(0, dtf("runs", "--label", "team=web", "--label", "suite=a=b", "--branch", "feature/cart",
                    "--pull-request", "42", "--provider", "github", "--repository", "acme/shop", "--commit", HEAD));
            assertEquals("label=suite%3Da%3Db&label=team%3Dweb&provider=github&repository=acme%2Fshop&commit=" + HEAD
                    + "&branch=feature%2Fcart&pullRequest=42&offset=0&limit=20", queries.poll(5, TimeUnit.SECONDS));
            List<String> lines = out().lines().toList();
            assertTrue(lines.get(0).endsWith("TOOK   CI"), lines.get(0));
            assertTrue(lines.get(1).endsWith("github #42 feature/cart"), lines.get(1));
            assertTrue(lines.get(2).startsWith("r11") && !lines.get(2).contains("github"), lines.get(2));
        } finally {
            raw.stop(0);
        }
    }

    @Test
    void aRunShowsItsCiContext() {
        server.route("GET", "/api/v1/runs/r12", r -> Reply.json(200, json(withCi(Fixtures.run("r12", "api",
                TaskState.PASSED, 1), PR))));
        server.route("GET", "/api/v1/runs/r12/tasks", r -> Reply.json(200, page(List.of(), 0, 1000, 0)));
        assertEquals(0, dtf("run", "r12"));
        assertTrue(out().contains("\nci         github #42 feature/cart, acme/shop at " + HEAD + "\n"
                + "build      https://github.com/acme/shop/actions/runs/987\n"), out());
    }

    private static RunSummary withCi(RunSummary r, CIContext ci) {
        TestRun run = r.run();
        return new RunSummary(new TestRun(run.id(), run.name(), run.labels(), run.tenant(), run.scheduler(),
                run.submittedAt(), run.plan(), ci), r.state(), r.counts(), r.finishedAt(), r.testCases(),
                r.failedTestCases());
    }

    // ---- lists and the rest

    @Test
    void runsAreATable() {
        RunSummary a = Fixtures.withTestCases(Fixtures.run("r2", "api", TaskState.PASSED, 3), 12, 1);
        RunSummary b = Fixtures.run("r1", "nightly-build", TaskState.RUNNING, 1, TaskState.QUEUED, 4);
        server.route("GET", "/api/v1/runs", r -> Reply.json(200, page(List.of(a, b), 0, 2, 5)));
        assertEquals(0, dtf("runs", "--limit", "2", "--tenant", "web"));
        assertEquals("""
                ID  NAME           TENANT   STATE    TASKS  PASSED  FAILED  TESTS          SUBMITTED            TOOK
                r2  api            default  PASSED   3/3    3       0       12 (1 failed)  2026-11-27 10:00:00  1m12s
                r1  nightly-build  default  RUNNING  0/5    0       0       -              2026-11-27 10:00:00  -
                (runs 1-2 of 5; --offset 2 for more)
                """, out());
        assertEquals(Map.of("tenant", "web", "offset", "0", "limit", "2"), server.requests().get(0).query());
    }

    @Test
    void oneRunWithItsTasks() {
        server.route("GET", "/api/v1/runs/r2", r -> Reply.json(200, json(Fixtures.run("r2", "api", TaskState.PASSED, 1,
                TaskState.RUNNING, 1))));
        server.route("GET", "/api/v1/runs/r2/tasks", r -> Reply.json(200, page(List.of(
                Fixtures.task("r2.1", "unit", TaskState.PASSED, 0, null),
                Fixtures.task("r2.2", "it", TaskState.RUNNING, null, null)), 0, 1000, 2)));
        assertEquals(0, dtf("run", "r2"));
        assertEquals("""
                run        r2 (api)
                state      RUNNING
                tenant     default
                labels     team=web
                submitted  2026-11-27 10:00:00
                tasks      1 running, 1 passed (of 2)

                TASK  NAME  TYPE     STATE    ATTEMPT  WORKER   TOOK  MESSAGE
                r2.1  unit  command  PASSED   1        host-w1  1.5s  -
                r2.2  it    command  RUNNING  1        host-w1  -     -
                """, out());
    }

    @Test
    void workersAreATable() {
        server.route("GET", "/api/v1/workers", r -> Reply.json(200, page(List.of(
                Fixtures.workerStatus("host-w1", WorkerState.BUSY, 1)), 0, 1000, 1)));
        assertEquals(0, dtf("workers"));
        String[] lines = out().split("\n");
        assertEquals("WORKER   NAME  HOST  STATE  BUSY  FINISHED  LAST SEEN  OS            CPUS  LABELS", lines[0]);
        assertTrue(lines[1].matches("host-w1  w1    host  BUSY   1/2   7         2\\.\\ds ago   linux/x86_64  2     linux-x64"),
                lines[1]);
    }

    @Test
    void noWorkersSaysSo() {
        server.route("GET", "/api/v1/workers", r -> Reply.json(200, page(List.of(), 0, 1000, 0)));
        assertEquals(0, dtf("workers"));
        assertEquals("no workers\n", out());
    }

    @Test
    void cancelARunOrATask() {
        server.route("POST", "/api/v1/runs/r9/cancel", r -> Reply.json(200, "{\"cancelled\":3}"));
        server.route("POST", "/api/v1/tasks/r9.2/cancel", r -> Reply.json(200, "{\"cancelled\":false}"));
        assertEquals(0, dtf("cancel", "r9"));
        assertEquals(0, dtf("cancel", "r9.2"));
        assertEquals("cancelled 3 tasks of run r9\ntask r9.2 had already finished\n", out());
    }

    @Test
    void cancelOfAnUnknownRunIsAnError() {
        server.route("POST", "/api/v1/runs/r99/cancel", r -> Reply.problem(404, "{\"code\":\"DTF-1004\","
                + "\"status\":404,\"detail\":\"run 'r99' does not exist\"}"));
        assertEquals(1, dtf("cancel", "r99"));
        assertEquals("error DTF-1004: run 'r99' does not exist\n", err());
    }

    @Test
    void logsOfAnAttempt() {
        server.route("GET", "/api/v1/tasks/r9.2/log", r -> Reply.text(200, "[dtf] start\nhello\n[dtf] exit 0"));
        assertEquals(0, dtf("logs", "r9.2", "--attempt", "2"));
        assertEquals("[dtf] start\nhello\n[dtf] exit 0", out());
        assertEquals(Map.of("attempt", "2"), server.requests().get(0).query());
        out.reset();
        assertEquals(0, dtf("logs", "r9.2", "--tail", "1"));
        assertEquals("[dtf] start\nhello\n[dtf] exit 0\n", out());
        assertEquals(Map.of("tail", "1"), server.requests().get(1).query());
    }
}
