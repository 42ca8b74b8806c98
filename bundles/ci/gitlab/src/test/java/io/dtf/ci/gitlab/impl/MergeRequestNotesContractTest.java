package io.dtf.ci.gitlab.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.gitlab.impl.GitLabFixture.TOKEN;
import static io.dtf.ci.gitlab.impl.GitLabFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The merge request note against a WireMock GitLab that answers as GitLab's REST API reference describes: "Notes API:
 * Merge requests", https://docs.gitlab.com/api/notes/#merge-requests (list {@code GET
 * /projects/:id/merge_requests/:merge_request_iid/notes} with {@code sort} and {@code order_by}, paged as "REST API:
 * Pagination" says with {@code per_page} and a {@code Link} header; create {@code POST .../notes} and modify {@code PUT
 * .../notes/:note_id} with {@code body}, at most 1,000,000 characters; notes have {@code id}, {@code body} and
 * {@code system}), and "Merge requests API: Get single MR", https://docs.gitlab.com/api/merge_requests/#get-single-mr
 * ({@code web_url}).
 */
class MergeRequestNotesContractTest {
    @RegisterExtension
    static final WireMockExtension GITLAB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String MR = "/api/v4/projects/42/merge_requests/7";
    private static final String NOTES = MR + "/notes";
    private static final String MR_PAGE = "https://gitlab.example/acme/shop/-/merge_requests/7";
    private static final String KEY = "dtf-api-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GitLabProvider gitlab;
    private CIContext job;

    @BeforeEach
    void start() {
        String api = GITLAB.baseUrl() + "/api/v4";
        gitlab = GitLabFixture.provider(GitLabFixture.time(), Map.of("apiUrl", api, ".token", TOKEN));
        job = GitLabFixture.mergeRequestJob(api, 7);
        GITLAB.stubFor(get(urlEqualTo(MR)).willReturn(json(200, "{\"id\":1207,\"iid\":7,\"project_id\":42,"
                + "\"web_url\":\"" + MR_PAGE + "\"}")));
    }

    @AfterEach
    void stop() {
        gitlab.deactivate();
    }

