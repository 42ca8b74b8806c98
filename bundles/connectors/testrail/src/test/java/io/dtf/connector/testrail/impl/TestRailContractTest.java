package io.dtf.connector.testrail.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.testrail.impl.TestRailFixture.API_KEY;
import static io.dtf.connector.testrail.impl.TestRailFixture.USER;
import static io.dtf.connector.testrail.impl.TestRailFixture.mapped;
import static io.dtf.connector.testrail.impl.TestRailFixture.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemRef;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.http.testing.ManualHttpTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TestRail connector against a WireMock TestRail that answers as TestRail's API v2 reference describes it:
 * "Introduction to the TestRail API", https://support.testrail.com/hc/en-us/articles/7077083596436 (every method at
 * {@code index.php?/api/v2/<method>}, JSON with {@code Content-Type: application/json}, HTTP Basic with the user's
 * e-mail and an API key); "Runs", https://support.testrail.com/hc/en-us/articles/7077874763156 ({@code POST
 * add_run/{project_id}} with {@code name}, {@code suite_id}, {@code include_all}, {@code case_ids}; {@code POST
 * close_run/{run_id}}; {@code GET get_run/{run_id}}); "Results",
 * https://support.testrail.com/hc/en-us/articles/7077819312404 ({@code POST add_results_for_cases/{run_id}} with
 * {@code results: [{case_id, status_id, comment, elapsed}]}; status ids 1 Passed, 2 Blocked, 4 Retest, 5 Failed);
 * "Error handling", https://support.testrail.com/hc/en-us/articles/7077175066388 (400 with an {@code error} field,
 * 401, 403, 409 while TestRail Cloud is in its daily maintenance, 429 with {@code Retry-After}, 500).
 */
