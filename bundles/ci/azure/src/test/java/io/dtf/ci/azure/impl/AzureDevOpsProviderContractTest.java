package io.dtf.ci.azure.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.TestCounts;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.http.RetryPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Azure DevOps provider against a WireMock Azure DevOps that answers as the REST API 7.1 reference describes:
 * <ul>
 *   <li>Test runs: https://learn.microsoft.com/en-us/rest/api/azure/devops/test/runs?view=azure-devops-rest-7.1
 *   (Create: POST {org}/{project}/_apis/test/runs; List: GET ..._apis/test/runs?buildUri=&automated=&$skip=&$top=;
 *   Query: GET ..._apis/test/runs?minLastUpdatedDate=&maxLastUpdatedDate=&runTitle=; Get Test Run By Id: GET
 *   ..._apis/test/runs/{runId}; Update: PATCH ..._apis/test/runs/{runId} {state, completedDate, comment});</li>
 *   <li>Results: https://learn.microsoft.com/en-us/rest/api/azure/devops/test/results/add?view=azure-devops-rest-7.1
 *   (POST ..._apis/test/Runs/{runId}/results with a TestCaseResult[]; List: GET the same path with $skip and
 *   $top, at most 1000);</li>
 *   <li>Pull request threads: https://learn.microsoft.com/en-us/rest/api/azure/devops/git/pull-request-threads?view=azure-devops-rest-7.1
 *   (List and Create on ..._apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads; comment
 *   Update: PATCH .../threads/{threadId}/comments/{commentId} {content});</li>
 *   <li>every call with {@code api-version=7.1}; a PAT as HTTP Basic with an empty user name; rate limits as "Rate
 *   and usage limits" describes them ({@code Retry-After}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset}
 *   in epoch seconds).</li>
 * </ul>
 */
class AzureDevOpsProviderContractTest {
    @RegisterExtension
    static final WireMockExtension AZURE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String PAT = "azure-pat-0123456789abcdef";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((":" + PAT).getBytes(StandardCharsets.UTF_8));
    private static final String RUNS = "/acme/Fabrikam/_apis/test/runs";
    private static final String RESULTS = "/acme/Fabrikam/_apis/test/Runs/42/results";
    private static final String THREADS = "/acme/Fabrikam/_apis/git/repositories/repo-guid/pullRequests/7/threads";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AzureDevOpsProvider azure;

    @BeforeEach
    void setUp() {
        azure = provider(PAT);
    }

    private AzureDevOpsProvider provider(String token) {
        return new AzureDevOpsProvider(new AzureSettings(URI.create(AZURE.baseUrl() + "/acme"), token,
                Duration.ofSeconds(5), Duration.ofSeconds(1)), FAST, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static CIContext context(String buildId, Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(Map.of("collectionUri", AZURE.baseUrl() + "/acme/",
                "project", "Fabrikam", "repositoryProvider", "TfsGit", "repositoryId", "repo-guid",
                "pullRequestId", "7"));
        attributes.putAll(extra);
        return new CIContext("azure", "fabrikam", "abc123", "feature", 7, buildId,
                URI.create("https://dev.azure.com/acme/Fabrikam/_build/results?buildId=4711"), attributes);
    }

    private static CIContext context() {
        return context("4711", Map.of());
    }

    private static TestRunResult result(int failed) {
        List<TestCaseResult> tests = IntStream.range(0, failed).mapToObj(i -> new TestCaseResult("suite",
                "org.example.ApiTest", "test" + i, TestCaseStatus.FAILED, Duration.ofMillis(1500),
                "expected 200 but was 500", "java.lang.AssertionError\n\tat org.example.ApiTest", false)).toList();
        return new TestRunResult(RunId.of("r12"), "api-tests", failed > 0 ? RunState.FAILED : RunState.PASSED, null,
                new TestCounts(failed + 10, 10, failed, 0, 0), Duration.ofMinutes(3), tests, 0,
                URI.create("https://dtf.example/runs/r12"), Map.of());
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static ExternalSystemResult failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(30, TimeUnit.SECONDS).join());
        assertTrue(e.getCause() instanceof ExternalSystemException, "not an ExternalSystemException: " + e.getCause());
        return ((ExternalSystemException) e.getCause()).result();
    }

    private static List<ServeEvent> requests(String method, String path) {
        List<ServeEvent> events = new ArrayList<>(AZURE.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().value().equals(method)
                        && URI.create(e.getRequest().getUrl()).getPath().equals(path)).toList());
        Collections.reverse(events);
        return events;
    }

