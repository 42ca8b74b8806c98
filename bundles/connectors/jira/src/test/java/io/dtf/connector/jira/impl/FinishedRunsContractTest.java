package io.dtf.connector.jira.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.jira.impl.JiraFixture.json;
import static io.dtf.connector.jira.impl.StoredRuns.MAIN;
import static io.dtf.connector.jira.impl.StoredRuns.completed;
import static io.dtf.connector.jira.impl.StoredRuns.passed;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TestId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls a finished run's report adds to a test's own ({@link CloudContractTest}, {@link DataCenterContractTest}):
 * the search for the project's open DTF issues by the label they share, every page, then the test that passed again
 * moved on. As the references say:
 * <ul>
 * <li>Jira Cloud REST API v3, "Issue search: Search for issues using JQL enhanced search (POST)",
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post:
 * {@code POST /rest/api/3/search/jql} with {@code jql}, {@code maxResults}, {@code fields}, and the previous answer's
 * {@code nextPageToken} for the next page; the last page has none ({@code isLast});</li>
 * <li>Jira Data Center REST API v2, "Search for issues using JQL (POST)",
 * https://docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search-searchUsingSearchRequest:
 * {@code POST /rest/api/2/search} with {@code startAt}, answering {@code startAt}, {@code maxResults}, {@code total};</li>
 * <li>labels: "Issues: Create issue" sets the {@code labels} field, a list of strings without spaces
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post), searched
 * with the JQL field {@code labels} ("JQL fields: Labels",
 * https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Labels).</li>
 * </ul>
 */
class FinishedRunsContractTest {
    @RegisterExtension
    static final WireMockExtension JIRA = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String OPEN_DTF_ISSUES = "project = \"SHOP\" AND labels = \"dtf-test\" AND statusCategory != Done "
            + "ORDER BY created ASC";
    private static final String FIELDS = "[\"summary\",\"status\",\"labels\",\"issuetype\",\"created\",\"updated\"]";
    private static final String LOGS_IN = TestIssues.label("dtf-test-", TestId.of("org.example.ShopTest", "logsIn"));

    private final StoredRuns runs = new StoredRuns();
    private JiraConnector jira;

    @AfterEach
    void stop() {
        jira.deactivate();
        runs.close();
    }

