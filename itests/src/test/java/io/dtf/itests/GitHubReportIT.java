package io.dtf.itests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The GitHub provider in the real distribution, reporting runs that {@code bin/dtf} submits from a simulated GitHub
 * Actions job on pull request 7, to a WireMock GitHub in this JVM that answers as GitHub's REST reference says:
 * installation tokens (https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app),
 * check runs (https://docs.github.com/en/rest/checks/runs), issue comments
 * (https://docs.github.com/en/rest/issues/comments), commit statuses (https://docs.github.com/en/rest/commits/statuses).
 * The comments are kept as GitHub keeps them: what was posted is what the list answers afterwards.
 */
public class GitHubReportIT {
    private static final String REPO = "/repos/acme/shop";
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    private static final String INSTALLATION_TOKEN = "ghs_" + "installationTokenOfTheIntegrationTest01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistributionCopy karaf;
    private WireMockServer github;
    private Path eventFile;

    @Before
    public void distributionAndAGitHub() throws Exception {
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        stubGitHub();

        karaf = new DistributionCopy("github-karaf", 8281);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path key = karaf.home.resolve("github-app.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String cfg = "etc/io.dtf.ci.github-it.cfg";
        karaf.setProperty(cfg, "apiUrl", github.baseUrl());
        karaf.setProperty(cfg, "appId", "12345");
        karaf.setProperty(cfg, "installationId", "77");
        karaf.setProperty(cfg, ".privateKey", key.toString());
        karaf.setProperty("etc/io.dtf.coordinator.cfg", "publicUrl", "http://dtf.example:8181");
        eventFile = karaf.home.resolve("pull_request.json");
        Files.writeString(eventFile, "{\"pull_request\": {\"number\": 7, \"head\": {\"sha\": \"" + HEAD
                + "\", \"ref\": \"feature/login\"}}}");
    }

    @After
    public void stopAll() {
        if (karaf != null) {
            karaf.kill();
        }
        github.stop();
    }

    private void stubGitHub() {
        github.stubFor(post(urlEqualTo("/app/installations/77/access_tokens")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"token\":\"" + INSTALLATION_TOKEN + "\",\"expires_at\":\"" + Instant.now().plusSeconds(3600)
                        + "\",\"permissions\":{\"checks\":\"write\",\"pull_requests\":\"write\",\"statuses\":\"write\"}}")));
        github.stubFor(post(urlEqualTo(REPO + "/check-runs")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"id\":4242,\"head_sha\":\"" + HEAD + "\",\"status\":\"in_progress\","
                        + "\"html_url\":\"https://github.com/acme/shop/runs/4242\"}")));
        github.stubFor(patch(urlEqualTo(REPO + "/check-runs/4242")).willReturn(okJson(
                "{\"id\":4242,\"status\":\"completed\",\"html_url\":\"https://github.com/acme/shop/runs/4242\"}")));
        github.stubFor(post(urlPathMatching(REPO + "/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"state\":\"pending\"}")));
        github.stubFor(get(urlPathEqualTo(REPO + "/issues/7/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlEqualTo(REPO + "/issues/7/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"id\":901,\"html_url\":\"https://github.com/acme/shop/pull/7#issuecomment-901\"}")));
        github.stubFor(patch(urlEqualTo(REPO + "/issues/comments/901")).willReturn(okJson(
                "{\"id\":901,\"html_url\":\"https://github.com/acme/shop/pull/7#issuecomment-901\"}")));
    }

    @Test
    public void aPullRequestRunGetsACheckRunAndOneCommentThroughACrashAndAnOutage() throws Exception {
        karaf.start();
        String r1 = submit(true);

        // a check run in progress at the start, completed with annotations at the end; one comment
        awaitRequest("the completed check run of " + r1, "PATCH", REPO + "/check-runs/4242", body -> body.contains(
                "\"completed\""), 90);
        awaitRequest("the comment of " + r1, "POST", REPO + "/issues/7/comments", body -> body.contains(r1), 30);
        List<ServeEvent> created = requests("POST", REPO + "/check-runs");
        assertEquals(1, created.size());
        JsonNode start = JSON.readTree(created.get(0).getRequest().getBodyAsString());
        assertEquals("in_progress", start.get("status").asText());
        assertEquals(HEAD, start.get("head_sha").asText());
        assertEquals(r1, start.get("external_id").asText());
        assertTrue("Bearer " + INSTALLATION_TOKEN + " on every repository call", requests(null, REPO).stream()
                .allMatch(e -> ("Bearer " + INSTALLATION_TOKEN).equals(e.getRequest().getHeader("Authorization"))));
        assertTrue(requests(null, REPO).stream().allMatch(e -> "2022-11-28".equals(e.getRequest().getHeader(
                "X-GitHub-Api-Version"))));
        JsonNode completed = JSON.readTree(last("PATCH", REPO + "/check-runs/4242").getRequest().getBodyAsString());
        assertEquals("failure", completed.get("conclusion").asText());
        JsonNode annotations = completed.path("output").path("annotations");
        assertTrue(completed.toString(), annotations.size() >= 1 && annotations.toString().contains("quickstart.ParserTest"));
        assertTrue(completed.path("output").path("summary").asText().contains(r1));
        assertTrue(start.toString() + " comes before the completion",
                created.get(0).getRequest().getLoggedDate().before(last("PATCH", REPO + "/check-runs/4242")
                        .getRequest().getLoggedDate()));
        assertEquals(1, requests("POST", REPO + "/issues/7/comments").size());
        rememberTheComment();

        // the same run name again: the comment is edited, not posted again
        String r2 = submit(true);
        awaitRequest("the edited comment of " + r2, "PATCH", REPO + "/issues/comments/901", body -> body.contains(r2), 90);
        assertEquals(1, requests("POST", REPO + "/issues/7/comments").size());
        rememberTheComment();

        // kill -9 while the comment of r3 is being written: after the restart it is written again, still one comment
        StubMapping slow = github.stubFor(patch(urlEqualTo(REPO + "/issues/comments/901")).atPriority(1)
                .willReturn(okJson("{\"id\":901}").withFixedDelay(60_000)));
        String r3 = submit(false);
        awaitRequest("the comment of " + r3 + " on its way", "PATCH", REPO + "/issues/comments/901",
                body -> body.contains(r3), 90);
        ProcessHandle jvm = karaf.process().orElseThrow();
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        github.removeStub(slow);
        rememberTheComment();
        github.stubFor(get(urlPathEqualTo(REPO + "/commits/" + HEAD + "/check-runs")).willReturn(okJson(
                "{\"total_count\":1,\"check_runs\":[{\"id\":4242,\"external_id\":\"" + r3 + "\",\"head_sha\":\"" + HEAD
                        + "\",\"status\":\"in_progress\",\"html_url\":\"https://github.com/acme/shop/runs/4242\"}]}")));
        int r3Writes = (int) requests("PATCH", REPO + "/issues/comments/901").stream()
                .filter(e -> e.getRequest().getBodyAsString().contains(r3)).count();
        karaf.start();
        awaitCount("the comment of " + r3 + " written again after the restart", "PATCH", REPO + "/issues/comments/901",
                body -> body.contains(r3), r3Writes + 1, 120);
        assertEquals("never a second comment", 1, requests("POST", REPO + "/issues/7/comments").size());
        rememberTheComment();

        // GitHub down for two minutes: the report waits, and arrives once GitHub is back
        StubMapping down = github.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                .withBody("{\"message\":\"Service Unavailable\"}")));
        String r4 = submit(false);
        awaitRun(r4);
        long downUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < downUntil) {
            Thread.sleep(1000); // the outage itself: two minutes of 503s
        }
        assertFalse("DTF kept trying while GitHub was down", requests(null, REPO).stream()
                .filter(e -> e.getResponse().getStatus() == 503).toList().isEmpty());
        github.removeStub(down);
        awaitRequest("the comment of " + r4 + " once GitHub is back", "PATCH", REPO + "/issues/comments/901",
                body -> body.contains(r4), 360);
        assertEquals(1, requests("POST", REPO + "/issues/7/comments").size());

        String ci = karaf.client("dtf:ci");
        assertTrue(ci, ci.contains("github") && ci.contains("delivered") && ci.contains(r4));
        assertFalse("no secret in dtf:ci: " + ci, ci.contains(INSTALLATION_TOKEN) || ci.contains("PRIVATE KEY"));
        assertFalse("no secret in the log", Files.readString(karaf.home.resolve("data/log/karaf.log"))
                .contains(INSTALLATION_TOKEN));
    }

    /** Submits the quick start plan with {@code bin/dtf} from a GitHub Actions job on pull request 7; its run id. */
    private String submit(boolean wait) throws Exception {
        List<String> command = new ArrayList<>(List.of(karaf.home.resolve("bin/dtf").toString(), "submit",
                Path.of(System.getProperty("dtf.examples"), "quickstart.yaml").toString(), "--label", "team=web"));
        if (wait) {
            command.add("--wait");
        }
        ProcessBuilder cli = new ProcessBuilder(command).redirectErrorStream(true).directory(karaf.home.toFile());
        cli.environment().put("DTF_URL", "http://localhost:" + karaf.httpPort);
        cli.environment().put("DTF_TOKEN", token());
        cli.environment().put("GITHUB_ACTIONS", "true");
        cli.environment().put("GITHUB_REPOSITORY", "acme/shop");
        cli.environment().put("GITHUB_SERVER_URL", "https://github.com");
        cli.environment().put("GITHUB_API_URL", github.baseUrl());
        cli.environment().put("GITHUB_RUN_ID", "555");
        cli.environment().put("GITHUB_SHA", "fedcba9876543210fedcba9876543210fedcba98");
        cli.environment().put("GITHUB_REF", "refs/pull/7/merge");
        cli.environment().put("GITHUB_EVENT_NAME", "pull_request");
        cli.environment().put("GITHUB_EVENT_PATH", eventFile.toString());
        Process process = cli.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out, process.waitFor(3, TimeUnit.MINUTES));
        Matcher run = Pattern.compile("submitted run (r\\d+) \\(quickstart\\): 3 tasks, from github").matcher(out);
        assertTrue(out, run.find());
        return run.group(1);
    }

    private String token() throws Exception {
        List<String> lines = karaf.client("dtf:token").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        return lines.get(lines.size() - 1);
    }

    private void awaitRun(String run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = karaf.client("dtf:run " + run);
            if (out.contains("FAILED") && !out.contains("RUNNING") && !out.contains("QUEUED")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(run + " did not end:\n" + out);
    }

    /** Makes the comment list answer what GitHub holds now: the comment with the body last written to it. */
    private void rememberTheComment() {
        ServeEvent written = requests(null, REPO + "/issues").stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST") && e.getRequest().getUrl().endsWith("/issues/7/comments")
                        || e.getRequest().getMethod().getName().equals("PATCH") && e.getRequest().getUrl().endsWith("/issues/comments/901"))
                .max(Comparator.comparing(e -> e.getRequest().getLoggedDate())).orElseThrow();
        try {
            String body = JSON.readTree(written.getRequest().getBodyAsString()).get("body").asText();
            ArrayNode list = JSON.createArrayNode();
            ObjectNode other = list.addObject();
            other.put("id", 900).put("body", "Looks good to me").put("html_url", "https://github.com/acme/shop/pull/7#issuecomment-900");
            ObjectNode ours = list.addObject();
            ours.put("id", 901).put("body", body).put("html_url", "https://github.com/acme/shop/pull/7#issuecomment-901");
            github.stubFor(get(urlPathEqualTo(REPO + "/issues/7/comments")).willReturn(okJson(list.toString())));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The requests received, oldest first, of this method (any when {@code null}) whose path starts so. */
    private List<ServeEvent> requests(String method, String pathPrefix) {
        List<ServeEvent> events = new ArrayList<>(github.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events.stream().filter(e -> method == null || e.getRequest().getMethod().getName().equals(method))
                .filter(e -> e.getRequest().getUrl().startsWith(pathPrefix)).toList();
    }

    private ServeEvent last(String method, String path) {
        List<ServeEvent> events = requests(method, path);
        return events.get(events.size() - 1);
    }

    private void awaitRequest(String what, String method, String path, Predicate<String> body, int seconds)
            throws Exception {
        awaitCount(what, method, path, body, 1, seconds);
    }

    private void awaitCount(String what, String method, String path, Predicate<String> body, int count, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (requests(method, path).stream().filter(e -> body.test(e.getRequest().getBodyAsString())).count() >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + ": not received within " + seconds + " s; received:\n"
                + requests(null, "/").stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " "
                + e.getResponse().getStatus()).toList() + "\n" + karaf.client("dtf:ci"));
    }
}