    @Test
    void theFirstReportMakesTheNoteAndTheNextEditsItWithOneRequest() throws Exception {
        stubNotes("[" + note(11, "Looks good to me", false) + "]");
        GITLAB.stubFor(post(urlEqualTo(NOTES)).willReturn(json(201, note(301, "made", false))));
        GITLAB.stubFor(put(urlEqualTo(NOTES + "/301")).willReturn(json(200, note(301, "edited", false))));

        URI made = upsert("### ✅ api-tests: running");
        URI edited = upsert("### ❌ api-tests: failure");

        assertEquals(URI.create(MR_PAGE + "#note_301"), made);
        assertEquals(made, edited);
        GITLAB.verify(1, getRequestedFor(urlPathEqualTo(NOTES))
                .withQueryParam("per_page", equalTo("100")).withQueryParam("sort", equalTo("asc"))
                .withQueryParam("order_by", equalTo("created_at")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        GITLAB.verify(1, postRequestedFor(urlEqualTo(NOTES)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson(JSON.writeValueAsString(Map.of("body",
                        CommentMarker.mark(KEY, "### ✅ api-tests: running"))))));
        GITLAB.verify(1, putRequestedFor(urlEqualTo(NOTES + "/301")).withRequestBody(equalToJson(
                JSON.writeValueAsString(Map.of("body", CommentMarker.mark(KEY, "### ❌ api-tests: failure"))))));
    }

    @Test
    void aNoteMadeBeforeIsFoundByItsMarkerOnALaterPageAndEdited() {
        String second = GITLAB.baseUrl() + NOTES + "?order_by=created_at&page=2&per_page=100&sort=asc";
        GITLAB.stubFor(get(urlPathEqualTo(NOTES)).withQueryParam("page", equalTo("2")).willReturn(json(200, "["
                + note(40, "<!-- dtf:comment:dtf-other-run -->\nother run", false) + ","
                + note(41, CommentMarker.mark(KEY, "old"), false) + "]")));
        GITLAB.stubFor(get(urlPathEqualTo(NOTES)).withQueryParam("page", absent()).willReturn(json(200, "[" + note(12, CommentMarker.mark(KEY, "quoted by GitLab"), true) + "]")
                        .withHeader("Link", "<" + second + ">; rel=\"next\"")));
        GITLAB.stubFor(put(urlEqualTo(NOTES + "/41")).willReturn(json(200, note(41, "edited", false))));

        assertEquals(URI.create(MR_PAGE + "#note_41"), upsert("new"));

        GITLAB.verify(2, getRequestedFor(urlPathEqualTo(NOTES)));
        GITLAB.verify(1, putRequestedFor(urlEqualTo(NOTES + "/41")));
        GITLAB.verify(0, postRequestedFor(urlEqualTo(NOTES)));
        GITLAB.verify(0, putRequestedFor(urlEqualTo(NOTES + "/40")));
        GITLAB.verify(0, putRequestedFor(urlEqualTo(NOTES + "/12")));
    }

    @Test
    void aNoteWhoseMakingWasNotAnsweredIsEditedWhenTheReportIsRepeated() {
        GITLAB.stubFor(get(urlPathEqualTo(NOTES)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "[]")));
        GITLAB.stubFor(post(urlEqualTo(NOTES)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("made"));
        GITLAB.stubFor(get(urlPathEqualTo(NOTES)).inScenario("lost").whenScenarioStateIs("made")
                .willReturn(json(200, "[" + note(302, CommentMarker.mark(KEY, "first"), false) + "]")));
        GITLAB.stubFor(put(urlEqualTo(NOTES + "/302")).willReturn(json(200, note(302, "edited", false))));

        ExternalSystemResult lost = failure(gitlab.upsertPrComment(job, KEY, "first"));
        assertEquals(Status.UNAVAILABLE, lost.status(), lost.describe());
        URI again = upsert("first");

        assertEquals(URI.create(MR_PAGE + "#note_302"), again);
        GITLAB.verify(1, postRequestedFor(urlEqualTo(NOTES)));
        GITLAB.verify(1, putRequestedFor(urlEqualTo(NOTES + "/302")));
    }

    @Test
    void aNoteDeletedSinceItWasMadeIsMadeAgain() {
        stubNotes("[]");
        GITLAB.stubFor(post(urlEqualTo(NOTES)).inScenario("deleted").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(201, note(303, "made", false))).willSetStateTo("once"));
        GITLAB.stubFor(post(urlEqualTo(NOTES)).inScenario("deleted").whenScenarioStateIs("once")
                .willReturn(json(201, note(304, "made again", false))));
        GITLAB.stubFor(put(urlEqualTo(NOTES + "/303")).willReturn(json(404, "{\"message\":\"404 Not found\"}")));

        upsert("one");
        assertEquals(URI.create(MR_PAGE + "#note_304"), upsert("two"));

        GITLAB.verify(2, postRequestedFor(urlEqualTo(NOTES)));
        GITLAB.verify(2, getRequestedFor(urlPathEqualTo(NOTES)));
    }

    @Test
    void aNoteOfAForkedMergeRequestIsWrittenInTheTargetProject() {
        String target = "/api/v4/projects/17/merge_requests/7";
        GITLAB.stubFor(get(urlEqualTo(target)).willReturn(json(200, "{\"web_url\":\"https://gitlab.example/up/shop/-/merge_requests/7\"}")));
        GITLAB.stubFor(get(urlPathEqualTo(target + "/notes")).willReturn(json(200, "[]")));
        GITLAB.stubFor(post(urlEqualTo(target + "/notes")).willReturn(json(201, note(5, "made", false))));
        CIContext fork = new CIContext("gitlab", "someone/shop", GitLabFixture.SHA, "fix", 7, "1", null,
                Map.of("projectId", "42", "mergeRequestProjectId", "17"));

        URI where = gitlab.upsertPrComment(fork, KEY, "report").orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(URI.create("https://gitlab.example/up/shop/-/merge_requests/7#note_5"), where);
    }

    @Test
    void aReportLongerThanANoteIsCutBetweenLinesAndSaysSo() throws Exception {
        stubNotes("[]");
        GITLAB.stubFor(post(urlEqualTo(NOTES)).willReturn(json(201, note(306, "made", false))));
        String row = "| org.example.SlowTest.case | expected 1 but was 2 |\n";
        String huge = "### ❌ api-tests: failure\n\n" + row.repeat(1_100_000 / row.length());

        upsert(huge);

        LoggedRequest sent = GITLAB.findAll(postRequestedFor(urlEqualTo(NOTES))).get(0);
        String body = JSON.readTree(sent.getBodyAsString()).get("body").asText();
        assertTrue(body.length() <= MergeRequestNotes.BODY_LIMIT, "within GitLab's limit: " + body.length());
        assertTrue(body.length() > MergeRequestNotes.BODY_LIMIT - row.length() - 100, "nothing cut that fits: " + body.length());
        assertTrue(CommentMarker.isMarked(KEY, body));
        assertTrue(body.endsWith("|\n(cut here: a GitLab note holds at most 1,000,000 characters)\n"), body.substring(body.length() - 120));
    }

    @Test
    void notesBeyondGitLabsCreationLimitWaitForTheNextMinuteWhileOtherRequestsGoOn() {
        gitlab.deactivate();
        gitlab = GitLabFixture.provider(GitLabFixture.time(), Map.of("apiUrl", GITLAB.baseUrl() + "/api/v4",
                ".token", TOKEN, "notesPerMinute", 1));
        stubNotes("[]");
        GITLAB.stubFor(post(urlEqualTo(NOTES)).willReturn(json(201, note(307, "made", false))));

        upsert("first run");
        ExternalSystemResult second = failure(gitlab.upsertPrComment(job, "dtf-second-run", "second run"));

        assertEquals(Status.RATE_LIMITED, second.status(), second.describe());
        assertTrue(second.retryAfter().compareTo(Duration.ofSeconds(50)) > 0, "about a minute: " + second.retryAfter());
        GITLAB.verify(1, postRequestedFor(urlEqualTo(NOTES)));
        GITLAB.verify(2, getRequestedFor(urlPathEqualTo(NOTES)));
    }

    @Test
    void everyFailureSaysWhetherToTryAgain() {
        assertEquals(Status.REJECTED, listingAnswered(401, "{\"message\":\"401 Unauthorized\"}").status());
        assertEquals(Status.REJECTED, listingAnswered(403, "{\"message\":\"403 Forbidden\"}").status());
        assertEquals(Status.NOT_FOUND, listingAnswered(404, "{\"message\":\"404 Merge Request Not Found\"}").status());
        assertEquals(Status.UNAVAILABLE, listingAnswered(503, "{\"message\":\"503 Service Unavailable\"}").status());

        GITLAB.resetAll();
        stubNotes("[]");
        GITLAB.stubFor(get(urlEqualTo(MR)).willReturn(json(200, "{\"web_url\":\"" + MR_PAGE + "\"}")));
        GITLAB.stubFor(post(urlEqualTo(NOTES)).willReturn(json(400, "{\"message\":{\"note\":[\"is too long (maximum is 1000000 characters)\"]}}")));
        ExternalSystemResult refused = failure(gitlab.upsertPrComment(job, KEY, "x"));
        assertEquals(Status.REJECTED, refused.status());
        assertTrue(refused.message().contains("is too long"), refused.message());
        GITLAB.stubFor(post(urlEqualTo(NOTES)).willReturn(json(500, "{\"message\":\"500 Internal Server Error\"}")));
        assertEquals(Status.UNAVAILABLE, failure(gitlab.upsertPrComment(job, KEY, "x")).status());
        GITLAB.verify(2, postRequestedFor(urlEqualTo(NOTES)));

        // last: the client keeps to a Retry-After for every call to the server until it has passed
        ExternalSystemResult limited = listingAnswered(429, "{\"message\":\"Retry later\"}");
        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(90), limited.retryAfter());
    }

