package io.dtf.connector.jira.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.jira.impl.JiraFixture.LABEL;
import static io.dtf.connector.jira.impl.JiraFixture.OPEN_ISSUE_JQL;
import static io.dtf.connector.jira.impl.JiraFixture.PAT;
import static io.dtf.connector.jira.impl.JiraFixture.TEST_ID;
import static io.dtf.connector.jira.impl.JiraFixture.done;
import static io.dtf.connector.jira.impl.JiraFixture.json;
import static io.dtf.connector.jira.impl.JiraFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemQuery;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Data Center connector against a WireMock Jira that answers as the Jira Data Center REST API v2 reference says,
 * https://docs.atlassian.com/software/jira/docs/api/REST/latest/ ({@code POST /rest/api/2/search} with {@code jql},
 * {@code startAt}, {@code maxResults}, {@code fields}, answering {@code startAt}, {@code maxResults}, {@code total},
 * {@code issues}; {@code POST /rest/api/2/issue}; {@code POST /rest/api/2/issue/{key}/comment} with a wiki-markup
 * {@code body}; {@code GET} and {@code POST /rest/api/2/issue/{key}/transitions}; {@code GET /rest/api/2/myself}), the
 * wiki markup of "Text Formatting Notation Help" ({@code {{monospace}}}, {@code [text|url]}, {@code {noformat}}), and
 * "Using Personal Access Tokens" (https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html:
 * {@code Authorization: Bearer <token>}). The site has a context path, as Data Center installations often do.
 */
class DataCenterContractTest {
    @RegisterExtension
    static final WireMockExtension JIRA = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String API = "/jira/rest/api/2";
    private static final String SEARCH = API + "/search";
    private static final String BEARER = "Bearer " + PAT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JiraConnector jira;

    @BeforeEach
    void start() {
        jira = JiraFixture.dataCenter(JiraFixture.time(), JIRA.baseUrl() + "/jira");
    }

    @AfterEach
    void stop() {
        jira.deactivate();
    }

    @Test
    void connectUsesThePersonalAccessTokenAsBearer() {
        JIRA.stubFor(get(urlEqualTo(API + "/myself")).willReturn(json(200,
                "{\"name\":\"qa-bot\",\"key\":\"JIRAUSER10100\",\"displayName\":\"QA Bot\",\"active\":true}")));
        JIRA.stubFor(get(urlEqualTo(API + "/project/SHOP")).willReturn(json(200, "{\"id\":\"10000\",\"key\":\"SHOP\",\"name\":\"Shop\"}")));

        ExternalSystemResult connected = ok(jira.connect());

        assertEquals("qa-bot", connected.data().get("name"));
        JIRA.verify(1, getRequestedFor(urlEqualTo(API + "/myself")).withHeader("Authorization", equalTo(BEARER)));
    }