    private static JsonNode body(ServeEvent event) throws Exception {
        return JSON.readTree(event.getRequest().getBodyAsString());
    }

    private TestRunHandle handle() {
        return new TestRunHandle("azure", "42", null, context(), Map.of("project", "Fabrikam", "dtfRun", "r12"));
    }

    @Test
    void saysWhatItReportsWithoutIo() {
        assertEquals(Set.of(CICapability.TEST_RUNS, CICapability.PR_COMMENT), azure.capabilities());
        assertEquals(0, AZURE.getAllServeEvents().size());
    }

    @Test
    void aMissingOrWrongOrganizationUrlIsAClearConfigurationError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AzureSettings.organizationUrl(" "))
                .getMessage().contains("organizationUrl is required"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AzureSettings.organizationUrl("https://user:secret@dev.azure.com/acme")).getMessage()
                .contains("is not an http(s) URL"));
        assertEquals(URI.create("https://dev.azure.com/acme"), AzureSettings.organizationUrl("https://dev.azure.com/acme/"));
    }

    @Test
    void acceptsRunsOfItsOrganizationOnly() {
        assertTrue(azure.accepts(context()));
        assertTrue(azure.accepts(context("1", Map.of("collectionUri", AZURE.baseUrl() + "/ACME"))));
        assertFalse(azure.accepts(context("1", Map.of("collectionUri", AZURE.baseUrl() + "/other/"))));
        assertFalse(azure.accepts(new CIContext("azure", null, null, null, null, null, null, Map.of())));
        AzureDevOpsProvider cloud = new AzureDevOpsProvider(new AzureSettings(URI.create("https://dev.azure.com/acme"),
                PAT, Duration.ofSeconds(1), Duration.ZERO), FAST, Clock.systemUTC());
        assertTrue(cloud.accepts(context("1", Map.of("collectionUri", "https://acme.visualstudio.com/"))));
        assertFalse(cloud.accepts(context("1", Map.of("collectionUri", "https://acme2.visualstudio.com/"))));
        cloud.close();
    }

    @Test
    void createsTheTestRunOfTheBuildAfterLookingForItWithThePatAsBasicAuth() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(RUNS)).willReturn(okJson("{\"count\":0,\"value\":[]}")));
        AZURE.stubFor(post(urlPathEqualTo(RUNS)).willReturn(okJson(
                "{\"id\":42,\"name\":\"api-tests [dtf:r12]\",\"state\":\"InProgress\","
                        + "\"webAccessUrl\":\"https://dev.azure.com/acme/Fabrikam/_TestManagement/Runs?runId=42\"}")));

        TestRunHandle run = done(azure.createTestRun(context(), TestRunResult.queued(RunId.of("r12"), "api-tests",
                URI.create("https://dtf.example/runs/r12"), Map.of())));

        assertEquals("42", run.id());
        assertEquals(URI.create("https://dev.azure.com/acme/Fabrikam/_TestManagement/Runs?runId=42"), run.url());
        AZURE.verify(getRequestedFor(urlPathEqualTo(RUNS)).withQueryParam("api-version", equalTo("7.1"))
                .withQueryParam("buildUri", equalTo("vstfs:///Build/Build/4711"))
                .withQueryParam("automated", equalTo("true")).withQueryParam("$top", equalTo("100"))
                .withHeader("Authorization", equalTo(BASIC)));
        AZURE.verify(postRequestedFor(urlPathEqualTo(RUNS)).withQueryParam("api-version", equalTo("7.1"))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalToJson("{\"name\":\"api-tests [dtf:r12]\",\"automated\":true,"
                        + "\"state\":\"InProgress\",\"build\":{\"id\":\"4711\"}}", false, true)));

        done(azure.createTestRun(context(), result(0)));
        assertEquals(1, requests("POST", RUNS).size(), "remembered: made once");
        assertEquals(1, requests("GET", RUNS).size());
    }

    @Test
    void findsTheTestRunMadeBeforeWhenItsMemoryIsGoneInsteadOfMakingAnother() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(RUNS)).withQueryParam("$skip", equalTo("0")).willReturn(okJson("{\"count\":100,\"value\":["
                + IntStream.range(0, 100).mapToObj(i -> "{\"id\":" + (100 + i) + ",\"name\":\"other [dtf:r" + i + "]\"}")
                        .reduce((a, b) -> a + "," + b).orElseThrow() + "]}")));
        AZURE.stubFor(get(urlPathEqualTo(RUNS)).withQueryParam("$skip", equalTo("100")).willReturn(okJson(
                "{\"count\":1,\"value\":[{\"id\":42,\"name\":\"api-tests [dtf:r12]\",\"state\":\"InProgress\"}]}")));

        TestRunHandle run = done(provider(PAT).createTestRun(context(), result(0)));

        assertEquals("42", run.id());
        assertEquals(0, requests("POST", RUNS).size());
        assertEquals(2, requests("GET", RUNS).size(), "the second page of the build's test runs");
    }

    @Test
    void withoutABuildTheTestRunIsLookedForByTitleInTheLastWeek() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(RUNS)).willReturn(okJson(
                "{\"value\":[{\"id\":42,\"name\":\"api-tests [dtf:r12]\"}]}")));

        assertEquals("42", done(azure.createTestRun(context(null, Map.of()), result(0))).id());

        AZURE.verify(getRequestedFor(urlPathEqualTo(RUNS)).withQueryParam("runTitle", equalTo("api-tests [dtf:r12]"))
                .withQueryParam("minLastUpdatedDate", equalTo("2026-11-30T08:01:00Z"))
                .withQueryParam("maxLastUpdatedDate", equalTo("2026-12-07T08:01:00Z"))
                .withQueryParam("api-version", equalTo("7.1")));
    }

    /** Azure DevOps as a small state machine: the run is InProgress until the PATCH completes it. */
    private static void stubRunThatCompletes() {
        AZURE.stubFor(get(urlPathEqualTo(RUNS + "/42")).inScenario("run").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":42,\"state\":\"InProgress\"}")));
        AZURE.stubFor(get(urlPathEqualTo(RUNS + "/42")).inScenario("run").whenScenarioStateIs("completed")
                .willReturn(okJson("{\"id\":42,\"state\":\"Completed\"}")));
        AZURE.stubFor(patch(urlPathEqualTo(RUNS + "/42")).inScenario("run").willSetStateTo("completed")
                .willReturn(okJson("{\"id\":42,\"state\":\"Completed\"}")));
    }

    @Test
    void twoThousandFiveHundredFailedTestsGoInBatchesOfAThousandWithNothingLostAndARepeatAddsNothing() throws Exception {
        stubRunThatCompletes();
        AZURE.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson("{\"count\":0,\"value\":[]}")));
        AZURE.stubFor(post(urlPathEqualTo(RESULTS)).willReturn(okJson("{\"count\":0,\"value\":[]}")));

        done(azure.completeTestRun(handle(), result(2500)));

        List<ServeEvent> batches = requests("POST", RESULTS);
        assertEquals(List.of(1000, 1000, 500), batches.stream().map(e -> {
            try {
                return body(e).size();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).toList());
        Set<String> titles = new HashSet<>();
        for (ServeEvent batch : batches) {
            assertEquals("7.1", batch.getRequest().queryParameter("api-version").firstValue());
            assertEquals(BASIC, batch.getRequest().getHeader("Authorization"));
            body(batch).forEach(r -> titles.add(r.path("testCaseTitle").asText()));
        }
        assertEquals(2500, titles.size(), "every failed test once");
        JsonNode first = body(batches.get(0)).get(0);
        assertEquals("test0", first.path("testCaseTitle").asText());
        assertEquals("org.example.ApiTest.test0", first.path("automatedTestName").asText());
        assertEquals("Failed", first.path("outcome").asText());
        assertEquals(1500.0, first.path("durationInMs").asDouble());
        assertEquals("expected 200 but was 500", first.path("errorMessage").asText());
        assertTrue(first.path("stackTrace").asText().startsWith("java.lang.AssertionError"));
        assertEquals("Completed", first.path("state").asText());
        JsonNode completion = body(requests("PATCH", RUNS + "/42").get(0));
        assertEquals("Completed", completion.path("state").asText());
        assertEquals("2026-12-07T08:00:00Z", completion.path("completedDate").asText());
        assertTrue(completion.path("comment").asText().contains("10 of 2510 tests passed, 2500 failed"),
                completion.toString());

        done(azure.completeTestRun(handle(), result(2500)));
        assertEquals(3, requests("POST", RESULTS).size(), "a repeated completion adds nothing");
        assertEquals(1, requests("PATCH", RUNS + "/42").size());
    }

    @Test
    void aCancelledRunAbortsItsTestRunOnce() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(RUNS + "/42")).inScenario("run").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\":42,\"state\":\"InProgress\"}")));
        AZURE.stubFor(patch(urlPathEqualTo(RUNS + "/42")).inScenario("run").willSetStateTo("aborted")
                .willReturn(okJson("{\"id\":42,\"state\":\"Aborted\"}")));
        AZURE.stubFor(get(urlPathEqualTo(RUNS + "/42")).inScenario("run").whenScenarioStateIs("aborted")
                .willReturn(okJson("{\"id\":42,\"state\":\"Aborted\"}")));
        AZURE.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson("{\"value\":[]}")));
        TestRunResult cancelled = new TestRunResult(RunId.of("r12"), "api-tests", RunState.CANCELLED, null, null,
                Duration.ofMinutes(1), List.of(), 0, null, Map.of());

        done(azure.completeTestRun(handle(), cancelled));
        done(azure.completeTestRun(handle(), cancelled));

        assertEquals("Aborted", body(requests("PATCH", RUNS + "/42").get(0)).path("state").asText());
        assertEquals(1, requests("PATCH", RUNS + "/42").size(), "an aborted test run is over too");
    }

    @Test
    void aCompletionCutShortByA5xxAddsTheRestWhenRepeatedAndNothingTwice() throws Exception {
        stubRunThatCompletes();
        AZURE.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson("{\"count\":0,\"value\":[]}")));
        AZURE.stubFor(post(urlPathEqualTo(RESULTS)).inScenario("batches").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("one added").willReturn(okJson("{}")));
        AZURE.stubFor(post(urlPathEqualTo(RESULTS)).inScenario("batches").whenScenarioStateIs("one added")
                .willSetStateTo("failed once").willReturn(aResponse().withStatus(500).withBody("{\"message\":\"TF400898\"}")));
        AZURE.stubFor(post(urlPathEqualTo(RESULTS)).inScenario("batches").whenScenarioStateIs("failed once")
                .willReturn(okJson("{}")));

        assertEquals(Status.UNAVAILABLE, failure(azure.completeTestRun(handle(), result(2500))).status());
        assertEquals(0, requests("PATCH", RUNS + "/42").size(), "not completed while results are missing");

        // the server holds the first batch: "Results - List" gives it back, a page of 1,000, then an empty page
        JsonNode held = body(requests("POST", RESULTS).get(0));
        AZURE.stubFor(get(urlPathEqualTo(RESULTS)).withQueryParam("$skip", equalTo("0"))
                .willReturn(okJson("{\"count\":1000,\"value\":" + held + "}")));
        AZURE.stubFor(get(urlPathEqualTo(RESULTS)).withQueryParam("$skip", equalTo("1000"))
                .willReturn(okJson("{\"count\":0,\"value\":[]}")));
        done(azure.completeTestRun(handle(), result(2500)));

        List<ServeEvent> posts = requests("POST", RESULTS);
        Map<String, Integer> added = new HashMap<>();
        for (ServeEvent post : List.of(posts.get(0), posts.get(2), posts.get(3))) {
            body(post).forEach(r -> added.merge(r.path("testCaseTitle").asText(), 1, Integer::sum));
        }
        assertEquals(4, posts.size(), "one batch, one refused, then the 1,500 left in two");
        assertEquals(2500, added.size());
        assertTrue(added.values().stream().allMatch(n -> n == 1), "nothing added twice");
        AZURE.verify(getRequestedFor(urlPathEqualTo(RESULTS)).withQueryParam("$top", equalTo("1000")));
        assertEquals(1, requests("PATCH", RUNS + "/42").size());
    }

    @Test
    void aPullRequestThreadIsMadeOnceThenItsFirstCommentEdited() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(THREADS)).inScenario("threads").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"count\":1,\"value\":[{\"id\":3,\"comments\":[{\"id\":1,\"content\":\"LGTM\"}]}]}")));
        AZURE.stubFor(post(urlPathEqualTo(THREADS)).inScenario("threads").willSetStateTo("made")
                .willReturn(okJson("{\"id\":9,\"comments\":[{\"id\":1}],\"status\":\"active\"}")));
        AZURE.stubFor(get(urlPathEqualTo(THREADS)).inScenario("threads").whenScenarioStateIs("made")
                .willReturn(okJson("{\"count\":2,\"value\":[{\"id\":3,\"comments\":[{\"id\":1,\"content\":\"LGTM\"}]},"
                        + "{\"id\":8,\"comments\":[{\"id\":1,\"content\":\"<!-- dtf:comment:dtf-other -->\\nx\"}]},"
                        + "{\"id\":9,\"comments\":[{\"id\":1,\"content\":\"<!-- dtf:comment:dtf-api-tests -->\\nold\"},"
                        + "{\"id\":2,\"parentCommentId\":1,\"content\":\"a reply\"}]}]}")));
        AZURE.stubFor(patch(urlPathEqualTo(THREADS + "/9/comments/1")).willReturn(okJson("{\"id\":1}")));

        URI made = done(azure.upsertPrComment(context(), "dtf-api-tests", "### ❌ api-tests: failure"));
        URI edited = done(azure.upsertPrComment(context(), "dtf-api-tests", "### ✅ api-tests: success"));

        assertEquals(URI.create(AZURE.baseUrl() + "/acme/Fabrikam/_git/repo-guid/pullrequest/7?discussionId=9"), made);
        assertEquals(made, edited);
        assertEquals(1, requests("POST", THREADS).size());
        AZURE.verify(postRequestedFor(urlPathEqualTo(THREADS)).withQueryParam("api-version", equalTo("7.1"))
                .withHeader("Authorization", equalTo(BASIC)).withRequestBody(equalToJson(
                        "{\"comments\":[{\"parentCommentId\":0,\"content\":\"<!-- dtf:comment:dtf-api-tests -->\\n"
                                + "### ❌ api-tests: failure\",\"commentType\":1}],\"status\":1}")));
        AZURE.verify(patchRequestedFor(urlPathEqualTo(THREADS + "/9/comments/1")).withQueryParam("api-version", equalTo("7.1"))
                .withRequestBody(equalToJson("{\"content\":\"<!-- dtf:comment:dtf-api-tests -->\\n### ✅ api-tests: success\"}")));
    }

    @Test
    void withoutAzureReposPullRequestIdTheContextsNumberNamesThePullRequest() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo("/acme/Fabrikam/_apis/git/repositories/repo-guid/pullRequests/9/threads"))
                .willReturn(okJson("{\"value\":[]}")));
        AZURE.stubFor(post(urlPathEqualTo("/acme/Fabrikam/_apis/git/repositories/repo-guid/pullRequests/9/threads"))
                .willReturn(okJson("{\"id\":4}")));
        Map<String, String> attributes = new HashMap<>(context().attributes());
        attributes.remove("pullRequestId");
        CIContext numbered = new CIContext("azure", "fabrikam", "abc123", "feature", 9, "4711", null, attributes);

        assertTrue(done(azure.upsertPrComment(numbered, "dtf-api-tests", "x")).toString().endsWith("/pullrequest/9?discussionId=4"));
        attributes.put("pullRequestId", "not-a-number");
        assertEquals("invalid_context", failure(azure.upsertPrComment(new CIContext("azure", null, null, null, null,
                "1", null, attributes), "dtf-api-tests", "x")).errorCode());
        assertEquals("no_pull_request", failure(azure.upsertPrComment(withoutPullRequest(), "dtf-api-tests", "x")).errorCode());
    }

    private static CIContext withoutPullRequest() {
        Map<String, String> attributes = new HashMap<>(context().attributes());
        attributes.remove("pullRequestId");
        return new CIContext("azure", "fabrikam", "abc123", "main", null, "4711", null, attributes);
    }

    @Test
    void aThreadWhoseAnswerWasLostIsFoundAndEditedNotDuplicated() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(THREADS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"count\":0,\"value\":[]}")));
        AZURE.stubFor(post(urlPathEqualTo(THREADS)).inScenario("lost").willSetStateTo("made")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        AZURE.stubFor(get(urlPathEqualTo(THREADS)).inScenario("lost").whenScenarioStateIs("made")
                .willReturn(okJson("{\"count\":1,\"value\":[{\"id\":5,\"comments\":[{\"id\":1,"
                        + "\"content\":\"<!-- dtf:comment:dtf-api-tests -->\\nfirst\"}]}]}")));
        AZURE.stubFor(patch(urlPathEqualTo(THREADS + "/5/comments/1")).willReturn(okJson("{\"id\":1}")));

        assertEquals(Status.UNAVAILABLE, failure(azure.upsertPrComment(context(), "dtf-api-tests", "first")).status());
        done(azure.upsertPrComment(context(), "dtf-api-tests", "first"));

        assertEquals(1, requests("POST", THREADS).size(), "the POST is not repeated blindly");
        assertEquals(1, requests("PATCH", THREADS + "/5/comments/1").size());
    }

    @Test
    void aCommentLongerThanAzureTakesIsCutAtALine() {
        String fitted = PullRequestThreads.fit("x".repeat(100) + "\n" + "row\n".repeat(50_000));
        assertTrue(fitted.length() <= PullRequestThreads.CONTENT_LIMIT);
        assertTrue(fitted.endsWith("the whole report is in DTF)*\n"), fitted.substring(fitted.length() - 100));
        assertTrue(fitted.contains("row\n\n*(cut"), "cut after a whole line");
    }

    @Test
    void eachErrorAnswerSaysWhetherTryingAgainHelps() {
        Map<Integer, Status> expected = Map.of(401, Status.REJECTED, 403, Status.REJECTED, 404, Status.NOT_FOUND,
                400, Status.REJECTED, 422, Status.REJECTED);
        expected.forEach((status, outcome) -> {
            AZURE.resetAll();
            AZURE.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody("{\"message\":\"TF401027: refused\"}")));
            ExternalSystemResult result = failure(provider(PAT).createTestRun(context(), result(0)));
            assertEquals(outcome, result.status(), status + ": " + result.describe());
            assertEquals("http_" + status, result.errorCode());
            assertFalse(result.message().contains(PAT), "no token in " + result.message());
        });
    }

    @Test
    void fiveHundredsAreRetriedThenUnavailable() {
        AZURE.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)));
        ExternalSystemResult result = failure(azure.createTestRun(context(), result(0)));
        assertEquals(Status.UNAVAILABLE, result.status());
        assertTrue(result.retryable());
        assertEquals(3, requests("GET", RUNS).size(), "tried 3 times");
    }

    @Test
    void a429WithALongRetryAfterComesBackRateLimitedWithThatWait() {
        AZURE.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                .withHeader("X-RateLimit-Resource", "ATCPU").withHeader("X-RateLimit-Delay", "0.5")));
        ExternalSystemResult result = failure(azure.createTestRun(context(), result(0)));
        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(100)) > 0, "about 120 s: " + result.retryAfter());
    }

    @Test
    void aSpentUsageBudgetHoldsTheNextCallBackUntilItsReset() throws Exception {
        long reset = Instant.now().plusSeconds(300).getEpochSecond();
        AZURE.stubFor(get(urlPathEqualTo(RUNS)).willReturn(okJson("{\"value\":[]}")
                .withHeader("X-RateLimit-Limit", "200").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(reset))));

        ExternalSystemResult result = failure(azure.createTestRun(context(), result(0)));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(250)) > 0, "until the reset: " + result.retryAfter());
        assertEquals(0, requests("POST", RUNS).size(), "the POST was held back, not sent");
    }

    @Test
    void theJobsTokenIsSentAsBearerInPlaceOfThePat() throws Exception {
        AZURE.stubFor(get(urlPathEqualTo(THREADS)).willReturn(okJson("{\"value\":[]}")));
        AZURE.stubFor(post(urlPathEqualTo(THREADS)).willReturn(okJson("{\"id\":1}")));
        CIProvider job = azure.withJobToken("job-access-token-0123456789").orElseThrow();

        done(job.upsertPrComment(context(), "dtf-api-tests", "body"));

        AZURE.verify(getRequestedFor(urlPathEqualTo(THREADS)).withHeader("Authorization",
                equalTo("Bearer job-access-token-0123456789")));
        AZURE.verify(postRequestedFor(urlPathEqualTo(THREADS)).withHeader("Authorization",
                equalTo("Bearer job-access-token-0123456789")));
        assertTrue(azure.withJobToken(" ").isEmpty());
    }

    @Test
    void withoutATokenOrAJobTokenNothingIsSentAndTheReasonSaysWhy() {
        ExternalSystemResult result = failure(provider(null).createTestRun(context(), result(0)));
        assertEquals(Status.REJECTED, result.status());
        assertTrue(result.message().contains(".token"), result.message());
        assertEquals(0, AZURE.getAllServeEvents().size());
    }

    @Test
    void aContextWithoutWhatACallNeedsIsRefusedNamingIt() {
        CIContext noProject = new CIContext("azure", null, null, null, 7, "1", null,
                Map.of("collectionUri", AZURE.baseUrl() + "/acme"));
        ExternalSystemResult result = failure(azure.createTestRun(noProject, result(0)));
        assertEquals(Status.REJECTED, result.status());
        assertTrue(result.message().contains("project"), result.message());

        ExternalSystemResult github = failure(azure.upsertPrComment(context("1", Map.of("repositoryProvider", "GitHub")),
                "dtf-api-tests", "x"));
        assertEquals("unsupported_repository", github.errorCode());
        assertEquals(0, AZURE.getAllServeEvents().size());
    }
}
