package io.dtf.ci.bitbucket.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.SHA;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.TOKEN;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.done;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.error;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.failure;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.ci.TestCounts;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Code Insights report against a WireMock Bitbucket Cloud that answers as its REST API reference describes:
 * "Reports", https://developer.atlassian.com/cloud/bitbucket/rest/api-group-reports/ ({@code DELETE} and {@code PUT
 * /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}} creates or updates a report: {@code
 * title}, {@code details}, {@code report_type} TEST, {@code reporter}, {@code link}, {@code result} PENDING, PASSED or
 * FAILED, at most 10 {@code data} fields typed NUMBER, DURATION (milliseconds), LINK ({@code text}, {@code href});
 * {@code POST .../reports/{reportId}/annotations} bulk-creates or updates annotations by {@code external_id}, 100 a
 * request, 1000 a report: {@code annotation_type} BUG, {@code summary}, {@code details}, {@code severity}, {@code
 * result}, {@code link}), authenticated by a bearer access token or HTTP Basic ("Authentication methods"), errors as
 * {@code {"type": "error", "error": {"message", "detail", "fields"}}}; 429 with Retry-After ("API request limits").
 */
class CodeInsightsContractTest {
    @RegisterExtension
    static final WireMockExtension BITBUCKET = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String REPORT = "/2.0/repositories/acme/shop/commit/" + SHA + "/reports/dtf-api-tests";
    private static final URI RUN = URI.create("https://dtf.example/runs/r12");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BitbucketProvider bitbucket;

