package io.dtf.ci.github.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.http.testing.ManualHttpTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check runs as GitHub's reference describes them: "Create a check run"
 * (https://docs.github.com/en/rest/checks/runs#create-a-check-run), "Update a check run"
 * (https://docs.github.com/en/rest/checks/runs#update-a-check-run: output summary and text at most 65535 characters,
 * "a maximum of 50 [annotations] per API request ... annotations are appended"), "List check runs for a Git
 * reference" (https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference: check_name, filter).
 */
class CheckRunsContractTest extends GitHubContract {
    private static final String CHECK_RUNS = "/repos/acme/shop/check-runs";

    @BeforeEach
    void stubCheckRuns() {
        GITHUB.stubFor(post(urlPathEqualTo(CHECK_RUNS)).willReturn(json(201,
                "{\"id\":4711,\"head_sha\":\"" + SHA + "\",\"external_id\":\"r1\",\"status\":\"in_progress\","
                        + "\"html_url\":\"https://github.com/acme/shop/runs/4711\",\"name\":\"dtf / nightly\"}")));
        GITHUB.stubFor(patch(urlPathMatching(CHECK_RUNS + "/[0-9]+")).willReturn(json(200, "{\"id\":4711}")));
    }

    @Test
    void theStartCreatesAnInProgressCheckRunOnTheHeadCommit() throws Exception {
        TestRunHandle handle = done(app().createTestRun(context(), queued("r1")));

        assertEquals("4711", handle.id());
        assertEquals(URI.create("https://github.com/acme/shop/runs/4711"), handle.url());
        List<LoggedRequest> posts = received("POST", CHECK_RUNS);
        assertEquals(1, posts.size());
        assertGitHubHeaders(posts.get(0), INSTALLATION_TOKEN);
        JsonNode body = body(posts.get(0));
        assertEquals("dtf / nightly", body.path("name").asText());
        assertEquals(SHA, body.path("head_sha").asText());
        assertEquals("in_progress", body.path("status").asText());
        assertEquals("2026-12-07T10:00:00Z", body.path("started_at").asText());
        assertEquals("r1", body.path("external_id").asText());
        assertEquals("https://dtf.example/runs/r1", body.path("details_url").asText());
        assertEquals("queued", body.path("output").path("title").asText());
        assertTrue(body.path("output").path("summary").asText().contains("nightly"), body.toString());
        assertTrue(body.path("conclusion").isMissingNode(), "no conclusion before the end");
    }

    @Test
    void theEndSends120AnnotationsInThreeUpdatesOfAtMost50TheLastCompleting() throws Exception {
        GitHubCIProvider github = app();
        done(github.createTestRun(context(), queued("r1")));
        TestRunResult result = finished("r1", 120);

        TestRunHandle handle = done(github.createTestRun(context(), result));
        done(github.completeTestRun(handle, result));

        List<LoggedRequest> patches = received("PATCH", CHECK_RUNS + "/4711");
        assertEquals(3, patches.size());
        assertEquals(List.of(50, 50, 20), patches.stream().map(p -> annotations(p).size()).toList());
        for (LoggedRequest update : patches.subList(0, 2)) {
            assertTrue(body(update).path("status").isMissingNode(), "still in progress while annotating");
            assertGitHubHeaders(update, INSTALLATION_TOKEN);
        }
        JsonNode last = body(patches.get(2));
        assertEquals("completed", last.path("status").asText());
        assertEquals("failure", last.path("conclusion").asText());
        assertEquals("2026-12-07T10:00:00Z", last.path("completed_at").asText());
        assertEquals("880 of 1000 tests passed, 120 failed", last.path("output").path("title").asText());
        assertTrue(last.path("output").path("summary").asText().contains("| failed test | message |"));
        assertTrue(last.path("output").path("text").asText().contains("expected 200 but was 500 in pays119"));
        JsonNode first = annotations(patches.get(0)).get(0);
        assertEquals("src/test/java/org/example/shop/Checkout0Test.java", first.path("path").asText());
        assertEquals(1, first.path("start_line").asInt());
        assertEquals(1, first.path("end_line").asInt());
        assertEquals("failure", first.path("annotation_level").asText());
        assertEquals("org.example.shop.Checkout0Test.pays0", first.path("title").asText());
        assertEquals("expected 200 but was 500 in pays0", first.path("message").asText());
        assertTrue(first.path("raw_details").asText().startsWith("java.lang.AssertionError"));
        assertEquals(1, received("POST", CHECK_RUNS).size(), "the end found the check run in memory");
    }

    @Test
    void tenThousandFailedTestsStayWithinGitHubsLimitsAndEveryOneIsAnnotated() throws Exception {
        GitHubCIProvider github = app();
        TestRunHandle handle = done(github.createTestRun(context(), queued("r1")));
        TestRunResult result = finished("r1", 10_000);

        done(github.completeTestRun(handle, result));

        List<LoggedRequest> patches = received("PATCH", CHECK_RUNS + "/4711");
        assertEquals(200, patches.size(), "10,000 annotations, 50 a request");
        Set<String> annotated = new HashSet<>();
        for (LoggedRequest update : patches) {
            List<JsonNode> batch = annotations(update);
            assertTrue(batch.size() <= 50);
            JsonNode output = body(update).path("output");
            assertTrue(output.path("summary").asText().length() <= 65_535);
            assertTrue(output.path("text").asText("").length() <= 65_535);
            for (JsonNode annotation : batch) {
                assertTrue(annotated.add(annotation.path("title").asText()), "each annotation once");
                assertTrue(annotation.path("message").asText().getBytes(StandardCharsets.UTF_8).length <= 64 * 1024);
            }
        }
        assertEquals(10_000, annotated.size());
        JsonNode last = body(patches.get(199)).path("output");
        assertEquals("completed", body(patches.get(199)).path("status").asText());
        assertTrue(last.path("summary").asText().length() > 60_000, "the report uses the room it has");
        assertTrue(last.path("summary").asText().contains("more failed tests are not listed here"));
        assertTrue(last.path("text").asText().length() > 60_000);
        assertTrue(last.path("text").asText().contains("more failed tests are not shown here"), "says what was cut");
    }

    @Test
    void maxAnnotationsBoundsTheAnnotationsAndTheirRequests() throws Exception {
        Map<String, Object> config = appConfig();
        config.put("maxAnnotations", 120);
        stubInstallationToken(INSTALLATION, INSTALLATION_TOKEN, NOW.plus(Duration.ofHours(1)));
        GitHubCIProvider github = provider(config);
        TestRunHandle handle = done(github.createTestRun(context(), queued("r1")));

        done(github.completeTestRun(handle, finished("r1", 10_000)));

        assertEquals(List.of(50, 50, 20), received("PATCH", CHECK_RUNS + "/4711").stream()
                .map(p -> annotations(p).size()).toList());
    }

    @Test
    void aRepeatedCompletionAddsNoAnnotationTwice() throws Exception {
        GitHubCIProvider github = app();
        TestRunResult result = finished("r1", 60);
        TestRunHandle handle = done(github.createTestRun(context(), queued("r1")));
        done(github.completeTestRun(handle, result));

        done(github.completeTestRun(done(github.createTestRun(context(), result)), result));

        List<LoggedRequest> patches = received("PATCH", CHECK_RUNS + "/4711");
        assertEquals(List.of(50, 10, 0), patches.stream().map(p -> annotations(p).size()).toList());
        assertEquals("completed", body(patches.get(2)).path("status").asText(), "the repeat completes again, same output");
    }

    @Test
    void afterARestartTheEndFindsItsCheckRunsByExternalIdAndCompletesEveryOne() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/shop/commits/" + SHA + "/check-runs")).willReturn(json(200,
                "{\"total_count\":3,\"check_runs\":["
                        + "{\"id\":11,\"name\":\"dtf / nightly\",\"external_id\":\"r1\",\"status\":\"in_progress\","
                        + "\"output\":{\"annotations_count\":50}},"
                        + "{\"id\":12,\"name\":\"dtf / nightly\",\"external_id\":\"r0\",\"status\":\"completed\","
                        + "\"output\":{\"annotations_count\":0}},"
                        + "{\"id\":13,\"name\":\"dtf / nightly\",\"external_id\":\"r1\",\"status\":\"in_progress\","
                        + "\"output\":{\"annotations_count\":0}}]}")));
        GitHubCIProvider restarted = app();
        TestRunResult result = finished("r1", 120);

        TestRunHandle handle = done(restarted.createTestRun(context(), result));
        done(restarted.completeTestRun(handle, result));

        LoggedRequest list = received("GET", ".*/check-runs").get(0);
        assertGitHubHeaders(list, INSTALLATION_TOKEN);
        assertEquals("dtf / nightly", list.queryParameter("check_name").firstValue());
        assertEquals("all", list.queryParameter("filter").firstValue());
        assertEquals("11", handle.id());
        assertEquals(0, received("POST", CHECK_RUNS).size(), "found, not made again");
        assertEquals(List.of(50, 20), received("PATCH", CHECK_RUNS + "/11").stream()
                .map(p -> annotations(p).size()).toList(), "only the 70 annotations it lacks");
        assertEquals(List.of(50, 50, 20), received("PATCH", CHECK_RUNS + "/13").stream()
                .map(p -> annotations(p).size()).toList(), "the duplicate is completed too");
        assertEquals(0, received("PATCH", CHECK_RUNS + "/12").size(), "another run's check run is left alone");
    }

    @Test
    void aRestartedEndThatFindsNoCheckRunMakesOneAndCompletesIt() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/shop/commits/" + SHA + "/check-runs"))
                .willReturn(json(200, "{\"total_count\":0,\"check_runs\":[]}")));
        GitHubCIProvider restarted = app();
        TestRunResult result = finished("r1", 0);

        done(restarted.completeTestRun(done(restarted.createTestRun(context(), result)), result));

        assertEquals(1, received("POST", CHECK_RUNS).size());
        List<LoggedRequest> patches = received("PATCH", CHECK_RUNS + "/4711");
        assertEquals(1, patches.size());
        assertEquals("success", body(patches.get(0)).path("conclusion").asText());
        assertNull(body(patches.get(0)).path("output").get("annotations"), "no failed test, no annotation");
    }

    @Test
    void aStartWhoseCreateGotNoAnswerLooksBeforeCreatingAgain() throws Exception {
        GITHUB.stubFor(post(urlPathEqualTo(CHECK_RUNS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("made"));
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/shop/commits/" + SHA + "/check-runs")).willReturn(json(200,
                "{\"total_count\":1,\"check_runs\":[{\"id\":4711,\"name\":\"dtf / nightly\",\"external_id\":\"r1\","
                        + "\"status\":\"in_progress\",\"output\":{\"annotations_count\":0}}]}")));
        GitHubCIProvider github = app();

        assertTrue(failure(github.createTestRun(context(), queued("r1"))).retryable());
        assertEquals("4711", done(github.createTestRun(context(), queued("r1"))).id());

        assertEquals(1, received("POST", CHECK_RUNS).size(), "the check run the lost answer made is found, not made twice");
        assertEquals(1, received("GET", ".*/check-runs").size());
        done(github.createTestRun(context(), queued("r2")));
        assertEquals(1, received("GET", ".*/check-runs").size(), "other runs' starts just create");
    }

    @Test
    void aCompletionWhoseUpdateGotNoAnswerAsksTheCheckRunHowManyAnnotationsItHas() throws Exception {
        GITHUB.stubFor(patch(urlPathEqualTo(CHECK_RUNS + "/4711")).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"id\":4711}")).willSetStateTo("second"));
        GITHUB.stubFor(patch(urlPathEqualTo(CHECK_RUNS + "/4711")).inScenario("lost").whenScenarioStateIs("second")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        GITHUB.stubFor(get(urlPathEqualTo(CHECK_RUNS + "/4711")).willReturn(json(200,
                "{\"id\":4711,\"status\":\"in_progress\",\"output\":{\"annotations_count\":100}}")));
        GitHubCIProvider github = app();
        TestRunResult result = finished("r1", 120);
        TestRunHandle handle = done(github.createTestRun(context(), queued("r1")));

        assertTrue(failure(github.completeTestRun(handle, result)).retryable());
        done(github.completeTestRun(done(github.createTestRun(context(), result)), result));

        assertEquals(List.of(50, 50, 20), received("PATCH", CHECK_RUNS + "/4711").stream()
                .map(p -> annotations(p).size()).toList(), "GitHub had the 100 of the lost answer: 20 were left");
        assertGitHubHeaders(received("GET", CHECK_RUNS + "/4711").get(0), INSTALLATION_TOKEN);
    }

    /**
     * The figure of issue 12: at most 3 + ceil(failed / 50) requests per run once the App's token and the comment's
     * id are known (start: 1 create; end: ceil(max(1, failed) / 50) updates and 1 comment edit).
     */
    @Test
    void aRunCostsAtMostThreeRequestsPlusOnePerFiftyFailedTests() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/shop/issues/42/comments")).willReturn(json(200, "[]")));
        GITHUB.stubFor(post(urlPathEqualTo("/repos/acme/shop/issues/42/comments")).willReturn(json(201,
                "{\"id\":77,\"html_url\":\"https://github.com/acme/shop/pull/42#issuecomment-77\"}")));
        GITHUB.stubFor(patch(urlPathEqualTo("/repos/acme/shop/issues/comments/77")).willReturn(json(200,
                "{\"id\":77,\"html_url\":\"https://github.com/acme/shop/pull/42#issuecomment-77\"}")));
        GitHubCIProvider github = app();
        report(github, "warm-up", 1);

        for (int failed : new int[] {0, 1, 49, 50, 51, 120, 1000}) {
            GITHUB.resetRequests();
            report(github, "r" + failed, failed);
            int requests = received().size();
            int bound = 3 + (failed + 49) / 50;
            assertTrue(requests <= bound, failed + " failed tests took " + requests + " requests, more than " + bound);
            assertEquals(2 + Math.max(1, (failed + 49) / 50), requests, "create, complete, comment");
        }
    }

    @Test
    void contentRequestsKeepToTheConfiguredRateLimit() throws Exception {
        Map<String, Object> config = appConfig();
        config.put("requestsPerMinute", 80);
        stubInstallationToken(INSTALLATION, INSTALLATION_TOKEN, NOW.plus(Duration.ofHours(1)));
        ManualHttpTime time = new ManualHttpTime(NOW);
        GitHubCIProvider github = provider(config, time);
        TestRunHandle handle = done(github.createTestRun(context(), queued("r1")));

        done(github.completeTestRun(handle, finished("r1", 4_000)));

        assertEquals(81, received("POST", CHECK_RUNS).size() + received("PATCH", CHECK_RUNS + "/4711").size());
        Duration waited = time.waits().stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofSeconds(59)) >= 0,
                "the 81st content request waits for the minute of the first: " + time.waits());
        assertEquals(1, received("POST", "/app/installations/99/access_tokens").size(), "tokens are not content");
    }

    @Test
    void aPersonalAccessTokenMakesNoCheckRunsButTheJobsTokenDoes() throws Exception {
        GitHubCIProvider github = provider(tokenConfig());

        assertEquals("unsupported_operation", failure(github.createTestRun(context(), queued("r1"))).errorCode());
        assertTrue(received().isEmpty(), "nothing was sent");

        CIProvider job = github.withJobToken("ghs_jobTokenOfTheActionsRun0123456789").orElseThrow();
        done(job.createTestRun(context(), queued("r1")));
        assertGitHubHeaders(received("POST", CHECK_RUNS).get(0), "ghs_jobTokenOfTheActionsRun0123456789");
        GITHUB.verify(0, postRequestedFor(urlPathMatching("/app/.*")));
        assertFalse(github.withJobToken(" ").isPresent(), "no token, no view");
    }

    /** What the reporting hook does for a run with a pull request: start, end, comment. */
    private static void report(GitHubCIProvider github, String run, int failed) throws Exception {
        done(github.createTestRun(context(), queued(run)));
        TestRunResult result = finished(run, failed);
        done(github.completeTestRun(done(github.createTestRun(context(), result)), result));
        done(github.upsertPrComment(context(), "dtf-nightly", "report of " + run));
    }

    private static List<JsonNode> annotations(LoggedRequest request) {
        try {
            JsonNode annotations = body(request).path("output").path("annotations");
            return annotations.isMissingNode() ? List.of() : List.copyOf(toList(annotations));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