    @Test
    void aRunThatIsNotForAMergeRequestOrHasABadKeyIsRefusedWithoutARequest() {
        ExternalSystemResult noMergeRequest = failure(gitlab.upsertPrComment(
                GitLabFixture.mergeRequestJob(GITLAB.baseUrl() + "/api/v4", null), KEY, "report"));
        ExternalSystemResult badKey = failure(gitlab.upsertPrComment(job, "api tests", "report"));

        assertEquals(Status.REJECTED, noMergeRequest.status());
        assertTrue(noMergeRequest.message().contains("not for a merge request"), noMergeRequest.message());
        assertEquals(Status.REJECTED, badKey.status());
        assertTrue(badKey.message().contains("'api tests'"), badKey.message());
        assertEquals(List.of(), GITLAB.getAllServeEvents());
    }

    private URI upsert(String markdown) {
        return gitlab.upsertPrComment(job, KEY, markdown).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private ExternalSystemResult listingAnswered(int status, String body) {
        GITLAB.resetAll();
        GITLAB.stubFor(get(urlEqualTo(MR)).willReturn(json(200, "{\"web_url\":\"" + MR_PAGE + "\"}")));
        ResponseDefinitionBuilder answer = json(status, body);
        GITLAB.stubFor(get(urlPathEqualTo(NOTES)).willReturn(status == 429 ? answer.withHeader("Retry-After", "90") : answer));
        return failure(gitlab.upsertPrComment(job, KEY, "report"));
    }

    private static void stubNotes(String page) {
        GITLAB.stubFor(get(urlPathEqualTo(NOTES)).willReturn(json(200, page)));
    }

    private static String note(long id, String body, boolean system) {
        try {
            JsonNode author = JSON.readTree("{\"id\":5,\"username\":\"dtf-bot\"}");
            return JSON.writeValueAsString(Map.of("id", id, "body", body, "system", system, "author", author,
                    "noteable_type", "MergeRequest", "noteable_iid", 7));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
