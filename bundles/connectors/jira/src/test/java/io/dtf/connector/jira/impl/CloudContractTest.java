package io.dtf.connector.jira.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.jira.impl.JiraFixture.BASIC;
import static io.dtf.connector.jira.impl.JiraFixture.LABEL;
import static io.dtf.connector.jira.impl.JiraFixture.OPEN_ISSUE_JQL;
import static io.dtf.connector.jira.impl.JiraFixture.TEST_ID;
import static io.dtf.connector.jira.impl.JiraFixture.done;
import static io.dtf.connector.jira.impl.JiraFixture.json;
import static io.dtf.connector.jira.impl.JiraFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemQuery;
import io.dtf.api.connector.ItemRef;
import io.dtf.api.connector.RateLimit;
import io.dtf.http.testing.ManualHttpTime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Cloud connector against a WireMock Jira that answers as the Jira Cloud platform REST API v3 reference says,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/:
 * <ul>
 * <li>"Issue search: Search for issues using JQL enhanced search (POST)", {@code POST /rest/api/3/search/jql} with
 * {@code jql}, {@code maxResults}, {@code fields}, {@code nextPageToken}, {@code reconcileIssues}; answers
 * {@code issues}, {@code nextPageToken}, {@code isLast} (api-group-issue-search);</li>
 * <li>"Issues: Create issue", {@code POST /rest/api/3/issue} with {@code fields}, 201 {@code id}, {@code key},
 * {@code self}; "Get issue", "Edit issue" (204), "Delete issue" (204); "Get transitions" and "Transition issue"
 * ({@code {"transition": {"id": ...}}}, 204) (api-group-issues);</li>
 * <li>"Issue comments: Get comments" ({@code orderBy=-created}) and "Add comment" ({@code body} in ADF,
 * {@code properties}) (api-group-issue-comments); "Myself: Get current user"; "Projects: Get project"; "Server info:
 * Get Jira instance info";</li>
 * <li>"Atlassian Document Format" (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/),
 * "Basic auth for REST APIs" (e-mail and API token), "Rate limiting" (429 with {@code Retry-After}) and "Status codes"
 * ({@code errorMessages}, {@code errors}).</li>
 * </ul>
 */
class CloudContractTest {
    @RegisterExtension
    static final WireMockExtension JIRA = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String API = "/rest/api/3";
    private static final String SEARCH = API + "/search/jql";
    private static final String EVENT = "r12.3:1:TASK_FAILED";
    private static final String RUN_LINK = "http://dtf.example:8181/api/v1/runs/r12";
    private static final String STACK = "org.opentest4j.AssertionFailedError: expected 401 but was 200\n"
            + "\tat org.example.LoginTest.wrongPassword(LoginTest.java:42)";

    /** A failure's message, stack trace excerpt and run link in ADF, as the issue's description and a comment have them. */
    private static final String FAILURE_DETAILS = """
            {"type": "codeBlock", "content": [{"type": "text", "text": "expected 401 but was 200"}]},
            {"type": "paragraph", "content": [{"type": "text", "text": "Stack trace (first lines):"}]},
            {"type": "codeBlock", "content": [{"type": "text",
              "text": "org.opentest4j.AssertionFailedError: expected 401 but was 200\\n\\tat org.example.LoginTest.wrongPassword(LoginTest.java:42)"}]},
            {"type": "paragraph", "content": [
              {"type": "text", "text": "Run: "},
              {"type": "text", "text": "http://dtf.example:8181/api/v1/runs/r12",
               "marks": [{"type": "link", "attrs": {"href": "http://dtf.example:8181/api/v1/runs/r12"}}]}]},""";

    private ManualHttpTime time;
    private JiraConnector jira;

    @BeforeEach
    void start() {
        time = JiraFixture.time();
        jira = JiraFixture.cloud(time, JIRA.baseUrl(), Map.of());
    }

    @AfterEach
    void stop() {
        jira.deactivate();
    }