    @Test
    void cloudPagesThroughTheOpenDtfIssuesByNextPageTokenAndMovesOnTheIssueOfATestThatPasses() throws Exception {
        String api = "/rest/api/3";
        jira = connector(Map.of("deployment", "cloud", "email", JiraFixture.EMAIL, ".apiToken", JiraFixture.API_TOKEN));
        JIRA.stubFor(post(urlEqualTo(api + "/search/jql")).withRequestBody(matchingJsonPath("$.jql", equalTo(OPEN_DTF_ISSUES)))
                .willReturn(json(200, "{\"issues\":[" + issue("10001", "SHOP-1", "dtf-test-aaaaaaaaaaaa")
                        + "],\"nextPageToken\":\"CAEaAggD\",\"isLast\":false}")));
        JIRA.stubFor(post(urlEqualTo(api + "/search/jql")).withRequestBody(matchingJsonPath("$.nextPageToken", equalTo("CAEaAggD")))
                .willReturn(json(200, "{\"issues\":[" + issue("10002", "SHOP-2", LOGS_IN) + "],\"isLast\":true}")));
        stubPass(api, "{\"issues\":[" + issue("10002", "SHOP-2", LOGS_IN) + "],\"isLast\":true}");
        RunId run = runs.run("nightly-api", MAIN, passed("logsIn"), passed("listsItems"));

        jira.on(completed(run));

        JIRA.verify(1, postRequestedFor(urlEqualTo(api + "/search/jql")).withHeader("Authorization", equalTo(JiraFixture.BASIC))
                .withRequestBody(equalToJson("{\"jql\":\"" + OPEN_DTF_ISSUES.replace("\"", "\\\"") + "\",\"maxResults\":100,"
                        + "\"fields\":" + FIELDS + "}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(api + "/search/jql")).withRequestBody(equalToJson("{\"jql\":\""
                + OPEN_DTF_ISSUES.replace("\"", "\\\"") + "\",\"maxResults\":100,\"fields\":" + FIELDS
                + ",\"nextPageToken\":\"CAEaAggD\"}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(api + "/issue/SHOP-2/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(api + "/issue/SHOP-2/comment"))
                .withRequestBody(matchingJsonPath("$.properties[0].value.id",
                        equalTo(run.value() + ":RUN_COMPLETED/" + TestId.of("org.example.ShopTest", "logsIn").value()))));
        JIRA.verify(0, postRequestedFor(urlEqualTo(api + "/issue/SHOP-1/transitions")));
    }

    @Test
    void dataCenterPagesThroughTheOpenDtfIssuesByStartAt() throws Exception {
        String api = "/rest/api/2";
        jira = connector(Map.of("deployment", "datacenter", ".token", JiraFixture.PAT));
        JIRA.stubFor(post(urlEqualTo(api + "/search")).withRequestBody(matchingJsonPath("$.jql", equalTo(OPEN_DTF_ISSUES)))
                .withRequestBody(matchingJsonPath("$.startAt", equalTo("0")))
                .willReturn(json(200, "{\"startAt\":0,\"maxResults\":100,\"total\":2,\"issues\":["
                        + issue("10001", "SHOP-1", "dtf-test-aaaaaaaaaaaa") + "]}")));
        JIRA.stubFor(post(urlEqualTo(api + "/search")).withRequestBody(matchingJsonPath("$.jql", equalTo(OPEN_DTF_ISSUES)))
                .withRequestBody(matchingJsonPath("$.startAt", equalTo("1")))
                .willReturn(json(200, "{\"startAt\":1,\"maxResults\":100,\"total\":2,\"issues\":["
                        + issue("10002", "SHOP-2", LOGS_IN) + "]}")));
        stubPass(api, "{\"startAt\":0,\"maxResults\":1,\"total\":1,\"issues\":[" + issue("10002", "SHOP-2", LOGS_IN) + "]}");

        jira.on(completed(runs.run("nightly-api", MAIN, passed("logsIn"))));

        JIRA.verify(1, postRequestedFor(urlEqualTo(api + "/search")).withHeader("Authorization", equalTo("Bearer " + JiraFixture.PAT))
                .withRequestBody(equalToJson("{\"jql\":\"" + OPEN_DTF_ISSUES.replace("\"", "\\\"") + "\",\"maxResults\":100,"
                        + "\"fields\":" + FIELDS + ",\"startAt\":1}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(api + "/issue/SHOP-2/transitions")));
    }

    /** The calls of report_pass for SHOP-2: found by its test's label, moved through Done with a comment. */
    private static void stubPass(String api, String found) {
        String search = api.endsWith("3") ? api + "/search/jql" : api + "/search";
        JIRA.stubFor(post(urlEqualTo(search)).withRequestBody(matchingJsonPath("$.jql", equalTo("project = \"SHOP\" AND labels = \""
                + LOGS_IN + "\" AND statusCategory != Done ORDER BY created ASC"))).willReturn(json(200, found)));
        JIRA.stubFor(get(urlEqualTo(api + "/issue/SHOP-2/transitions")).willReturn(json(200,
                "{\"transitions\":[{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\"}}]}")));
        JIRA.stubFor(get(urlPathEqualTo(api + "/issue/SHOP-2/comment")).willReturn(json(200, "{\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(api + "/issue/SHOP-2/comment")).willReturn(json(201, "{\"id\":\"10100\"}")));
        JIRA.stubFor(post(urlEqualTo(api + "/issue/SHOP-2/transitions")).willReturn(json(204, "")));
    }

    private JiraConnector connector(Map<String, Object> credentials) {
        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", JIRA.baseUrl(), "projectKey", "SHOP",
                "reportRuns", new String[] {"run_name=~nightly-.*"}));
        settings.putAll(credentials);
        return JiraFixture.connector(runs.store, JiraFixture.time(), settings);
    }

    private static String issue(String id, String key, String label) {
        return "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"a test fails\",\"status\":{\"name\":"
                + "\"To Do\",\"statusCategory\":{\"key\":\"new\"}},\"labels\":[\"dtf\",\"dtf-test\",\"" + label + "\"]}}";
    }
}