    @BeforeEach
    void start() {
        bitbucket = BitbucketFixture.provider(BITBUCKET.baseUrl() + "/2.0", Map.of());
        BITBUCKET.stubFor(put(urlEqualTo(REPORT)).willReturn(json(200, "{\"type\":\"report\",\"uuid\":\"{5b1f}\"}")));
        BITBUCKET.stubFor(post(urlEqualTo(REPORT + "/annotations")).willReturn(json(200, "[]")));
        BITBUCKET.stubFor(delete(urlEqualTo(REPORT)).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        bitbucket.deactivate();
    }

    @Test
    void aSubmittedRunIsAPendingTestReportOnItsCommitMadeOnce() {
        TestRunResult queued = TestRunResult.queued(RunId.of("r12"), "api-tests", RUN, Map.of());

        TestRunHandle handle = done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), queued));
        TestRunHandle again = done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), queued));

        assertEquals("dtf-api-tests", handle.id());
        assertEquals(handle, again);
        BITBUCKET.verify(1, deleteRequestedFor(urlEqualTo(REPORT)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertEquals(List.of("PUT", "DELETE"), BITBUCKET.getAllServeEvents().stream()
                .map(event -> event.getRequest().getMethod().value()).toList(), "newest first: deleted, then put");
        assertEquals(URI.create(BITBUCKET.baseUrl() + "/acme/shop/commits/" + SHA), handle.url());
        BITBUCKET.verify(1, putRequestedFor(urlEqualTo(REPORT))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"title\":\"DTF: api-tests\",\"details\":\"queued (DTF run r12).\","
                        + "\"report_type\":\"TEST\",\"reporter\":\"DTF\",\"link\":\"https://dtf.example/runs/r12\","
                        + "\"result\":\"PENDING\",\"data\":["
                        + "{\"title\":\"Passed\",\"type\":\"NUMBER\",\"value\":0},"
                        + "{\"title\":\"Failed\",\"type\":\"NUMBER\",\"value\":0},"
                        + "{\"title\":\"Skipped\",\"type\":\"NUMBER\",\"value\":0},"
                        + "{\"title\":\"Duration\",\"type\":\"DURATION\",\"value\":0},"
                        + "{\"title\":\"Run in DTF\",\"type\":\"LINK\",\"value\":{\"text\":\"r12\",\"href\":\"https://dtf.example/runs/r12\"}}]}")));
    }

    @Test
    void theNextRunOfTheNameOnTheCommitMakesTheReportAfreshWithoutTheAnnotationsOfTheRunBefore() {
        done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), TestRunResult.queued(RunId.of("r12"), "api-tests", RUN, Map.of())));
        done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), TestRunResult.queued(RunId.of("r12"), "api-tests", RUN, Map.of())));
        done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), TestRunResult.queued(RunId.of("r13"), "api-tests", RUN, Map.of())));

        BITBUCKET.verify(2, deleteRequestedFor(urlEqualTo(REPORT)));
        BITBUCKET.verify(2, putRequestedFor(urlEqualTo(REPORT)));
    }

    @Test
    void aRunWhoseCommitHasNoReportOfItsNameMakesOneAndARefusedDeletionMakesNone() {
        BITBUCKET.stubFor(delete(urlEqualTo(REPORT)).willReturn(error(404, "No such report")));
        TestRunResult queued = TestRunResult.queued(RunId.of("r12"), "api-tests", RUN, Map.of());
        done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), queued));
        BITBUCKET.verify(1, putRequestedFor(urlEqualTo(REPORT)));

        bitbucket.deactivate();
        bitbucket = BitbucketFixture.provider(BITBUCKET.baseUrl() + "/2.0", Map.of());
        BITBUCKET.stubFor(delete(urlEqualTo(REPORT)).willReturn(error(403, "Forbidden")));
        assertEquals(Status.REJECTED, failure(bitbucket.createTestRun(BitbucketFixture.pipeline(7), queued)).status());
        BITBUCKET.verify(1, putRequestedFor(urlEqualTo(REPORT)));
    }

    @Test
    void aPassedRunIsAPassedReportWithoutAnnotations() {
        TestRunHandle handle = done(bitbucket.createTestRun(BitbucketFixture.pipeline(null),
                TestRunResult.queued(RunId.of("r12"), "api-tests", null, Map.of())));

        done(bitbucket.completeTestRun(handle, result(RunState.PASSED, 120, List.of(), 0)));

        BITBUCKET.verify(putRequestedFor(urlEqualTo(REPORT)).withRequestBody(equalToJson(
                "{\"result\":\"PASSED\",\"details\":\"120 of 120 tests passed (DTF run r12).\","
                        + "\"data\":[{\"title\":\"Passed\",\"value\":120},{\"title\":\"Failed\",\"value\":0},"
                        + "{\"title\":\"Skipped\",\"value\":0},{\"title\":\"Duration\",\"type\":\"DURATION\",\"value\":95000}]}",
                true, true)));
        BITBUCKET.verify(0, postRequestedFor(urlEqualTo(REPORT + "/annotations")));
    }

    @Test
    void thousandsOfFailedTestsAreTheFirstThousandAnnotationsInRequestsOfAHundredWithinBitbucketsLimits() throws Exception {
        List<TestCaseResult> failed = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            failed.add(new TestCaseResult("suite", "org.example.checkout.VeryLongParameterizedCheckoutTest",
                    "pays[" + i + "] " + "with a card ".repeat(40), TestCaseStatus.FAILED, Duration.ofMillis(30),
                    "expected 200 but was 500: " + "the payment provider said no. ".repeat(30),
                    "java.lang.AssertionError\n\tat org.example.Checkout.pay(Checkout.java:42)\n".repeat(80), false));
        }
        TestRunResult result = result(RunState.FAILED, 3_000, failed, 2_000);
        TestRunHandle handle = done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), result));

        done(bitbucket.completeTestRun(handle, result));

        List<LoggedRequest> posts = BITBUCKET.findAll(postRequestedFor(urlEqualTo(REPORT + "/annotations")));
        assertEquals(10, posts.size());
        Set<String> ids = new HashSet<>();
        for (LoggedRequest request : posts) {
            assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
            JsonNode batch = JSON.readTree(request.getBodyAsString());
            assertTrue(batch.isArray() && batch.size() <= 100 && batch.size() > 0, "a batch: " + batch.size());
            for (JsonNode annotation : batch) {
                assertTrue(ids.add(annotation.get("external_id").asText()), "external_id once: " + annotation.get("external_id"));
                assertTrue(annotation.get("external_id").asText().matches("dtf-[0-9a-f]{20}"), annotation.get("external_id").asText());
                assertEquals("BUG", annotation.get("annotation_type").asText());
                assertEquals("HIGH", annotation.get("severity").asText());
                assertEquals("FAILED", annotation.get("result").asText());
                assertEquals(RUN.toString(), annotation.get("link").asText());
                assertTrue(annotation.get("summary").asText().length() <= 450, "summary " + annotation.get("summary").asText().length());
                assertTrue(annotation.get("summary").asText().startsWith("org.example.checkout.VeryLongParameterizedCheckoutTest.pays["));
                assertTrue(annotation.get("details").asText().length() <= 2000, "details " + annotation.get("details").asText().length());
            }
        }
        assertEquals(1_000, ids.size());
        JsonNode report = JSON.readTree(BITBUCKET.findAll(putRequestedFor(urlEqualTo(REPORT))).get(1).getBodyAsString());
        assertEquals("FAILED", report.get("result").asText());
        assertEquals("1000 of 3000 tests passed, 2000 failed (DTF run r12). 1000 failed tests have no annotation here "
                + "(Bitbucket keeps 1000 per report): see the run in DTF.", report.get("details").asText());

        done(bitbucket.completeTestRun(handle, result));
        Set<String> repeated = new HashSet<>();
        for (LoggedRequest request : BITBUCKET.findAll(postRequestedFor(urlEqualTo(REPORT + "/annotations"))).subList(10, 20)) {
            JSON.readTree(request.getBodyAsString()).forEach(annotation -> repeated.add(annotation.get("external_id").asText()));
        }
        assertEquals(ids, repeated, "a repeated completion puts the same annotations again, which Bitbucket replaces");
    }

    @Test
    void aCompletionCutShortByAServerErrorIsUnavailableAndCompletesWhenRepeated() {
        TestRunResult result = result(RunState.FAILED, 10, failedTests(3), 3);
        TestRunHandle handle = done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), result));
        BITBUCKET.stubFor(post(urlEqualTo(REPORT + "/annotations")).willReturn(error(500, "Something went wrong")));

        ExternalSystemResult down = failure(bitbucket.completeTestRun(handle, result));
        BITBUCKET.stubFor(post(urlEqualTo(REPORT + "/annotations")).willReturn(json(200, "[]")));
        done(bitbucket.completeTestRun(handle, result));

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        BITBUCKET.verify(4 + 1, postRequestedFor(urlEqualTo(REPORT + "/annotations")));
    }

    @Test
    void refusalsAreParkedWithBitbucketsReasonAndLimitsAndOutagesRetried() {
        TestRunHandle handle = done(bitbucket.createTestRun(BitbucketFixture.pipeline(7),
                TestRunResult.queued(RunId.of("r12"), "api-tests", RUN, Map.of())));
        TestRunResult update = result(RunState.RUNNING, 10, List.of(), 0);

        assertEquals(Status.REJECTED, updateAnswered(handle, update, error(401, "Unauthorized")).status());
        assertEquals(Status.REJECTED, updateAnswered(handle, update, error(403, "Forbidden")).status());
        assertEquals(Status.NOT_FOUND, updateAnswered(handle, update, error(404, "Commit not found")).status());
        ExternalSystemResult invalid = updateAnswered(handle, update, json(400, "{\"type\":\"error\",\"error\":{"
                + "\"message\":\"Bad request\",\"fields\":{\"link\":[\"Enter a valid URL.\"]}}}"));
        assertEquals(Status.REJECTED, invalid.status());
        assertTrue(invalid.message().contains("Bad request: link: Enter a valid URL."), invalid.message());
        assertTrue(!invalid.message().contains(TOKEN));
        assertEquals(Status.UNAVAILABLE, updateAnswered(handle, update, error(503, "Service Unavailable")).status());
        BITBUCKET.verify(4, putRequestedFor(urlEqualTo(REPORT)));
        ExternalSystemResult limited = updateAnswered(handle, update,
                error(429, "Rate limit for this resource has been exceeded").withHeader("Retry-After", "600"));
        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(600), limited.retryAfter());
    }

    @Test
    void anAccountsApiTokenIsSentAsHttpBasic() {
        bitbucket.deactivate();
        bitbucket = BitbucketFixture.provider(BITBUCKET.baseUrl() + "/2.0",
                Map.of("username", "ci@acme.example", ".appPassword", "ATATT3x-example-api-token"));

        done(bitbucket.createTestRun(BitbucketFixture.pipeline(7), TestRunResult.queued(RunId.of("r12"), "api-tests", null, Map.of())));

        String basic = Base64.getEncoder().encodeToString("ci@acme.example:ATATT3x-example-api-token".getBytes(StandardCharsets.UTF_8));
        BITBUCKET.verify(1, putRequestedFor(urlEqualTo(REPORT)).withHeader("Authorization", equalTo("Basic " + basic)));
    }

    @Test
    void aRunsNameThatIsNoIdBecomesOneThatStaysTheSame() {
        String id = StableIds.of("dtf-", "nightly / chrome, EU", 50);
        assertTrue(id.matches("dtf-nightly-chrome-EU-[0-9a-f]{12}"), id);
        assertEquals(id, StableIds.of("dtf-", "nightly / chrome, EU", 50));
        assertTrue(!id.equals(StableIds.of("dtf-", "nightly-chrome-EU", 50)), "names that differ keep ids that differ");
        assertTrue(StableIds.of("dtf-", "x".repeat(300), 50).length() <= 50);
    }

    private ExternalSystemResult updateAnswered(TestRunHandle handle, TestRunResult update,
                                                com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        BITBUCKET.resetRequests();
        BITBUCKET.stubFor(put(urlEqualTo(REPORT)).willReturn(answer));
        return failure(bitbucket.updateTestRun(handle, update));
    }

    private static List<TestCaseResult> failedTests(int count) {
        List<TestCaseResult> failed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failed.add(new TestCaseResult("suite", "org.example.LoginTest", "case" + i, TestCaseStatus.FAILED,
                    Duration.ofMillis(5), "expected 401 but was 200", null, false));
        }
        return failed;
    }

    private static TestRunResult result(RunState state, int tests, List<TestCaseResult> failed, int failedCount) {
        TestCounts counts = new TestCounts(tests, tests - failedCount, failedCount, 0, 0);
        return new TestRunResult(RunId.of("r12"), "api-tests", state,
                new TaskCounts(Map.of(state == RunState.PASSED ? TaskState.PASSED : TaskState.FAILED, 1)), counts,
                Duration.ofSeconds(95), failed, Math.max(0, failedCount - failed.size()), RUN, Map.of());
    }
}