    @Test
    void connectChecksTheAccountAndTheProjectWithBasicAuth() {
        JIRA.stubFor(get(urlEqualTo(API + "/myself")).willReturn(json(200,
                "{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\",\"accountType\":\"atlassian\",\"displayName\":\"QA Bot\","
                        + "\"emailAddress\":\"qa-bot@example.com\",\"active\":true}")));
        JIRA.stubFor(get(urlEqualTo(API + "/project/SHOP")).willReturn(json(200,
                "{\"id\":\"10000\",\"key\":\"SHOP\",\"name\":\"Shop\"}")));
        assertFalse(jira.isConnected());

        ExternalSystemResult connected = ok(jira.connect());

        assertTrue(jira.isConnected());
        assertEquals(Map.of("accountId", "5b10ac8d82e05b22cc7d4ef5", "displayName", "QA Bot", "accountType", "atlassian",
                "project", "SHOP", "projectName", "Shop"), connected.data());
        JIRA.verify(1, getRequestedFor(urlEqualTo(API + "/myself")).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", matching("application/json.*")));
        JIRA.verify(1, getRequestedFor(urlEqualTo(API + "/project/SHOP")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void aFirstFailureOpensOneIssueWithAnAdfDescriptionAndTheTestsLabel() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue")).willReturn(json(201,
                "{\"id\":\"10001\",\"key\":\"SHOP-7\",\"self\":\"" + JIRA.baseUrl() + API + "/issue/10001\"}")));

        ExternalSystemResult reported = ok(reportFailure(EVENT));

        assertEquals("SHOP-7", reported.item().orElseThrow().key());
        assertEquals(URI.create(JIRA.baseUrl() + "/browse/SHOP-7"), reported.item().orElseThrow().url());
        assertEquals("created", reported.data().get("action"));
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(equalToJson("{\"jql\":\"" + OPEN_ISSUE_JQL.replace("\"", "\\\"") + "\",\"maxResults\":1,"
                        + "\"fields\":[\"summary\",\"status\",\"labels\",\"description\"]}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue")).withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalToJson("""
                        {"fields": {
                          "project": {"key": "SHOP"},
                          "issuetype": {"name": "Bug"},
                          "summary": "org.example.LoginTest.wrongPassword fails",
                          "description": {"type": "doc", "version": 1, "content": [
                            {"type": "paragraph", "content": [
                              {"type": "text", "text": "Test "},
                              {"type": "text", "text": "org.example.LoginTest.wrongPassword", "marks": [{"type": "code"}]},
                              {"type": "text", "text": " failed in run "},
                              {"type": "text", "text": "r12", "marks": [{"type": "code"}]},
                              {"type": "text", "text": "."}]},
                            %s
                            {"type": "paragraph", "content": [
                              {"type": "text", "text": "DTF test id "},
                              {"type": "text", "text": "9c1e04b2a1f3d5e7c9b0", "marks": [{"type": "code"}]},
                              {"type": "text", "text": ", label "},
                              {"type": "text", "text": "dtf-test-0850738376c7", "marks": [{"type": "code"}]},
                              {"type": "text", "text": ". Later failures are added as comments; the issue moves on when the test passes again."}]},
                            {"type": "paragraph", "content": [{"type": "text", "text": "DTF event r12.3:1:TASK_FAILED"}]}]},
                          "labels": ["dtf", "dtf-test", "dtf-test-0850738376c7"]}}
                        """.formatted(FAILURE_DETAILS))));
    }

    @Test
    void aRepeatFailureCommentsOnTheOpenIssueInsteadOfOpeningASecond() {
        stubOpenIssue("first failure, another event");
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(200,
                "{\"startAt\":0,\"maxResults\":100,\"total\":0,\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(201, "{\"id\":\"10100\"}")));

        ExternalSystemResult reported = ok(reportFailure("r13.3:1:TASK_FAILED"));

        assertEquals("commented", reported.data().get("action"));
        assertEquals("SHOP-7", reported.item().orElseThrow().key());
        JIRA.verify(0, postRequestedFor(urlEqualTo(API + "/issue")));
        JIRA.verify(1, getRequestedFor(urlPathEqualTo(API + "/issue/SHOP-7/comment"))
                .withQueryParam("orderBy", equalTo("-created")).withQueryParam("maxResults", equalTo("100")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/comment")).withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(equalToJson("""
                        {"body": {"type": "doc", "version": 1, "content": [
                           {"type": "paragraph", "content": [
                             {"type": "text", "text": "Failed again in run "},
                             {"type": "text", "text": "r12", "marks": [{"type": "code"}]},
                             {"type": "text", "text": "."}]},
                           %s
                           {"type": "paragraph", "content": [{"type": "text", "text": "DTF event r13.3:1:TASK_FAILED"}]}]},
                         "properties": [{"key": "dtf.event", "value": {"id": "r13.3:1:TASK_FAILED"}}]}
                        """.formatted(FAILURE_DETAILS))));
    }

    @Test
    void aFailureDeliveredAgainFindsTheIssueItMadeAndWritesNothingMore() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).inScenario("made").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue")).inScenario("made").willSetStateTo("made")
                .willReturn(json(201, "{\"id\":\"10001\",\"key\":\"SHOP-7\"}")));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).inScenario("made").whenScenarioStateIs("made")
                .willReturn(json(200, openIssue("DTF event " + EVENT))));

        assertEquals("created", ok(reportFailure(EVENT)).data().get("action"));
        ExternalSystemResult again = ok(reportFailure(EVENT));

        assertEquals("already_reported", again.data().get("action"));
        assertEquals("SHOP-7", again.item().orElseThrow().key());
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue")));
        JIRA.verify(0, postRequestedFor(urlPathEqualTo(API + "/issue/SHOP-7/comment")));
        // the search right after the write asks Jira to reconcile the issue it made (Cloud's index lags behind writes)
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.reconcileIssues[0]", equalTo("10001"))));
    }

    @Test
    void twoFailuresOfOneTestReportedAtOnceOpenOneIssueAndOneComment() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"issues\":[],\"isLast\":true}").withFixedDelay(300)));
        JIRA.stubFor(post(urlEqualTo(API + "/issue")).inScenario("race").willSetStateTo("made")
                .willReturn(json(201, "{\"id\":\"10001\",\"key\":\"SHOP-7\"}")));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).inScenario("race").whenScenarioStateIs("made")
                .willReturn(json(200, openIssue("DTF event " + EVENT))));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(200, "{\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(201, "{\"id\":\"10100\"}")));

        CompletableFuture<ExternalSystemResult> first = reportFailure(EVENT);
        CompletableFuture<ExternalSystemResult> second = reportFailure("r13.3:1:TASK_FAILED");

        assertEquals("created", ok(first).data().get("action"));
        assertEquals("commented", ok(second).data().get("action"));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/comment")));
    }

    @Test
    void aCommentDeliveredAgainIsFoundByItsEventAndNotWrittenTwice() {
        stubOpenIssue("first failure, another event");
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(200,
                "{\"startAt\":0,\"maxResults\":100,\"total\":1,\"comments\":[{\"id\":\"10100\",\"body\":{\"type\":\"doc\","
                        + "\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"DTF event r13.3:1:TASK_FAILED\"}]}]}}]}")));

        ExternalSystemResult again = ok(reportFailure("r13.3:1:TASK_FAILED"));

        assertEquals("already_reported", again.data().get("action"));
        JIRA.verify(0, postRequestedFor(urlPathEqualTo(API + "/issue/SHOP-7/comment")));
        JIRA.verify(0, postRequestedFor(urlEqualTo(API + "/issue")));
    }

    @Test
    void aPassingTestMovesItsOpenIssueThroughTheConfiguredTransitionWithAComment() {
        stubOpenIssue("first failure");
        stubTransitions();
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(200, "{\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/comment")).willReturn(json(201, "{\"id\":\"10101\"}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-7/transitions")).willReturn(json(204, "")));

        ExternalSystemResult passed = ok(jira.executeOperation("report_pass", Map.of("testId", TEST_ID,
                "className", "org.example.LoginTest", "name", "wrongPassword", "runId", "r14", "eventId", "r14.3:1:TASK_COMPLETED")));

        assertEquals("transitioned", passed.data().get("action"));
        JIRA.verify(1, getRequestedFor(urlEqualTo(API + "/issue/SHOP-7/transitions")).withHeader("Authorization", equalTo(BASIC)));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/comment"))
                .withRequestBody(matchingJsonPath("$.body.content[0].content[1].text", equalTo("org.example.LoginTest.wrongPassword")))
                .withRequestBody(matchingJsonPath("$.body.content[0].content[2].text", equalTo(" passes again in run ")))
                .withRequestBody(matchingJsonPath("$.properties[0].value.id", equalTo("r14.3:1:TASK_COMPLETED"))));
    }

    @Test
    void aFailureOfATestWhoseIssueIsDoneReopensThatIssueWhenATransitionOnFailureIsConfigured() {
        jira.deactivate();
        jira = JiraFixture.cloud(time, JIRA.baseUrl(), Map.of("transitionOnFailure", "Reopen Issue"));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.jql", containing("statusCategory != Done")))
                .willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.jql", containing("statusCategory = Done")))
                .willReturn(json(200, "{\"issues\":[" + issue("10003", "SHOP-3") + "],\"isLast\":true}")));
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-3/transitions")).willReturn(json(200,
                "{\"transitions\":[{\"id\":\"3\",\"name\":\"Reopen Issue\",\"to\":{\"name\":\"Reopened\"}}]}")));
        JIRA.stubFor(get(urlPathEqualTo(API + "/issue/SHOP-3/comment")).willReturn(json(200, "{\"comments\":[]}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-3/comment")).willReturn(json(201, "{\"id\":\"10102\"}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-3/transitions")).willReturn(json(204, "")));

        ExternalSystemResult reported = ok(reportFailure(EVENT));

        assertEquals("reopened", reported.data().get("action"));
        assertEquals("SHOP-3", reported.item().orElseThrow().key());
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.jql", equalTo("project = \"SHOP\" "
                + "AND labels = \"" + LABEL + "\" AND statusCategory = Done ORDER BY updated DESC"))));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-3/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"3\"}}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-3/comment"))
                .withRequestBody(matchingJsonPath("$.body.content[0].content[0].text", equalTo("Failed again in run "))));
        JIRA.verify(0, postRequestedFor(urlEqualTo(API + "/issue")));
    }

    @Test
    void aPassWithoutAnOpenIssueOnlySearches() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));

        ExternalSystemResult passed = ok(jira.executeOperation("report_pass", Map.of("testId", TEST_ID)));

        assertEquals(Map.of("action", "none", "label", LABEL), passed.data());
        assertEquals(1, JIRA.getAllServeEvents().size());
    }

    @Test
    void aTransitionTheIssueCannotTakeIsRefusedNamingTheOnesItCanBeforeAnythingIsWritten() {
        stubOpenIssue("first failure");
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-7/transitions")).willReturn(json(200,
                "{\"transitions\":[{\"id\":\"11\",\"name\":\"Start Progress\",\"to\":{\"name\":\"In Progress\"}}]}")));

        ExternalSystemResult refused = done(jira.executeOperation("report_pass", Map.of("testId", TEST_ID)));

        assertEquals(Status.REJECTED, refused.status());
        assertEquals("invalid_transition", refused.errorCode());
        assertEquals("issue SHOP-7 has no transition 'Done' now; it has: Start Progress", refused.message());
        JIRA.verify(0, postRequestedFor(urlPathEqualTo(API + "/issue/SHOP-7/comment")));
        JIRA.verify(0, postRequestedFor(urlEqualTo(API + "/issue/SHOP-7/transitions")));
    }

    @Test
    void aTransitionIsChosenByTheStatusItLeadsToWhenNoTransitionHasTheName() {
        stubTransitions();
        JIRA.stubFor(post(urlEqualTo(API + "/issue/SHOP-9/transitions")).willReturn(json(204, "")));
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-9/transitions")).willReturn(json(200,
                "{\"transitions\":[{\"id\":\"41\",\"name\":\"Resolve Issue\",\"to\":{\"name\":\"Resolved\"}}]}")));

        ok(jira.executeOperation("transition_issue", Map.of("issue", "SHOP-9", "transition", "resolved")));

        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue/SHOP-9/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"41\"}}")));
    }

    @Test
    void aQueryPagesWithNextPageToken() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.nextPageToken", absent()))
                .willReturn(json(200, "{\"issues\":[" + issue("10001", "SHOP-1") + "," + issue("10002", "SHOP-2") + "],"
                        + "\"nextPageToken\":\"CAEaAggD\",\"isLast\":false}")));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.nextPageToken", equalTo("CAEaAggD")))
                .willReturn(json(200, "{\"issues\":[" + issue("10003", "SHOP-3") + "],\"isLast\":true}")));
        ItemQuery query = ItemQuery.text("issue", "project = SHOP AND labels = dtf").limit(2);

        ExternalSystemResult first = ok(jira.query(query));
        ExternalSystemResult second = ok(jira.query(query.next(first.nextCursor())));

        assertEquals(List.of("SHOP-1", "SHOP-2"), first.items().stream().map(i -> i.key()).toList());
        assertEquals("CAEaAggD", first.nextCursor());
        assertEquals(List.of("SHOP-3"), second.items().stream().map(i -> i.key()).toList());
        assertNull(second.nextCursor());
        assertEquals("Login fails", first.items().get(0).fields().get("summary"));
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(equalToJson("{\"jql\":\"project = SHOP AND labels = dtf\","
                + "\"maxResults\":2,\"fields\":[\"summary\",\"status\",\"labels\",\"issuetype\",\"created\",\"updated\"]}")));
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(equalToJson("{\"jql\":\"project = SHOP AND labels = dtf\","
                + "\"maxResults\":2,\"fields\":[\"summary\",\"status\",\"labels\",\"issuetype\",\"created\",\"updated\"],"
                + "\"nextPageToken\":\"CAEaAggD\"}")));
    }

    @Test
    void aQueryByCriteriaIsJqlWithinTheProject() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));

        ok(jira.query(ItemQuery.matching("issue", Map.of("labels", "dtf"))));

        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.jql",
                equalTo("project = \"SHOP\" AND \"labels\" = \"dtf\" ORDER BY created DESC"))));
    }

    @Test
    void issuesAreMadeReadChangedAndDeleted() {
        JIRA.stubFor(post(urlEqualTo(API + "/issue")).willReturn(json(201, "{\"id\":\"10005\",\"key\":\"SHOP-5\"}")));
        JIRA.stubFor(put(urlEqualTo(API + "/issue/SHOP-5")).willReturn(json(204, "")));
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-5")).willReturn(json(200, issue("10005", "SHOP-5"))));
        JIRA.stubFor(delete(urlEqualTo(API + "/issue/SHOP-5")).willReturn(json(204, "")));

        ExternalSystemResult made = ok(jira.createItem("issue", Map.of("summary", "Checkout is slow", "description", "Seen in r12.")));
        ExternalSystemResult changed = ok(jira.updateItem(new ItemRef("issue", "SHOP-5"), Map.of("labels", List.of("dtf", "slow"))));
        ExternalSystemResult read = ok(jira.getItem(new ItemRef("issue", "SHOP-5")));
        ok(jira.deleteItem(new ItemRef("issue", "SHOP-5")));

        assertEquals("10005", made.item().orElseThrow().id());
        assertEquals("SHOP-5", changed.item().orElseThrow().key());
        assertEquals("Login fails", read.item().orElseThrow().fields().get("summary"));
        JIRA.verify(1, postRequestedFor(urlEqualTo(API + "/issue")).withRequestBody(equalToJson("""
                {"fields": {"summary": "Checkout is slow",
                  "description": {"type": "doc", "version": 1, "content": [
                    {"type": "paragraph", "content": [{"type": "text", "text": "Seen in r12."}]}]},
                  "project": {"key": "SHOP"}, "issuetype": {"name": "Bug"}}}
                """)));
        JIRA.verify(1, putRequestedFor(urlEqualTo(API + "/issue/SHOP-5"))
                .withRequestBody(equalToJson("{\"fields\":{\"labels\":[\"dtf\",\"slow\"]}}")));
        JIRA.verify(1, deleteRequestedFor(urlEqualTo(API + "/issue/SHOP-5")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void systemInfoSaysWhatJiraAndWhoseCredentials() {
        JIRA.stubFor(get(urlEqualTo(API + "/serverInfo")).willReturn(json(200, "{\"baseUrl\":\"https://acme.atlassian.net\","
                + "\"version\":\"1001.0.0-SNAPSHOT\",\"versionNumbers\":[1001,0,0],\"deploymentType\":\"Cloud\","
                + "\"buildNumber\":100289,\"serverTime\":\"2026-12-07T10:00:00.000+0000\",\"scmInfo\":\"abc\","
                + "\"serverTitle\":\"Jira\"}")));
        JIRA.stubFor(get(urlEqualTo(API + "/myself")).willReturn(json(200,
                "{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\",\"displayName\":\"QA Bot\",\"emailAddress\":\"qa-bot@example.com\"}")));

        ExternalSystemResult info = ok(jira.systemInfo());

        assertEquals("Cloud", info.data().get("deploymentType"));
        assertEquals("1001.0.0-SNAPSHOT", info.data().get("version"));
        assertEquals("QA Bot", info.data().get("displayName"));
        assertEquals("cloud", info.data().get("deployment"));
        assertFalse(info.data().containsKey("scmInfo"));
        assertFalse(info.data().containsKey("emailAddress"));
    }

    @Test
    void refusedCredentialsAreRejectedWithJirasMessageAndTheConnectorIsNotConnected() {
        JIRA.stubFor(get(urlEqualTo(API + "/myself")).willReturn(json(200, "{\"accountId\":\"1\"}")));
        JIRA.stubFor(get(urlEqualTo(API + "/project/SHOP")).willReturn(json(200, "{\"key\":\"SHOP\"}")));
        ok(jira.connect());
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(401,
                "{\"errorMessages\":[\"Client must be authenticated to access this resource.\"],\"errors\":{}}")));

        ExternalSystemResult refused = done(reportFailure(EVENT));

        assertEquals(Status.REJECTED, refused.status());
        assertEquals("http_401", refused.errorCode());
        assertTrue(refused.message().contains("Client must be authenticated to access this resource."), refused.message());
        assertFalse(refused.message().contains(JiraFixture.API_TOKEN), refused.message());
        assertFalse(jira.isConnected());
    }

    @Test
    void everyFieldJiraRefusesIsNamed() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));
        JIRA.stubFor(post(urlEqualTo(API + "/issue")).willReturn(json(400, "{\"errorMessages\":[],\"errors\":{"
                + "\"a\":\"one\",\"b\":\"two\",\"c\":\"three\",\"d\":\"four\",\"e\":\"five\","
                + "\"issuetype\":\"Specify an issue type\",\"labels\":\"Field 'labels' cannot be set.\"}}")));

        ExternalSystemResult refused = done(reportFailure(EVENT));

        assertEquals(Status.REJECTED, refused.status());
        assertEquals("http_400", refused.errorCode());
        assertTrue(refused.message().contains("labels: Field 'labels' cannot be set."), refused.message());
    }

    @Test
    void aRateLimitsRetryAfterIsWaitedForThenTheCallGoesOn() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "{\"errorMessages\":[\"Rate limit exceeded.\"]}").withHeader("Retry-After", "5")
                        .withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("RateLimit-Reason", "jira-burst-based"))
                .willSetStateTo("free"));
        JIRA.stubFor(post(urlEqualTo(SEARCH)).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));

        ok(jira.executeOperation("report_pass", Map.of("testId", TEST_ID)));

        assertTrue(time.waits().contains(Duration.ofSeconds(5)), "Retry-After waited for: " + time.waits());
        JIRA.verify(2, postRequestedFor(urlEqualTo(SEARCH)));
    }

    @Test
    void aRetryAfterLongerThanTheCallMayWaitIsRateLimitedWithThatWait() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(429, "{\"errorMessages\":[\"Rate limit exceeded.\"]}")
                .withHeader("Retry-After", "120")));

        ExternalSystemResult limited = done(reportFailure(EVENT));

        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
        assertTrue(limited.retryable());
        JIRA.verify(1, postRequestedFor(urlEqualTo(SEARCH)));
    }

    @Test
    void jiraFailingOnItsSideIsUnavailableAndAMissingIssueNotFound() {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(503, "{\"errorMessages\":[\"Service unavailable\"]}")));
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-404")).willReturn(json(404,
                "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}")));

        ExternalSystemResult down = done(reportFailure(EVENT));
        assertFalse(jira.isConnected());
        ExternalSystemResult missing = done(jira.getItem(new ItemRef("issue", "SHOP-404")));

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertEquals("http_503", down.errorCode());
        assertTrue(down.retryable());
        assertEquals(Status.NOT_FOUND, missing.status(), missing.describe());
        assertTrue(missing.message().contains("Issue does not exist"), missing.message());
    }

    @Test
    void badParametersAreRefusedWithoutARequest() {
        ExternalSystemResult noTest = done(jira.executeOperation("report_failure", Map.of("message", "boom")));
        ExternalSystemResult badLink = done(jira.executeOperation("report_failure", Map.of("testId", TEST_ID, "runLink", "not a url")));
        ExternalSystemResult unknown = done(jira.executeOperation("close_sprint", Map.of()));
        ExternalSystemResult noSummary = done(jira.createItem("issue", Map.of("description", "x")));

        assertEquals("invalid_parameters", noTest.errorCode());
        assertEquals("a test's report needs the parameter 'testId' (or 'className' and 'name')", noTest.message());
        assertTrue(badLink.message().contains("'runLink' must be an http(s) URL"), badLink.message());
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, unknown.errorCode());
        assertTrue(noSummary.message().contains("'summary'"), noSummary.message());
        assertEquals(List.of(), JIRA.getAllServeEvents());
    }

    @Test
    void capabilitiesListEveryOperationAndItem() {
        assertEquals(Set.of("report_failure", "report_pass", "transition_issue", "add_comment", "search"),
                jira.capabilities().operations());
        assertTrue(jira.capabilities().supports("issue", ItemAction.DELETE));
        assertTrue(jira.capabilities().supports("comment", ItemAction.CREATE));
        assertEquals("JQL", jira.capabilities().queryLanguage());
        assertEquals(RateLimit.perSecond(10), jira.capabilities().rateLimit());
    }

    private CompletableFuture<ExternalSystemResult> reportFailure(String eventId) {
        return jira.executeOperation("report_failure", Map.of("testId", TEST_ID, "className", "org.example.LoginTest",
                "name", "wrongPassword", "message", "expected 401 but was 200", "stackTrace", STACK,
                "runId", "r12", "runLink", RUN_LINK, "eventId", eventId));
    }

    private void stubOpenIssue(String descriptionText) {
        JIRA.stubFor(post(urlEqualTo(SEARCH)).willReturn(json(200, openIssue(descriptionText))));
    }

    private static String openIssue(String descriptionText) {
        return "{\"issues\":[{\"id\":\"10001\",\"key\":\"SHOP-7\",\"self\":\"https://acme.atlassian.net/rest/api/3/issue/10001\","
                + "\"fields\":{\"summary\":\"org.example.LoginTest.wrongPassword fails\",\"status\":{\"name\":\"To Do\","
                + "\"statusCategory\":{\"key\":\"new\"}},\"labels\":[\"dtf\",\"" + LABEL + "\"],\"description\":{\"type\":\"doc\","
                + "\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\""
                + descriptionText + "\"}]}]}}}],\"isLast\":true}";
    }

    private void stubTransitions() {
        JIRA.stubFor(get(urlEqualTo(API + "/issue/SHOP-7/transitions")).willReturn(json(200, "{\"transitions\":["
                + "{\"id\":\"11\",\"name\":\"Start Progress\",\"to\":{\"name\":\"In Progress\"}},"
                + "{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}}}]}")));
    }

    private static String issue(String id, String key) {
        return "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"Login fails\",\"labels\":[\"dtf\"]}}";
    }
}
