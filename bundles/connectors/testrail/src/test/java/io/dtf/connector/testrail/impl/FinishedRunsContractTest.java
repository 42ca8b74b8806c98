package io.dtf.connector.testrail.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.testrail.impl.StoredRuns.MAIN;
import static io.dtf.connector.testrail.impl.StoredRuns.T0;
import static io.dtf.connector.testrail.impl.StoredRuns.completed;
import static io.dtf.connector.testrail.impl.StoredRuns.mapped;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TestCaseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls a finished run's report adds to {@code report_run}'s own ({@link TestRailContractTest}), as TestRail's API v2
 * reference describes them:
 * <ul>
 * <li>"Runs: get_runs", https://support.testrail.com/hc/en-us/articles/7077874763156#getruns-0: {@code GET
 * index.php?/api/v2/get_runs/{project_id}} with the filter {@code &created_after=<Unix timestamp>}; since TestRail 6.7
 * the answer is paginated, {@code {"offset", "limit", "size", "_links": {"next", "prev"}, "runs": [...]}} with 250 runs
 * a page, {@code _links.next} the path of the next page ({@code /api/v2/get_runs/7&limit=250&offset=250}) or
 * {@code null}; each run has {@code id}, {@code name}, {@code description}, {@code is_completed};</li>
 * <li>"Tests: get_tests", https://support.testrail.com/hc/en-us/articles/7077990441108#gettests-0: {@code GET
 * index.php?/api/v2/get_tests/{run_id}}, paginated alike ({@code "tests": [...]}), each test with its {@code case_id}
 * and {@code status_id} (3 Untested: no result yet);</li>
 * <li>"Runs: add_run" ({@code description}), "Results: add_results_for_cases"
 * (https://support.testrail.com/hc/en-us/articles/7077819312404) and "Runs: close_run".</li>
 * </ul>
 */
class FinishedRunsContractTest {
    @RegisterExtension
    static final WireMockExtension TESTRAIL = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String API = "/index.php?/api/v2/";
    private static final long CREATED_AFTER = T0.minusSeconds(3600).getEpochSecond();
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((TestRailFixture.USER + ":" + TestRailFixture.API_KEY).getBytes(StandardCharsets.UTF_8));

    private final StoredRuns runs = new StoredRuns();
    private final TestRailConnector testrail = TestRailFixture.connector(runs.store, TestRailFixture.time(), Map.of(
            "baseUrl", TESTRAIL.baseUrl(), "username", TestRailFixture.USER, ".apiKey", TestRailFixture.API_KEY,
            "projectId", 7L, "suiteId", 3L, "reportRuns", new String[] {"run_name=~nightly-.*"}));

    @AfterEach
    void stop() {
        testrail.deactivate();
        runs.close();
    }

    @Test
    void aRunNotYetInTestRailIsMadeWithTheMarkerInItsDescription() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"));
        TESTRAIL.stubFor(get(urlEqualTo(API + "get_runs/7&created_after=" + CREATED_AFTER)).willReturn(json(
                "{\"offset\":0,\"limit\":250,\"size\":0,\"_links\":{\"next\":null,\"prev\":null},\"runs\":[]}")));
        TESTRAIL.stubFor(post(urlEqualTo(API + "add_run/7")).willReturn(json("{\"id\":81,\"is_completed\":false}")));
        TESTRAIL.stubFor(post(urlEqualTo(API + "add_results_for_cases/81")).willReturn(json("[{\"id\":1}]")));
        TESTRAIL.stubFor(post(urlEqualTo(API + "close_run/81")).willReturn(json("{\"id\":81,\"is_completed\":true}")));

        testrail.on(completed(run));

        TESTRAIL.verify(1, getRequestedFor(urlEqualTo(API + "get_runs/7&created_after=" + CREATED_AFTER))
                .withHeader("Authorization", equalTo(BASIC)));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(API + "add_run/7")).withRequestBody(equalToJson("{\"name\":\"nightly-api #"
                + run.value() + "\",\"suite_id\":3,\"description\":\"DTF run " + run.value() + " of nightly-api: "
                + "http://localhost:8181/api/v1/runs/" + run.value() + "\\n\\n[dtf-run:" + run.value() + "]\","
                + "\"include_all\":false,\"case_ids\":[1]}")));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(API + "add_results_for_cases/81"))
                .withRequestBody(matchingJsonPath("$.results[0].case_id", equalTo("1"))));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(API + "close_run/81")));
    }

    @Test
    void anOpenMarkedRunOnTheNextPageIsContinuedWithTheResultsOfItsUntestedCasesOnly() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"),
                mapped("paysByCard", TestCaseStatus.FAILED, "C2"));
        String next = "/api/v2/get_runs/7&created_after=" + CREATED_AFTER + "&limit=250&offset=250";
        TESTRAIL.stubFor(get(urlEqualTo(API + "get_runs/7&created_after=" + CREATED_AFTER)).willReturn(json(
                "{\"offset\":0,\"limit\":250,\"size\":250,\"_links\":{\"next\":\"" + next + "\",\"prev\":null},"
                        + "\"runs\":[{\"id\":80,\"name\":\"by hand\",\"description\":null,\"is_completed\":false}]}")));
        TESTRAIL.stubFor(get(urlEqualTo("/index.php?" + next)).willReturn(json(
                "{\"offset\":250,\"limit\":250,\"size\":1,\"_links\":{\"next\":null,\"prev\":\"/api/v2/get_runs/7&limit=250&offset=0\"},"
                        + "\"runs\":[{\"id\":81,\"name\":\"nightly-api #" + run.value() + "\",\"description\":\"DTF run\\n\\n"
                        + "[dtf-run:" + run.value() + "]\",\"is_completed\":false}]}")));
        TESTRAIL.stubFor(get(urlEqualTo(API + "get_tests/81")).willReturn(json(
                "{\"offset\":0,\"limit\":250,\"size\":2,\"_links\":{\"next\":null,\"prev\":null},\"tests\":["
                        + "{\"id\":1001,\"case_id\":1,\"status_id\":1,\"run_id\":81},{\"id\":1002,\"case_id\":2,\"status_id\":3,\"run_id\":81}]}")));
        TESTRAIL.stubFor(post(urlEqualTo(API + "add_results_for_cases/81")).willReturn(json("[{\"id\":2}]")));
        TESTRAIL.stubFor(post(urlEqualTo(API + "close_run/81")).willReturn(json("{\"id\":81,\"is_completed\":true}")));

        testrail.on(completed(run));

        TESTRAIL.verify(1, getRequestedFor(urlEqualTo("/index.php?" + next)).withHeader("Authorization", equalTo(BASIC)));
        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(API + "add_run/7")));
        TESTRAIL.verify(1, getRequestedFor(urlEqualTo(API + "get_tests/81")));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(API + "add_results_for_cases/81")).withRequestBody(equalToJson(
                "{\"results\":[{\"case_id\":2,\"status_id\":5,\"comment\":\"${json-unit.any-string}\",\"elapsed\":\"2s\"}]}")));
        TESTRAIL.verify(1, postRequestedFor(urlEqualTo(API + "close_run/81")));
    }

    @Test
    void aCompletedMarkedRunIsLeftAlone() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"));
        // as TestRail before 6.7 answers: the whole list as a bare array
        TESTRAIL.stubFor(get(urlEqualTo(API + "get_runs/7&created_after=" + CREATED_AFTER)).willReturn(json(
                "[{\"id\":81,\"name\":\"nightly-api\",\"description\":\"[dtf-run:" + run.value() + "]\",\"is_completed\":true}]")));

        testrail.on(completed(run));

        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(API + "add_run/7")));
        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(API + "add_results_for_cases/81")));
        TESTRAIL.verify(0, postRequestedFor(urlEqualTo(API + "close_run/81")));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
