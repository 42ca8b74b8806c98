package io.dtf.ci.github.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.HttpAuth;
import io.dtf.http.Pagination;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One comment per key on a pull request, kept up to date (https://docs.github.com/en/rest/issues/comments): a pull
 * request's conversation comments are its issue's. The comment is found again by its {@link CommentMarker} among
 * the pull request's comments ({@code GET .../issues/{issue_number}/comments}, every page), then edited
 * ({@code PATCH .../issues/comments/{comment_id}}), or made when there is none ({@code POST}); its id is kept in
 * memory (bounded) so that the next upsert is one {@code PATCH}. A comment deleted meanwhile (404) is found or made
 * again; a post whose answer was lost is found by its marker the next time, never posted twice. Upserts of one
 * comment run one after the other. Thread-safe; its memory is shared with the views of other credentials.
 */
final class PrComments {
    /** GitHub's longest comment body. */
    static final int BODY_LIMIT = 65_536;
    /** The most comments read to find the marked one. */
    static final int MAX_COMMENTS = 10_000;

    /** A comment made or found: its id and where people see it. */
    record Comment(long id, URI url) {
    }

    /** What is kept of the comments made or found, and the order of upserts of one comment. */
    record Memory(BoundedCache<String, Comment> comments, KeyedSequence sequence) {
        Memory() {
            this(new BoundedCache<>(10_000), new KeyedSequence());
        }
    }

    private final GitHubHttp http;
    private final Credentials credentials;
    private final Memory memory;

    PrComments(GitHubHttp http, Credentials credentials, Memory memory) {
        this.http = http;
        this.credentials = credentials;
        this.memory = memory;
    }

    PrComments with(Credentials other) {
        return new PrComments(http, other, memory);
    }

    CompletableFuture<URI> upsert(CIContext context, String key, String markdown) {
        Repo repo = Repo.of(context);
        if (context.pullRequest() == null) {
            throw new ExternalSystemException(ExternalSystemResult.rejected("no_pull_request",
                    "the run's CI context names no pull request of " + repo + " to comment on"));
        }
        int number = context.pullRequest();
        String body = body(key, markdown);
        String cacheKey = repo.key() + "#" + number + "#" + key;
        return memory.sequence().run(cacheKey, () -> credentials.send(repo, auth -> {
            Comment known = memory.comments().get(cacheKey);
            CompletableFuture<Comment> written = known == null ? findOrPost(repo, number, key, body, auth)
                    : patch(repo, known.id(), body, auth).exceptionallyCompose(failure -> {
                        if (Credentials.status(failure) != 404) {
                            return CompletableFuture.failedFuture(failure);
                        }
                        memory.comments().remove(cacheKey); // deleted meanwhile
                        return findOrPost(repo, number, key, body, auth);
                    });
            return written.thenApply(comment -> {
                memory.comments().put(cacheKey, comment);
                return comment.url();
            });
        }));
    }

    private CompletableFuture<Comment> findOrPost(Repo repo, int number, String key, String body, HttpAuth auth) {
        return http.request("GET", "/repos/{}/{}/issues/{}/comments", repo.owner(), repo.name(), number)
                .query("per_page", 100).auth(auth)
                .paginate(Pagination.linkHeader(), JsonNode.class).maxItems(MAX_COMMENTS).collectAsync()
                .thenCompose(comments -> {
                    for (JsonNode comment : comments) {
                        if (CommentMarker.isMarked(key, comment.path("body").asText(null))) {
                            return patch(repo, comment.path("id").asLong(), body, auth);
                        }
                    }
                    return http.creating("POST", "/repos/{}/{}/issues/{}/comments", repo.owner(), repo.name(), number)
                            .auth(auth).json(Map.of("body", body)).asAsync(JsonNode.class).thenApply(PrComments::comment);
                });
    }

    private CompletableFuture<Comment> patch(Repo repo, long id, String body, HttpAuth auth) {
        return http.creating("PATCH", "/repos/{}/{}/issues/comments/{}", repo.owner(), repo.name(), id).auth(auth)
                .json(Map.of("body", body)).idempotent(true).asAsync(JsonNode.class).thenApply(PrComments::comment);
    }

    private static Comment comment(JsonNode answer) {
        String url = answer.path("html_url").asText(null);
        return new Comment(answer.path("id").asLong(), url == null ? null : URI.create(url));
    }

    /** The marked body, within GitHub's limit: a longer report is cut at a line, saying so. */
    static String body(String key, String markdown) {
        String body = CommentMarker.mark(key, markdown);
        if (body.length() <= BODY_LIMIT) {
            return body;
        }
        String cut = "\n\n… (cut: GitHub keeps at most " + BODY_LIMIT + " characters of a comment)\n";
        String head = body.substring(0, BODY_LIMIT - cut.length());
        int line = head.lastIndexOf('\n');
        return (line > CommentMarker.of(key).length() ? head.substring(0, line) : head) + cut;
    }
}
