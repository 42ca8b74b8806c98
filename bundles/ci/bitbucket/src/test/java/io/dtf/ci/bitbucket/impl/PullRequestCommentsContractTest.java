package io.dtf.ci.bitbucket.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.TOKEN;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.done;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.error;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.failure;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pull request comment against a WireMock Bitbucket Cloud that answers as its REST API reference describes: "Pull
 * requests", https://developer.atlassian.com/cloud/bitbucket/rest/api-group-pullrequests/ (list {@code GET
 * /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments}, paged as "Pagination" says with
 * {@code pagelen} and each page's {@code next} URL; create {@code POST .../comments} and update {@code PUT
 * .../comments/{comment_id}} with {@code content.raw}; a comment has {@code id}, {@code content.raw}, {@code deleted},
 * {@code inline} when it is on the diff, and {@code links.html.href}).
 */
class PullRequestCommentsContractTest {
    @RegisterExtension
    static final WireMockExtension BITBUCKET = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String COMMENTS = "/2.0/repositories/acme/shop/pullrequests/7/comments";
    private static final String KEY = "dtf-api-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BitbucketProvider bitbucket;
    private CIContext pipeline;

    @BeforeEach
    void start() {
        bitbucket = BitbucketFixture.provider(BITBUCKET.baseUrl() + "/2.0", Map.of());
        pipeline = BitbucketFixture.pipeline(7);
    }

    @AfterEach
    void stop() {
        bitbucket.deactivate();
    }

