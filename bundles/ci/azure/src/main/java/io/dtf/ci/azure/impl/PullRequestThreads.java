package io.dtf.ci.azure.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.CommentMarker;
import io.dtf.http.JsonHttpClient;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

/**
 * One thread per comment key on an Azure Repos pull request (Git API 7.1, "Pull Request Threads":
 * https://learn.microsoft.com/en-us/rest/api/azure/devops/git/pull-request-threads?view=azure-devops-rest-7.1): the
 * thread whose first comment starts with the key's {@link CommentMarker} is found among the pull request's threads
 * and its first comment edited; only when there is none is a thread made. A thread made by a request whose answer
 * was lost is found again the next time, so a repeated call edits it instead of making another.
 */
final class PullRequestThreads {
    /** The longest comment Azure DevOps takes ("A discussion comment cannot be longer than 150000 characters"). */
    static final int CONTENT_LIMIT = 150_000;
    /** Thread status {@code active} and comment type {@code text}, as the API's enums number them. */
    static final int ACTIVE = 1;
    static final int TEXT = 1;

    /** Body of "Pull Request Thread Comments - Update". */
    record CommentUpdate(String content) {
    }

    /** A comment of a new thread. */
    record NewComment(int parentCommentId, String content, int commentType) {
    }

    /** Body of "Pull Request Threads - Create". */
    record NewThread(List<NewComment> comments, int status) {
    }

    private record Found(long threadId, long commentId) {
    }

    private PullRequestThreads() {
    }

    static CompletableFuture<URI> upsert(AzureApi api, URI organization, String project, String repositoryId,
                                         int pullRequestId, String key, String markdown) {
        String content = fit(CommentMarker.mark(key, markdown));
        String threads = "/{}/_apis/git/repositories/{}/pullRequests/{}/threads";
        return api.get(threads, project, repositoryId, pullRequestId).asAsync(JsonNode.class).thenCompose(list -> {
            Optional<Found> found = AzureApi.values(list).stream()
                    .filter(thread -> !thread.path("isDeleted").asBoolean(false))
                    .flatMap(thread -> first(thread).filter(c -> CommentMarker.isMarked(key, c.path("content").asText(null)))
                            .map(c -> new Found(thread.path("id").asLong(), c.path("id").asLong())).stream())
                    .findFirst();
            if (found.isPresent()) {
                long threadId = found.get().threadId();
                return api.patch(threads + "/{}/comments/{}", project, repositoryId, pullRequestId, threadId,
                                found.get().commentId()).idempotent(true).json(new CommentUpdate(content))
                        .sendAsync().thenApply(done -> link(organization, project, repositoryId, pullRequestId, threadId));
            }
            return api.post(threads, project, repositoryId, pullRequestId)
                    .json(new NewThread(List.of(new NewComment(0, content, TEXT)), ACTIVE)).asAsync(JsonNode.class)
                    .thenApply(made -> link(organization, project, repositoryId, pullRequestId, made.path("id").asLong()));
        });
    }

    /** A thread's first comment: the one with the lowest id that is not deleted. */
    private static Optional<JsonNode> first(JsonNode thread) {
        return StreamSupport.stream(thread.path("comments").spliterator(), false)
                .filter(c -> !c.path("isDeleted").asBoolean(false))
                .min(Comparator.comparingLong(c -> c.path("id").asLong()));
    }

    /** The comment within {@link #CONTENT_LIMIT}: whole lines, then a line saying it was cut. */
    static String fit(String content) {
        if (content.length() <= CONTENT_LIMIT) {
            return content;
        }
        String note = "\n\n*(cut to the 150,000 characters Azure DevOps keeps in a comment; the whole report is in DTF)*\n";
        String head = content.substring(0, CONTENT_LIMIT - note.length());
        int lineEnd = head.lastIndexOf('\n');
        return (lineEnd > 0 ? head.substring(0, lineEnd) : head) + note;
    }

    /** The pull request's page, opened at the thread. */
    private static URI link(URI organization, String project, String repositoryId, int pullRequestId, long threadId) {
        return URI.create(organization + "/" + JsonHttpClient.encodeSegment(project) + "/_git/"
                + JsonHttpClient.encodeSegment(repositoryId) + "/pullrequest/" + pullRequestId
                + "?discussionId=" + threadId);
    }
}