class TestRailContractTest {
    @RegisterExtension
    static final WireMockExtension TESTRAIL = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ADD_RUN = "/index.php?/api/v2/add_run/7";
    private static final String ADD_RESULTS = "/index.php?/api/v2/add_results_for_cases/81";
    private static final String CLOSE_RUN = "/index.php?/api/v2/close_run/81";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + API_KEY).getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualHttpTime time = TestRailFixture.time();
    private TestRailConnector testrail;

    private TestRailConnector connector(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", TESTRAIL.baseUrl(), "username", USER,
                ".apiKey", API_KEY, "projectId", 7L, "suiteId", 3L));
        settings.putAll(more);
        testrail = TestRailFixture.connector(time, settings);
        return testrail;
    }

    @AfterEach
    void stop() {
        if (testrail != null) {
            testrail.deactivate();
        }
    }

    @Test
    void aRunIsMadeOfTheMappedCasesGetsTheirResultsInOneCallAndIsClosed() {
        stubRunMadeAndClosed();
        List<TestCaseResult> tests = List.of(
                mapped("loginWorks", TestCaseStatus.PASSED, 1_500, "C12"),
                mapped("wrongPassword", TestCaseStatus.FAILED, 200, "13"),
                mapped("ssoLogin", TestCaseStatus.SKIPPED, 0, "C14"),
                test("helperTest", TestCaseStatus.PASSED, 10, Map.of()));

        ExternalSystemResult reported = connector(Map.of()).executeOperation("report_run",
                Map.of("name", "nightly #12", "results", tests)).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, reported.status(), reported.describe());
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(ADD_RUN))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"name\":\"nightly #12\",\"suite_id\":3,\"include_all\":false,"
                        + "\"case_ids\":[12,13,14]}")));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(ADD_RESULTS))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"results\":["
                        + "{\"case_id\":12,\"status_id\":1,\"comment\":\"org.example.LoginTest.loginWorks: passed\",\"elapsed\":\"2s\"},"
                        + "{\"case_id\":13,\"status_id\":5,\"comment\":\"${json-unit.any-string}\"},"
                        + "{\"case_id\":14,\"status_id\":2,\"comment\":\"org.example.LoginTest.ssoLogin: skipped\"}]}")));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(CLOSE_RUN)).withHeader("Authorization", equalTo(BASIC)));
        String failure = body(ADD_RESULTS).get(0).path("results").path(1).path("comment").asText();
        assertTrue(failure.startsWith("org.example.LoginTest.wrongPassword: failed\nexpected 401 but was 200\n"
                + "java.lang.AssertionError"), failure);
        assertEquals("81", reported.item().orElseThrow().id());
        assertEquals(1, reported.data().get("unmapped"), "the test without a case is counted");
        assertEquals(List.of("org.example.LoginTest.helperTest"), reported.data().get("unmapped_tests"));
        assertEquals(true, reported.data().get("closed"));
    }

    @Test
    void theNamingRuleFindsCasesInTestNames() {
        stubRunMadeAndClosed();
        List<TestCaseResult> tests = List.of(
                test("C21 login works", TestCaseStatus.PASSED, 0, Map.of()),
                test("checkout C22 and C23", TestCaseStatus.ERROR, 0, Map.of()),
                test("C24x is not a case id", TestCaseStatus.PASSED, 0, Map.of()));

        ExternalSystemResult reported = connector(Map.of("caseMapping", "name")).executeOperation("report_run",
                Map.of("name", "nightly", "results", tests)).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, reported.status(), reported.describe());
        TESTRAIL.verify(postRequestedFor(urlEqualTo(ADD_RUN)).withRequestBody(equalToJson(
                "{\"case_ids\":[21,22,23]}", true, true)));
        TESTRAIL.verify(postRequestedFor(urlEqualTo(ADD_RESULTS)).withRequestBody(equalToJson(
                "{\"results\":[{\"case_id\":21,\"status_id\":1},{\"case_id\":22,\"status_id\":5},"
                        + "{\"case_id\":23,\"status_id\":5}]}", false, true)));
        assertEquals(1, reported.data().get("unmapped"));
    }

    @Test
    void manyResultsGoInBatchesOfTheConfiguredSize() {
        stubRunMadeAndClosed();
        List<TestCaseResult> tests = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            tests.add(mapped("test" + i, TestCaseStatus.PASSED, 0, "C" + i));
        }

        ExternalSystemResult reported = connector(Map.of()).executeOperation("report_run",
                Map.of("name", "big", "results", tests)).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, reported.status(), reported.describe());
        List<Integer> sizes = TESTRAIL.findAll(postRequestedFor(urlEqualTo(ADD_RESULTS))).stream()
                .map(request -> read(request.getBodyAsString()).get("results").size()).toList();
        assertEquals(List.of(250, 250, 100), sizes);
        assertEquals(600, reported.data().get("results_added"));
    }

    @Test
    void aShortRetryAfterOfTestRailCloudIsWaitedForAndTheResultsAddedThen() {
        stubRunMadeAndClosed();
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RESULTS)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "API Rate Limit Exceeded - 180 per minute maximum allowed").withHeader("Retry-After", "3"))
                .willSetStateTo("free"));
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RESULTS)).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(json(200, "[]")));

        ExternalSystemResult reported = connector(Map.of()).executeOperation("report_run", Map.of("name", "nightly",
                "results", List.of(mapped("a", TestCaseStatus.PASSED, 0, "C1")))).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, reported.status(), reported.describe());
        assertEquals(List.of(Duration.ofSeconds(3)), time.waits());
        TESTRAIL.verify(2, postRequestedFor(urlEqualTo(ADD_RESULTS)));
    }

    @Test
    void aLongRetryAfterIsRateLimitedWithItsWaitAndNamesTheRunMadeAlready() {
        stubRunMadeAndClosed();
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RESULTS)).willReturn(
                error(429, "API Rate Limit Exceeded").withHeader("Retry-After", "120")));

        ExternalSystemResult limited = connector(Map.of()).executeOperation("report_run", Map.of("name", "nightly",
                "results", List.of(mapped("a", TestCaseStatus.PASSED, 0, "C1")))).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
        assertEquals(81L, limited.data().get("run_id"));
        assertTrue(limited.message().contains("report_run with run_id 81"), limited.message());
        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(CLOSE_RUN)));
    }

    @Test
    void reportingAgainWithTheRunIdAddsToThatRunInsteadOfMakingAnother() {
        stubRunMadeAndClosed();
        TESTRAIL.stubFor(get(urlEqualTo("/index.php?/api/v2/get_run/81")).willReturn(json(200, run(false))));

        ExternalSystemResult reported = connector(Map.of()).executeOperation("report_run", Map.of("name", "nightly",
                "run_id", "R81", "results", List.of(mapped("a", TestCaseStatus.PASSED, 0, "C1"))))
                .orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, reported.status(), reported.describe());
        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(ADD_RUN)));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(ADD_RESULTS)));
    }

    @Test
    void addResultsTakesTestCasesAsMapsAndAddsThemToTheRun() {
        stubRunMadeAndClosed();

        ExternalSystemResult added = connector(Map.of()).executeOperation("add_results", Map.of("run_id", 81,
                "results", List.of(Map.of("name", "loginWorks", "status", "failed", "duration", 75,
                        "message", "timed out", "properties", Map.of("testrail_case_id", "C12")),
                        Map.of("name", "other", "status", "PASSED"))))
                .orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, added.status(), added.describe());
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(ADD_RESULTS)).withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalToJson("{\"results\":[{\"case_id\":12,\"status_id\":5,"
                        + "\"comment\":\"loginWorks: failed\\ntimed out\",\"elapsed\":\"1m 15s\"}]}")));
        assertEquals(1, added.data().get("unmapped"));
        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(CLOSE_RUN)));
    }

    @Test
    void closeRunAndCreateItemRunAreTheirApiMethods() {
        stubRunMadeAndClosed();

        ExternalSystemResult closed = connector(Map.of()).executeOperation("close_run", Map.of("run_id", "R81"))
                .orTimeout(20, TimeUnit.SECONDS).join();
        ExternalSystemResult made = testrail.createItem("run", Map.of("name", "smoke", "case_ids", List.of("C5", 6)))
                .orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(true, closed.item().orElseThrow().fields().get("is_completed"));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(CLOSE_RUN)).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", matching("application/json(;.*)?")));
        assertEquals("https://acme.testrail.io/index.php?/runs/view/81", made.item().orElseThrow().url().toString());
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(ADD_RUN)).withRequestBody(equalToJson(
                "{\"name\":\"smoke\",\"suite_id\":3,\"include_all\":false,\"case_ids\":[5,6]}")));
    }

    @Test
    void theDailyMaintenanceOfTestRailCloudIsUnavailableAndRetryable() {
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RUN)).willReturn(error(409,
                "This TestRail instance is currently in maintenance mode, please try the request again in a few minutes")));

        ExternalSystemResult down = connector(Map.of()).executeOperation("report_run", Map.of("name", "nightly",
                "results", List.of(mapped("a", TestCaseStatus.PASSED, 0, "C1")))).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertTrue(down.retryable());
        assertEquals("maintenance", down.errorCode());
        assertEquals(TestRailApi.MAINTENANCE_WAIT, down.retryAfter());
        assertFalse(testrail.isConnected());
    }

    @Test
    void badCredentialsAndRefusedRequestsAreRejectedWithTestRailsError() {
        ExternalSystemResult unauthorized = answered(401, "Authentication failed: invalid or missing user/password or session cookie.");
        assertEquals(Status.REJECTED, unauthorized.status());
        assertEquals("http_401", unauthorized.errorCode());
        assertFalse(testrail.isConnected());
        assertEquals(Status.REJECTED, answered(403, "The requested project does not exist or you do not have the permissions to access it.").status());
        ExternalSystemResult invalid = answered(400, "Field :case_ids contains one or more invalid case IDs.");
        assertEquals(Status.REJECTED, invalid.status());
        assertEquals("http_400", invalid.errorCode());
        assertTrue(invalid.message().contains("Field :case_ids contains one or more invalid case IDs."), invalid.message());
        assertFalse(invalid.message().contains(API_KEY), invalid.message());
    }

    @Test
    void aServerErrorIsUnavailableAndAResultsCallIsNotSentTwice() {
        stubRunMadeAndClosed();
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RESULTS)).willReturn(error(500, "Server error")));

        ExternalSystemResult down = connector(Map.of()).executeOperation("report_run", Map.of("name", "nightly",
                "results", List.of(mapped("a", TestCaseStatus.PASSED, 0, "C1")))).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertTrue(down.retryable());
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(ADD_RESULTS)));
    }

    @Test
    void aRunOfNoMappedCaseIsRefusedWithoutARequest() {
        ExternalSystemResult refused = connector(Map.of()).executeOperation("report_run", Map.of("name", "nightly",
                "results", List.of(test("a", TestCaseStatus.PASSED, 0, Map.of())))).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.REJECTED, refused.status());
        assertEquals("no_mapped_cases", refused.errorCode());
        assertTrue(refused.message().contains("testrail_case_id"), refused.message());
        assertTrue(TESTRAIL.getAllServeEvents().isEmpty());
    }

    @Test
    void aCaseThatDoesNotExistIsNotFound() {
        TESTRAIL.stubFor(get(urlEqualTo("/index.php?/api/v2/get_case/99"))
                .willReturn(error(400, "Field :case_id is not a valid test case.")));
        TESTRAIL.stubFor(get(urlEqualTo("/index.php?/api/v2/get_case/12")).willReturn(json(200,
                "{\"id\":12,\"title\":\"Login works\",\"suite_id\":3}")));

        ExternalSystemResult missing = connector(Map.of()).getItem(new ItemRef("case", "C99")).orTimeout(20, TimeUnit.SECONDS).join();
        ExternalSystemResult found = testrail.getItem(new ItemRef("case", "C12")).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.NOT_FOUND, missing.status(), missing.describe());
        assertEquals("C12", found.item().orElseThrow().key());
        assertEquals("Login works", found.item().orElseThrow().fields().get("title"));
    }

    @Test
    void connectReadsTheProjectAndSystemInfoSaysWhoAndWhere() {
        TESTRAIL.stubFor(get(urlEqualTo("/index.php?/api/v2/get_project/7")).willReturn(json(200,
                "{\"id\":7,\"name\":\"Shop\",\"suite_mode\":3,\"is_completed\":false}")));

        ExternalSystemResult connected = connector(Map.of()).connect().orTimeout(20, TimeUnit.SECONDS).join();
        ExternalSystemResult info = testrail.systemInfo().orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, connected.status(), connected.describe());
        assertTrue(testrail.isConnected());
        assertEquals("Shop", info.data().get("project"));
        assertEquals(USER, info.data().get("user"));
        assertFalse(info.data().toString().contains(API_KEY));
        TESTRAIL.verify(2, getRequestedFor(urlEqualTo("/index.php?/api/v2/get_project/7"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    private ExternalSystemResult answered(int status, String error) {
        TESTRAIL.resetAll();
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RUN)).willReturn(error(status, error)));
        if (testrail == null) {
            connector(Map.of());
        }
        return testrail.executeOperation("report_run", Map.of("name", "nightly",
                "results", List.of(mapped("a", TestCaseStatus.PASSED, 0, "C1")))).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static void stubRunMadeAndClosed() {
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RUN)).willReturn(json(200, run(false))));
        TESTRAIL.stubFor(post(urlEqualTo(ADD_RESULTS)).willReturn(json(200, "[{\"id\":1001,\"test_id\":501,\"status_id\":1}]")));
        TESTRAIL.stubFor(post(urlEqualTo(CLOSE_RUN)).willReturn(json(200, run(true))));
    }

    private static String run(boolean completed) {
        return "{\"id\":81,\"name\":\"nightly #12\",\"project_id\":7,\"suite_id\":3,\"include_all\":false,"
                + "\"is_completed\":" + completed + ",\"url\":\"https://acme.testrail.io/index.php?/runs/view/81\"}";
    }

    private static List<JsonNode> body(String url) {
        return TESTRAIL.findAll(postRequestedFor(urlEqualTo(url))).stream().map(r -> read(r.getBodyAsString())).toList();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String error) {
        return json(status, "{\"error\":\"" + error + "\"}");
    }
}
