package io.dtf.ci.github.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.connector.ExternalSystemResult;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pull request comment as GitHub's reference describes issue comments (a pull request's conversation is its
 * issue's): "List issue comments" (https://docs.github.com/en/rest/issues/comments#list-issue-comments: per_page at
 * most 100, pages linked by the Link header), "Create an issue comment"
 * (https://docs.github.com/en/rest/issues/comments#create-an-issue-comment) and "Update an issue comment"
 * (https://docs.github.com/en/rest/issues/comments#update-an-issue-comment); the body at most 65536 characters.
 */
class PrCommentsContractTest extends GitHubContract {
    private static final String COMMENTS = "/repos/acme/shop/issues/42/comments";
    private static final String COMMENT_77 = "/repos/acme/shop/issues/comments/77";
    private static final String URL_77 = "https://github.com/acme/shop/pull/42#issuecomment-77";
    private static final String KEY = "dtf-nightly";

    @BeforeEach
    void stubWrites() {
        GITHUB.stubFor(post(urlPathEqualTo(COMMENTS)).willReturn(json(201,
                "{\"id\":77,\"html_url\":\"" + URL_77 + "\",\"body\":\"...\"}")));
        GITHUB.stubFor(patch(urlPathEqualTo(COMMENT_77)).willReturn(json(200,
                "{\"id\":77,\"html_url\":\"" + URL_77 + "\",\"body\":\"...\"}")));
    }

    @Test
    void theFirstUpsertPostsAMarkedCommentAndTheSecondEditsItWithOneRequest() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "[" + comment(5, "LGTM") + "]")));
        GitHubCIProvider github = provider(tokenConfig());

        assertEquals(URI.create(URL_77), done(github.upsertPrComment(context(), KEY, "### ❌ nightly: failure")));
        GITHUB.resetRequests();
        assertEquals(URI.create(URL_77), done(github.upsertPrComment(context(), KEY, "### ✅ nightly: success")));

        List<LoggedRequest> second = received();
        assertEquals(1, second.size(), "one PATCH, no lookup");
        assertEquals("PATCH", second.get(0).getMethod().getName());
        assertEquals(COMMENT_77, second.get(0).getUrl());
        assertGitHubHeaders(second.get(0), PAT);
        assertEquals(CommentMarker.mark(KEY, "### ✅ nightly: success"), body(second.get(0)).path("body").asText());
    }

    @Test
    void thePostIsMarkedAndTheListIsAskedForAHundredAPage() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "[]")));

        done(provider(tokenConfig()).upsertPrComment(context(), KEY, "report"));

        LoggedRequest list = received("GET", COMMENTS).get(0);
        assertGitHubHeaders(list, PAT);
        assertEquals("100", list.queryParameter("per_page").firstValue());
        LoggedRequest post = received("POST", COMMENTS).get(0);
        assertGitHubHeaders(post, PAT);
        assertEquals("<!-- dtf:comment:dtf-nightly -->\nreport", body(post).path("body").asText());
    }

    @Test
    void aCommentWhosePostAnswerWasLostIsFoundByItsMarkerAndNeverPostedTwice() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "[]")));
        GITHUB.stubFor(post(urlPathEqualTo(COMMENTS)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("posted"));
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).inScenario("lost").whenScenarioStateIs("posted")
                .willReturn(json(200, "[" + comment(5, "LGTM") + "," + comment(77, CommentMarker.mark(KEY, "old")) + "]")));
        GitHubCIProvider github = provider(tokenConfig());

        ExternalSystemResult lost = failure(github.upsertPrComment(context(), KEY, "report"));
        assertTrue(lost.retryable(), "an answer lost is tried again: " + lost);
        assertEquals(URI.create(URL_77), done(github.upsertPrComment(context(), KEY, "report")));

        assertEquals(1, received("POST", COMMENTS).size(), "posted once");
        assertEquals(1, received("PATCH", COMMENT_77).size(), "then found and edited");
    }

    @Test
    void theMarkedCommentIsFoundOnALaterPage() throws Exception {
        String page2 = GITHUB.baseUrl() + COMMENTS + "?per_page=100&page=2";
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(json(200, "[" + comment(5, "LGTM") + "]")
                        .withHeader("Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")));
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2"))
                .willReturn(json(200, "[" + comment(77, CommentMarker.mark(KEY, "old")) + "]")));

        done(provider(tokenConfig()).upsertPrComment(context(), KEY, "report"));

        assertEquals(2, received("GET", COMMENTS).size());
        received("GET", COMMENTS).forEach(page -> assertGitHubHeaders(page, PAT));
        assertEquals(0, received("POST", COMMENTS).size());
        assertEquals(1, received("PATCH", COMMENT_77).size());
    }

    @Test
    void aCommentDeletedMeanwhileIsMadeAgain() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "[]")));
        GitHubCIProvider github = provider(tokenConfig());
        done(github.upsertPrComment(context(), KEY, "first"));
        GITHUB.stubFor(patch(urlPathEqualTo(COMMENT_77)).willReturn(json(404, "{\"message\":\"Not Found\"}")));

        done(github.upsertPrComment(context(), KEY, "second"));

        assertEquals(2, received("POST", COMMENTS).size(), "made again after the edit found it gone");
        assertEquals(2, received("GET", COMMENTS).size());
    }

    @Test
    void upsertsOfOneCommentAtOnceMakeOneComment() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "[]").withFixedDelay(300)));
        GitHubCIProvider github = provider(tokenConfig());

        CompletableFuture<URI> first = github.upsertPrComment(context(), KEY, "one");
        CompletableFuture<URI> second = github.upsertPrComment(context(), KEY, "two");
        done(first);
        done(second);

        assertEquals(1, received("POST", COMMENTS).size());
        assertEquals(1, received("PATCH", COMMENT_77).size());
        assertEquals(CommentMarker.mark(KEY, "two"), body(received("PATCH", COMMENT_77).get(0)).path("body").asText(),
                "the later upsert wins");
    }

    @Test
    void aReportLongerThanGitHubAllowsIsCutAtALineSayingSo() throws Exception {
        GITHUB.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "[]")));
        String report = ("| org.example.FooTest.bar | expected 1 but was 2 |\n").repeat(3_000);

        done(provider(tokenConfig()).upsertPrComment(context(), KEY, report));

        String body = body(received("POST", COMMENTS).get(0)).path("body").asText();
        assertTrue(body.length() <= 65_536, "length " + body.length());
        assertTrue(CommentMarker.isMarked(KEY, body));
        assertTrue(body.endsWith("(cut: GitHub keeps at most 65536 characters of a comment)\n"), body.substring(body.length() - 200));
    }

    @Test
    void aRunWithoutAPullRequestIsRejectedWithoutARequest() {
        ExternalSystemResult result = failure(provider(tokenConfig()).upsertPrComment(context(null), KEY, "report"));

        assertEquals(ExternalSystemResult.Status.REJECTED, result.status());
        assertTrue(result.message().contains("no pull request"), result.message());
        assertTrue(received().isEmpty());
    }

    private static String comment(long id, String body) throws Exception {
        return "{\"id\":" + id + ",\"html_url\":\"https://github.com/acme/shop/pull/42#issuecomment-" + id
                + "\",\"body\":" + JSON.writeValueAsString(body) + ",\"user\":{\"login\":\"dtf[bot]\"}}";
    }
}
