package io.dtf.ci.bitbucket.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.ExternalResults;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.task.CIContext;
import io.dtf.http.DtfHttpException;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Pagination;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One comment per key on a pull request, written again in place (Bitbucket Cloud's Pull requests API): found by its
 * {@link CommentMarker} in {@code content.raw} among the pull request's comments ({@code GET .../comments?pagelen=100},
 * page after page by each page's {@code next}), then edited ({@code PUT .../comments/{comment_id}}) or, when there is
 * none, made ({@code POST .../comments}). The comment's id and link are kept for the next report of the same key, so
 * that an update costs one request; a comment deleted since is looked for again.
 *
 * <p>A comment whose making was not answered is found by its marker when the report is repeated, and edited: a run
 * never gets two.
 */
final class PullRequestComments {
    /**
     * The longest comment DTF writes: Bitbucket documents no limit but refuses comments of 32,768 characters or more
     * with a 400 (as integrations that hit it report: ovh/cds#5601, The-PR-Agent/pr-agent#1119).
     */
    static final int BODY_LIMIT = 32_000;
    private static final String CUT = "\n(cut here: DTF keeps a Bitbucket comment to 32,000 characters)\n";
    /** How many comments' ids are kept (the most recently used). */
    private static final int REMEMBERED = 1_000;

    private record Place(Repository repository, int pullRequest, String key) {
    }

    private record Comment(long id, URI url) {
    }

    private final JsonHttpClient http;
    private final URI web;
    private final Map<Place, Comment> known = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Place, Comment> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** @param web Bitbucket's web site, for a comment's link when an answer has none */
    PullRequestComments(JsonHttpClient http, URI web) {
        this.http = http;
        this.web = web;
    }

    CompletableFuture<URI> upsert(CIContext context, String key, String markdown) {
        if (context.pullRequest() == null) {
            return ExternalResults.rejected("invalid_context", "the run is not for a pull request: there is no comment to write");
        }
        Repository repository = Repository.of(context);
        if (repository == null) {
            return ExternalResults.rejected("invalid_context", Repository.MISSING);
        }
        String body;
        try {
            body = CommentMarker.mark(key, markdown);
        } catch (IllegalArgumentException badKey) {
            return ExternalResults.rejected("invalid_context", badKey.getMessage());
        }
        if (body.length() > BODY_LIMIT) {
            int cut = body.lastIndexOf('\n', BODY_LIMIT - CUT.length());
            body = body.substring(0, cut < 0 ? BODY_LIMIT - CUT.length() : cut) + CUT;
        }
        Place place = new Place(repository, context.pullRequest(), key);
        Comment comment = known.get(place);
        String content = body;
        return Failures.external(() -> comment == null ? findOrCreate(place, content)
                : edit(place, comment.id(), content).exceptionallyCompose(failure -> deleted(failure)
                        ? findOrCreate(place, content) : CompletableFuture.failedFuture(failure)));
    }

    private CompletableFuture<URI> findOrCreate(Place place, String body) {
        return http.get("/repositories/{}/{}/pullrequests/{}/comments", place.repository().workspace(),
                        place.repository().slug(), place.pullRequest())
                .query("pagelen", 100)
                .paginate(Pagination.nextUrl("/values", "/next"), JsonNode.class).collectAsync()
                .thenCompose(comments -> {
                    Long id = marked(comments, place.key());
                    return id != null ? edit(place, id, body) : create(place, body);
                });
    }

    private CompletableFuture<URI> edit(Place place, long id, String body) {
        return http.put("/repositories/{}/{}/pullrequests/{}/comments/{}", place.repository().workspace(),
                        place.repository().slug(), place.pullRequest(), id)
                .json(content(body)).asAsync(JsonNode.class)
                .thenApply(edited -> remember(place, edited));
    }

    private CompletableFuture<URI> create(Place place, String body) {
        return http.post("/repositories/{}/{}/pullrequests/{}/comments", place.repository().workspace(),
                        place.repository().slug(), place.pullRequest())
                .json(content(body)).asAsync(JsonNode.class)
                .thenApply(made -> remember(place, made));
    }

    /** Keeps the comment Bitbucket answered with; its link is where people see it. */
    private URI remember(Place place, JsonNode comment) {
        long id = comment.path("id").asLong();
        String link = comment.path("links").path("html").path("href").asText("");
        Comment kept = new Comment(id, link.isBlank() ? anchor(place, id) : URI.create(link));
        known.put(place, kept);
        return kept.url();
    }

    /** The comment on the pull request's page, as Bitbucket links it. */
    private URI anchor(Place place, long id) {
        return URI.create(web + "/" + JsonHttpClient.encodeSegment(place.repository().workspace()) + "/"
                + JsonHttpClient.encodeSegment(place.repository().slug()) + "/pull-requests/" + place.pullRequest()
                + "#comment-" + id);
    }

    private static Map<String, Object> content(String body) {
        return Map.of("content", Map.of("raw", body));
    }

    /** The id of the first comment of this key that is neither deleted nor inline on the diff, or null. */
    private static Long marked(List<JsonNode> comments, String key) {
        for (JsonNode comment : comments) {
            if (!comment.path("deleted").asBoolean(false) && comment.path("inline").isMissingNode()
                    && CommentMarker.isMarked(key, comment.path("content").path("raw").asText(null))) {
                return comment.path("id").asLong();
            }
        }
        return null;
    }

    private static boolean deleted(Throwable failure) {
        DtfHttpException answer = ExternalResults.answer(failure);
        return answer != null && answer.status() == 404;
    }
}