    @Test
    void aFirstFailureOpensOneIssueWithAWikiMarkupDescription() throws Exception {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"startAt\":0,\"maxResults\":1,\"total\":0,\"issues\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue")).willReturn(json(201,
                "{\"id\":\"10001\",\"key\":\"SHOP-7\",\"self\":\"" + JIRA.baseUrl() + API + "/issue/10001\"}")));

        ExternalSystemResult reported = ok(jira.executeOperation("report_failure", Map.of("testId", TEST_ID,
                "className", "org.example.LoginTest", "name", "wrongPassword", "message", "expected 401 but was 200",
                "stackTrace", "AssertionFailedError\n\tat org.example.LoginTest.wrongPassword(LoginTest.java:42)",
                "runId", "r12", "runLink", "http://dtf.example:8181/api/v1/runs/r12", "eventId", "r12.3:1:TASK_FAILED")));

        assertEquals(URI.create(JIRA.baseUrl() + "/jira/browse/SHOP-7"), reported.item().orElseThrow().url());
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson(JSON.writeValueAsString(Map.of("jql", OPEN_ISSUE_JQL, "maxResults", 1,
                        "fields", List.of("summary", "status", "labels", "description"), "startAt", 0)))));
        String description = """
                Test {{org.example.LoginTest.wrongPassword}} failed in run {{r12}}.

                {noformat}
                expected 401 but was 200
                {noformat}

                Stack trace (first lines):

                {noformat}
                AssertionFailedError
                \tat org.example.LoginTest.wrongPassword(LoginTest.java:42)
                {noformat}

                Run: [http://dtf.example:8181/api/v1/runs/r12|http://dtf.example:8181/api/v1/runs/r12]

                DTF test id {{9c1e04b2a1f3d5e7c9b0}}, label {{dtf-test-0850738376c7}}. Later failures are added as \
                comments; the issue moves on when the test passes again.

                DTF event r12.3:1:TASK_FAILED""";
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue")).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson(JSON.writeValueAsString(Map.of("fields", Map.of(
                        "project", Map.of("key", "SHOP"), "issuetype", Map.of("name", "Bug"),
                        "summary", "org.example.LoginTest.wrongPassword fails", "description", description,
                        "labels", List.of("dtf", "dtf-test", LABEL)))))));
    }

    @Test
    void aRepeatFailureCommentsInWikiMarkupWithoutCommentProperties() throws Exception {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"startAt\":0,\"maxResults\":1,\"total\":1,\"issues\":["
                + "{\"id\":\"10001\",\"key\":\"SHOP-7\",\"fields\":{\"summary\":\"x fails\",\"description\":\"first\"}}]}")));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(200,
                "{\"startAt\":0,\"maxResults\":100,\"total\":1,\"comments\":[{\"id\":\"1\",\"body\":\"DTF event r11.3:1:TASK_FAILED\"}]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(201, "{\"id\":\"10100\"}")));

        ExternalSystemResult reported = ok(jira.executeOperation("report_failure", Map.of("testId", TEST_ID,
                "message", "still 200", "eventId", "r1.3:1:TASK_FAILED")));

        assertEquals("commented", reported.data().get("action"));
        JIRA.verify(0, postRequestedFor(urlEqualTo(API + "/issue")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/comment")).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson(JSON.writeValueAsString(Map.of("body",
                        "Failed again.\n\n{noformat}\nstill 200\n{noformat}\n\nDTF event r1.3:1:TASK_FAILED")))));
    }

    @Test
    void aPassingTestMovesItsIssueThroughTheTransition() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"startAt\":0,\"maxResults\":1,\"total\":1,\"issues\":["
                + "{\"id\":\"10001\",\"key\":\"SHOP-7\",\"fields\":{\"description\":\"first\"}}]}")));
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-7/transitions")).willReturn(json(200, "{\"expand\":\"transitions\","
                + "\"transitions\":[{\"id\":\"5\",\"name\":\"Resolve Issue\",\"to\":{\"name\":\"Resolved\"}},"
                + "{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\"}}]}")));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(200, "{\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(201, "{\"id\":\"10101\"}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/transitions")).willReturn(json(204, "")));

        ok(jira.executeOperation("report_pass", Map.of("testId", TEST_ID, "name", "wrongPassword", "eventId", "r14:pass")));

        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/transitions")).withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/comment"))
                .withRequestBody(matchingJsonPath("$.body", equalTo("Test {{wrongPassword}} passes again.\n\nDTF event r14:pass"))));
    }

    @Test
    void aCommentWithAnEventIdIsWrittenOnceHoweverOftenItIsAskedFor() throws Exception {
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-9/comment")).inScenario("once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-9/comment")).inScenario("once").willSetStateTo("written")
                .willReturn(json(201, "{\"id\":\"10200\"}")));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-9/comment")).inScenario("once").whenScenarioStateIs("written")
                .willReturn(json(200, "{\"comments\":[{\"id\":\"10200\",\"body\":\"Deployed.\\n\\nDTF event r20:RUN_COMPLETED\"}]}")));
        Map<String, Object> comment = Map.of("issue", "SHOP-9", "body", "Deployed.", "eventId", "r20:RUN_COMPLETED");

        ExternalSystemResult first = ok(jira.executeOperation("add_comment", comment));
        ExternalSystemResult again = ok(jira.executeOperation("add_comment", comment));

        assertEquals("10200", first.item().orElseThrow().id());
        assertEquals("already_commented", again.data().get("action"));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-9/comment"))
                .withRequestBody(equalToJson(JSON.writeValueAsString(Map.of("body", "Deployed.\n\nDTF event r20:RUN_COMPLETED")))));
    }

    @Test
    void aQueryPagesWithStartAtUntilTotal() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.startAt", equalTo("0")))
                .willReturn(json(200, "{\"startAt\":0,\"maxResults\":2,\"total\":3,\"issues\":["
                        + "{\"id\":\"1\",\"key\":\"SHOP-1\",\"fields\":{}},{\"id\":\"2\",\"key\":\"SHOP-2\",\"fields\":{}}]}")));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.startAt", equalTo("2")))
                .willReturn(json(200, "{\"startAt\":2,\"maxResults\":2,\"total\":3,\"issues\":[{\"id\":\"3\",\"key\":\"SHOP-3\",\"fields\":{}}]}")));
        ItemQuery query = ItemQuery.text("issue", "project = SHOP").limit(2);

        ExternalSystemResult first = ok(jira.query(query));
        ExternalSystemResult second = ok(jira.query(query.next(first.nextCursor())));

        assertEquals("2", first.nextCursor());
        assertEquals(List.of("SHOP-3"), second.items().stream().map(i -> i.key()).toList());
        assertNull(second.nextCursor());
        JIRA.verify(2, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.maxResults", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.jql", equalTo("project = SHOP"))));
    }

    @Test
    void aCursorThatIsNoStartAtIsRefusedWithoutARequest() {
        ExternalSystemResult refused = done(jira.query(ItemQuery.text("issue", "project = SHOP").next("CAEaAggD")));

        assertEquals(Status.REJECTED, refused.status());
        assertEquals("invalid_parameters", refused.errorCode());
        assertTrue(refused.message().contains("'CAEaAggD'"), refused.message());
        assertEquals(List.of(), JIRA.getAllServeEvents());
    }
}
