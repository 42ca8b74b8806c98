package io.dtf.client.impl.cli;

import static io.dtf.client.Fixtures.json;
import static io.dtf.client.Fixtures.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.client.Fixtures;
import io.dtf.http.DtfJson;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtf submit} with labels and the detected CI context; {@code dtf runs} and {@code dtf run} with it. */
class RunContextCliTest {
    private static final String HEAD = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    private static final CIContext PR = new CIContext("github", "acme/shop", HEAD, "feature/cart", 42, "987",
            URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of());

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

    private int dtf(String... args) {
        return new DtfCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, ZoneOffset.UTC).run(args);
    }

    private String plan() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "name: api\n");
        return plan.toString();
    }

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

    private JsonNode submitted() throws Exception {
        TestHttpServer.Request request = server.requests().get(server.requests().size() - 1);
        assertEquals("application/vnd.dtf.submission+json", request.header("Content-Type").split(";")[0]);
        return DtfJson.mapper().readTree(request.body());
    }

    @Test
    void aSubmissionInCiCarriesTheDetectedContextAndTheLabels() throws Exception {
        inGitHubActions();
        accepting();
        assertEquals(0, dtf("submit", plan(), "--label", "suite=smoke", "--label", "owner=web-team"));

        JsonNode body = submitted();
        assertEquals("name: api\n", body.get("plan").asText());
        assertEquals("plan.yaml", body.get("file").asText());
        assertEquals(Map.of("suite", "smoke", "owner", "web-team"), DtfJson.mapper().convertValue(body.get("labels"),
                Map.class));
        CIContext ci = DtfJson.mapper().treeToValue(body.get("ci"), CIContext.class);
        assertEquals(new CIContext("github", "acme/shop", HEAD, "main", null, "987",
                URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of("serverUrl", "https://github.com",
                "eventName", "push")), ci);
        assertTrue(!body.toString().contains("ghs_secret0123456789"), "no token in " + body);
        assertEquals("submitted run r12 (api): 1 task, from github main\nfollow it with: dtf wait r12\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCiContextOrOverriddenParts() throws Exception {
        inGitHubActions();
        accepting();
        assertEquals(0, dtf("submit", plan(), "--no-ci-context"));
        TestHttpServer.Request plain = server.requests().get(0);
        assertEquals("name: api\n", plain.body(), "without labels and context: the plan as it is");
        assertTrue(plain.header("Content-Type").startsWith("application/yaml"));

        assertEquals(0, dtf("submit", plan(), "--ci-context", "branch=release/2.x", "--ci-context", "pullRequest=7",
                "--ci-context", "buildUrl=", "--ci-context", "team=web"));
        CIContext ci = DtfJson.mapper().treeToValue(submitted().get("ci"), CIContext.class);
        assertEquals(new CIContext("github", "acme/shop", HEAD, "release/2.x", 7, "987", null, Map.of("serverUrl",
                "https://github.com", "eventName", "push", "team", "web")), ci);
    }

    @Test
    void outsideCiTheContextIsWhatTheOptionsSay() throws Exception {
        accepting();
        assertEquals(0, dtf("submit", plan(), "--label", "nightly=true"));
        JsonNode body = submitted();
        assertTrue(body.path("ci").isMissingNode() || body.get("ci").isNull(), body.toString());
        assertEquals(0, dtf("submit", plan(), "--ci-context", "provider=buildbot", "--ci-context", "commit=" + HEAD));
        assertEquals(new CIContext("buildbot", null, HEAD, null, null, null, null, Map.of()),
                DtfJson.mapper().treeToValue(submitted().get("ci"), CIContext.class));
        int sent = server.requests().size();

        assertUsage("--ci-context needs provider=NAME: no CI system was detected here", "submit", plan(),
                "--ci-context", "branch=main");
        assertUsage("--ci-context pullRequest must be a number from 1, not many", "submit", plan(), "--ci-context",
                "provider=x", "--ci-context", "pullRequest=many");
        assertUsage("--ci-context buildUrl must be an http(s) URL, not ftp://ci/1", "submit", plan(), "--ci-context",
                "provider=x", "--ci-context", "buildUrl=ftp://ci/1");
        assertUsage("--no-ci-context and --ci-context do not go together", "submit", plan(), "--no-ci-context",
                "--ci-context", "provider=x");
        assertUsage("Value for option option '--label' (NAME=VALUE) should be in KEY=VALUE format but was team",
                "submit", plan(), "--label", "team");
        assertEquals(sent, server.requests().size(), "bad usage sends nothing");
    }

    private void assertUsage(String message, String... args) {
        err.reset();
        assertEquals(2, dtf(args), String.join(" ", args));
        assertEquals("dtf: " + message, err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }

    @Test
    void runsAreFoundByLabelsAndContextAndShowIt() throws Exception {
        BlockingQueue<String> queries = new ArrayBlockingQueue<>(10);
        RunSummary fromCi = withCi(Fixtures.run("r12", "api", TaskState.PASSED, 2), PR);
        RunSummary byHand = Fixtures.run("r11", "api", TaskState.PASSED, 1);
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
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.get(0).endsWith("TOOK   CI"), lines.get(0));
            assertTrue(lines.get(1).endsWith("github #42 feature/cart"), lines.get(1));
            assertTrue(lines.get(2).startsWith("r11") && !lines.get(2).contains("github"), lines.get(2));
        } finally {
            raw.stop(0);
        }
    }

    @Test
    void aRunShowsItsCiContext() throws Exception {
        server.route("GET", "/api/v1/runs/r12", r -> Reply.json(200, json(withCi(Fixtures.run("r12", "api",
                TaskState.PASSED, 1), PR))));
        server.route("GET", "/api/v1/runs/r12/tasks", r -> Reply.json(200, page(List.of(), 0, 1000, 0)));
        assertEquals(0, dtf("run", "r12"));
        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("\nci         github #42 feature/cart, acme/shop at " + HEAD + "\n"
                + "build      https://github.com/acme/shop/actions/runs/987\n"), shown);
    }

    private static RunSummary withCi(RunSummary r, CIContext ci) {
        TestRun run = r.run();
        return new RunSummary(new TestRun(run.id(), run.name(), run.labels(), run.tenant(), run.scheduler(),
                run.submittedAt(), run.plan(), ci), r.state(), r.counts(), r.finishedAt(), r.testCases(),
                r.failedTestCases());
    }
}