    @Test
    void theFirstReportMakesTheCommentAndTheNextEditsItWithOneRequest() throws Exception {
        stubComments(page(null, comment(11, "LGTM", false, false)));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).willReturn(json(201, comment(501, "made", false, false))));
        BITBUCKET.stubFor(put(urlEqualTo(COMMENTS + "/501")).willReturn(json(200, comment(501, "edited", false, false))));

        URI made = upsert("### ✅ api-tests: running");
        URI edited = upsert("### ❌ api-tests: failure");

        assertEquals(link(501), made);
        assertEquals(made, edited);
        BITBUCKET.verify(1, getRequestedFor(urlPathEqualTo(COMMENTS)).withQueryParam("pagelen", equalTo("100"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        BITBUCKET.verify(1, postRequestedFor(urlEqualTo(COMMENTS)).withRequestBody(equalToJson(JSON.writeValueAsString(
                Map.of("content", Map.of("raw", CommentMarker.mark(KEY, "### ✅ api-tests: running")))))));
        BITBUCKET.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/501")).withRequestBody(equalToJson(JSON.writeValueAsString(
                Map.of("content", Map.of("raw", CommentMarker.mark(KEY, "### ❌ api-tests: failure")))))));
    }

    @Test
    void aCommentMadeBeforeIsFoundByItsMarkerOnTheNextPageAndEdited() {
        String next = BITBUCKET.baseUrl() + COMMENTS + "?pagelen=100&page=2";
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).withQueryParam("page", absent()).willReturn(json(200, page(next,
                comment(20, CommentMarker.mark(KEY, "deleted one"), true, false),
                comment(21, CommentMarker.mark(KEY, "on the diff"), false, true)))));
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).withQueryParam("page", equalTo("2")).willReturn(json(200, page(null,
                comment(22, CommentMarker.mark("dtf-other-run", "other"), false, false),
                comment(23, CommentMarker.mark(KEY, "old"), false, false)))));
        BITBUCKET.stubFor(put(urlEqualTo(COMMENTS + "/23")).willReturn(json(200, comment(23, "edited", false, false))));

        assertEquals(link(23), upsert("new"));

        BITBUCKET.verify(2, getRequestedFor(urlPathEqualTo(COMMENTS)));
        BITBUCKET.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
        BITBUCKET.verify(1, putRequestedFor(urlPathEqualTo(COMMENTS + "/23")));
        for (int other : new int[] {20, 21, 22}) {
            BITBUCKET.verify(0, putRequestedFor(urlPathEqualTo(COMMENTS + "/" + other)));
        }
    }

    @Test
    void aCommentWhoseMakingWasNotAnsweredIsEditedWhenTheReportIsRepeated() {
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, page(null))));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("made"));
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).inScenario("lost").whenScenarioStateIs("made")
                .willReturn(json(200, page(null, comment(502, CommentMarker.mark(KEY, "first"), false, false)))));
        BITBUCKET.stubFor(put(urlEqualTo(COMMENTS + "/502")).willReturn(json(200, comment(502, "edited", false, false))));

        ExternalSystemResult lost = failure(bitbucket.upsertPrComment(pipeline, KEY, "first"));
        assertEquals(Status.UNAVAILABLE, lost.status(), lost.describe());
        URI again = upsert("first");

        assertEquals(link(502), again);
        BITBUCKET.verify(1, postRequestedFor(urlEqualTo(COMMENTS)));
        BITBUCKET.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/502")));
    }

    @Test
    void aCommentDeletedSinceItWasMadeIsMadeAgain() {
        stubComments(page(null));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).inScenario("deleted").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(201, comment(503, "made", false, false))).willSetStateTo("once"));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).inScenario("deleted").whenScenarioStateIs("once")
                .willReturn(json(201, comment(504, "made again", false, false))));
        BITBUCKET.stubFor(put(urlEqualTo(COMMENTS + "/503")).willReturn(error(404, "No such comment")));

        upsert("one");
        assertEquals(link(504), upsert("two"));

        BITBUCKET.verify(2, postRequestedFor(urlEqualTo(COMMENTS)));
        BITBUCKET.verify(2, getRequestedFor(urlPathEqualTo(COMMENTS)));
    }

    @Test
    void withoutALinkInBitbucketsAnswerTheLinkIsTheCommentsAnchorOnThePullRequest() {
        stubComments(page(null));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).willReturn(json(201, "{\"id\":506,\"content\":{\"raw\":\"x\"}}")));

        assertEquals(URI.create(BITBUCKET.baseUrl() + "/acme/shop/pull-requests/7#comment-506"), upsert("report"));
    }

    @Test
    void aLongReportIsCutBetweenLinesAndSaysSo() throws Exception {
        stubComments(page(null));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).willReturn(json(201, comment(505, "made", false, false))));
        String row = "| org.example.SlowTest.case | expected 1 but was 2 |\n";

        upsert("### ❌ api-tests: failure\n\n" + row.repeat(1_000));

        String raw = JSON.readTree(BITBUCKET.findAll(postRequestedFor(urlEqualTo(COMMENTS))).get(0).getBodyAsString())
                .get("content").get("raw").asText();
        assertTrue(raw.length() <= PullRequestComments.BODY_LIMIT, "at most the limit: " + raw.length());
        assertTrue(raw.length() > PullRequestComments.BODY_LIMIT - row.length() - 100, "nothing cut that fits: " + raw.length());
        assertTrue(raw.endsWith("|\n(cut here: DTF keeps a Bitbucket comment to 32,000 characters)\n"));
        assertTrue(CommentMarker.isMarked(KEY, raw));
    }

    @Test
    void everyFailureSaysWhetherToTryAgainAndARunWithoutPullRequestIsRefusedAtOnce() {
        assertEquals(Status.REJECTED, listingAnswered(error(401, "Unauthorized")).status());
        assertEquals(Status.REJECTED, listingAnswered(error(403, "Forbidden")).status());
        assertEquals(Status.NOT_FOUND, listingAnswered(error(404, "No such pull request")).status());
        assertEquals(Status.UNAVAILABLE, listingAnswered(error(500, "Something went wrong")).status());
        ExternalSystemResult limited = listingAnswered(error(429, "Rate limit exceeded").withHeader("Retry-After", "300"));
        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());

        BITBUCKET.resetAll();
        ExternalSystemResult noPullRequest = failure(bitbucket.upsertPrComment(BitbucketFixture.pipeline(null), KEY, "x"));
        assertEquals(Status.REJECTED, noPullRequest.status());
        assertTrue(noPullRequest.message().contains("not for a pull request"), noPullRequest.message());
        assertEquals(List.of(), BITBUCKET.getAllServeEvents());
    }

    private ExternalSystemResult listingAnswered(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(answer));
        return failure(bitbucket.upsertPrComment(pipeline, KEY, "report"));
    }

    private URI upsert(String markdown) {
        return done(bitbucket.upsertPrComment(pipeline, KEY, markdown));
    }

    private static void stubComments(String page) {
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, page)));
    }

    private static URI link(long id) {
        return URI.create("https://bitbucket.org/acme/shop/pull-requests/7#comment-" + id);
    }

    private static String page(String next, String... comments) {
        return "{\"pagelen\":100,\"values\":[" + String.join(",", comments) + "]"
                + (next == null ? "" : ",\"next\":\"" + next + "\"") + "}";
    }

    private static String comment(long id, String raw, boolean deleted, boolean inline) {
        try {
            Map<String, Object> comment = new java.util.LinkedHashMap<>(Map.of("id", id, "type", "pullrequest_comment",
                    "deleted", deleted, "content", Map.of("raw", raw, "markup", "markdown", "html", "<p>…</p>"),
                    "links", Map.of("html", Map.of("href", link(id).toString()))));
            if (inline) {
                comment.put("inline", Map.of("path", "src/Main.java", "to", 12));
            }
            return JSON.writeValueAsString(comment);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
