package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paged lists as vendors page them. References: RFC 8288 and GitHub's "Using pagination in the REST API"
 * (Link header, rel="next"); Slack's "Pagination" (cursor in response_metadata.next_cursor, sent back as
 * cursor, "" at the end); Jira Cloud's GET /rest/api/3/search/jql (nextPageToken, absent on the last page).
 */
class PaginationContractTest {
    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl()))
            .auth(HttpAuth.bearer("ghp-pages-token-01")).build();

    @AfterEach
    void close() {
        http.close();
    }

    record Issue(int number) {
    }

    @Test
    void linkHeaderPaginationFollowsRelNextAcrossThreePages() {
        stubGithubIssuePages();
        List<Issue> issues = issues().toList();
        assertEquals(List.of(new Issue(1), new Issue(2), new Issue(3), new Issue(4), new Issue(5)), issues);
        SERVER.verify(3, getRequestedFor(urlPathEqualTo("/repos/o/r/issues")).withQueryParam("per_page", equalTo("2"))
                .withHeader("Authorization", equalTo("Bearer ghp-pages-token-01")));
    }

    @Test
    void pagesAreFetchedOnlyAsTheItemsAreUsedAndMaxItemsBoundsThem() {
        stubGithubIssuePages();
        Iterator<Issue> it = issues().iterator();
        assertEquals(new Issue(1), it.next());
        assertEquals(1, SERVER.getAllServeEvents().size(), "one page so far");
        assertEquals(List.of(new Issue(1), new Issue(2), new Issue(3)), issues().maxItems(3).toList());
        assertEquals(1 + 2, SERVER.getAllServeEvents().size(), "the third page is not fetched for 3 items");
    }

    @Test
    void linkHeaderPagesCollectedAsynchronously() throws Exception {
        stubGithubIssuePages();
        assertEquals(5, issues().collectAsync().get(5, TimeUnit.SECONDS).size());
        assertEquals(List.of(new Issue(1), new Issue(2), new Issue(3), new Issue(4)),
                issues().maxItems(4).collectAsync().get(5, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheCollectionAbortsThePageBeingFetched() throws Exception {
        SERVER.stubFor(get(urlPathEqualTo("/slow")).willReturn(json("[1]").withFixedDelay(5_000)));
        SERVER.stubFor(get(urlPathEqualTo("/fast")).willReturn(json("[2]")));
        try (JsonHttpClient one = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).maxConnections(1).build()) {
            java.util.concurrent.CompletableFuture<List<Integer>> all = one.get("/slow")
                    .paginate(Pagination.linkHeader(), Integer.class).collectAsync();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (SERVER.getAllServeEvents().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the first page is asked for");
                Thread.sleep(10);
            }
            all.cancel(true);
            // the one connection is free at once, not after the 5 s page
            assertEquals(List.of(2), one.get("/fast").paginate(Pagination.linkHeader(), Integer.class).collectAsync()
                    .get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void slackCursorPagination() {
        SERVER.stubFor(get(urlPathEqualTo("/api/conversations.list")).withQueryParam("cursor", absent())
                .willReturn(json("{\"ok\":true,\"channels\":[{\"id\":\"C1\"},{\"id\":\"C2\"}],"
                        + "\"response_metadata\":{\"next_cursor\":\"dGVhbTpDMDYxRkE1UEI=\"}}")));
        SERVER.stubFor(get(urlPathEqualTo("/api/conversations.list")).withQueryParam("cursor", equalTo("dGVhbTpDMDYxRkE1UEI="))
                .willReturn(json("{\"ok\":true,\"channels\":[{\"id\":\"C3\"}],\"response_metadata\":{\"next_cursor\":\"\"}}")));
        List<String> ids = http.get("/api/conversations.list").query("limit", 2)
                .paginate(Pagination.cursor("/channels", "cursor", "/response_metadata/next_cursor"), JsonNode.class)
                .stream().map(c -> c.get("id").asText()).toList();
        assertEquals(List.of("C1", "C2", "C3"), ids);
        SERVER.verify(2, getRequestedFor(urlPathEqualTo("/api/conversations.list")).withQueryParam("limit", equalTo("2")));
    }

    @Test
    void jiraNextPageTokenPagination() {
        SERVER.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", absent())
                .willReturn(json("{\"issues\":[{\"key\":\"DTF-1\"}],\"nextPageToken\":\"tok 2\"}")));
        SERVER.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", equalTo("tok 2"))
                .willReturn(json("{\"issues\":[{\"key\":\"DTF-2\"}],\"isLast\":true}")));
        List<String> keys = http.get("/rest/api/3/search/jql").query("jql", "project = DTF")
                .paginate(Pagination.cursor("/issues", "nextPageToken", "/nextPageToken"), JsonNode.class)
                .stream().map(i -> i.get("key").asText()).toList();
        assertEquals(List.of("DTF-1", "DTF-2"), keys);
        SERVER.verify(2, getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("jql", equalTo("project = DTF")));
    }

    @Test
    void aPageWithoutItemsWhereTheyShouldBeIsAnErrorShowingTheVendorsAnswer() {
        SERVER.stubFor(get(urlPathEqualTo("/api/conversations.list")).willReturn(json("{\"ok\":false,\"error\":\"invalid_auth\"}")));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/api/conversations.list")
                .paginate(Pagination.cursor("/channels", "cursor", "/response_metadata/next_cursor"), JsonNode.class).toList());
        assertTrue(e.getMessage().contains("has no array of items at /channels: {\"ok\":false,\"error\":\"invalid_auth\"}"),
                e.getMessage());
    }

    @Test
    void aNextLinkToAnotherServerIsNotFollowedWithTheCredentials() {
        // another server on this machine (nothing listens there): were it followed, the call would fail otherwise
        SERVER.stubFor(get(urlPathEqualTo("/list")).willReturn(json("[1]")
                .withHeader("Link", "<http://127.0.0.1:9/list?page=2>; rel=\"next\"")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> http.get("/list").paginate(Pagination.linkHeader(), Integer.class).toList());
        assertTrue(e.getMessage().contains("is on another server"), e.getMessage());
        assertEquals(1, SERVER.getAllServeEvents().size());
    }

    private Paged<Issue> issues() {
        return http.get("/repos/o/r/issues").query("per_page", 2).paginate(Pagination.linkHeader(), Issue.class);
    }

    private static void stubGithubIssuePages() {
        String base = SERVER.baseUrl() + "/repos/o/r/issues?per_page=2";
        SERVER.stubFor(get(urlPathEqualTo("/repos/o/r/issues")).withQueryParam("page", absent())
                .willReturn(json("[{\"number\":1,\"title\":\"a\"},{\"number\":2}]").withHeader("Link",
                        "<" + base + "&page=2>; rel=\"next\", <" + base + "&page=3>; rel=\"last\"")));
        SERVER.stubFor(get(urlPathEqualTo("/repos/o/r/issues")).withQueryParam("page", equalTo("2"))
                .willReturn(json("[{\"number\":3},{\"number\":4}]").withHeader("Link", "<" + base
                        + "&page=1>; rel=\"prev\", <" + base + "&page=3>; rel=\"next\", <" + base + "&page=1>; rel=\"first\"")));
        SERVER.stubFor(get(urlPathEqualTo("/repos/o/r/issues")).withQueryParam("page", equalTo("3"))
                .willReturn(json("[{\"number\":5}]").withHeader("Link", "<" + base + "&page=2>; rel=\"prev\"")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
