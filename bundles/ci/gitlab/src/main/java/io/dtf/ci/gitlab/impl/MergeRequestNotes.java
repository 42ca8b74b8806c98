package io.dtf.ci.gitlab.impl;

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
 * One note per key on a merge request, written again in place (GitLab's Notes API, "Merge requests"): found by its
 * {@link CommentMarker} among the merge request's notes ({@code GET .../notes?sort=asc}, every page), then edited
 * ({@code PUT .../notes/:note_id}) or, when there is none, made ({@code POST .../notes}). The note's id is kept for the
 * next report of the same key, so that an update costs one request; a note deleted since is looked for again.
 *
 * <p>A note whose making was not answered (the connection dropped after GitLab made it) is found by its marker when
 * the report is repeated, and edited: a run never gets two.
 */
final class MergeRequestNotes {
    /** The longest note GitLab takes. */
    static final int BODY_LIMIT = 1_000_000;
    /** The rate-limit target of note creation, which GitLab limits apart from other requests. */
    static final String CREATION = "gitlab-note-creation";
    /** How many notes' ids are kept (the most recently used). */
    private static final int REMEMBERED = 1_000;

    private record Place(String project, int mergeRequest, String key) {
    }

    private record Note(long id, URI url) {
    }

    private final JsonHttpClient http;
    private final Map<Place, Note> known = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Place, Note> eldest) {
            return size() > REMEMBERED;
        }
    });

    MergeRequestNotes(JsonHttpClient http) {
        this.http = http;
    }

    CompletableFuture<URI> upsert(CIContext context, String key, String markdown) {
        if (context.pullRequest() == null) {
            return ExternalResults.rejected("invalid_context", "the run is not for a merge request: there is no note to write");
        }
        String project = Projects.ofMergeRequest(context);
        if (project == null) {
            return ExternalResults.rejected("invalid_context", "the run's GitLab context names no project (projectId or repository)");
        }
        String body;
        try {
            body = TextLimit.within(CommentMarker.mark(key, markdown), BODY_LIMIT,
                    "(cut here: a GitLab note holds at most 1,000,000 characters)");
        } catch (IllegalArgumentException badKey) {
            return ExternalResults.rejected("invalid_context", badKey.getMessage());
        }
        Place place = new Place(project, context.pullRequest(), key);
        Note note = known.get(place);
        String content = body;
        return Failures.external(() -> note == null ? findOrCreate(place, content)
                : edit(place, note, content).exceptionallyCompose(failure -> deleted(failure) ? findOrCreate(place, content)
                        : CompletableFuture.failedFuture(failure)));
    }

    private CompletableFuture<URI> findOrCreate(Place place, String body) {
        CompletableFuture<Long> found = http.get("/projects/{}/merge_requests/{}/notes", place.project(), place.mergeRequest())
                .query("per_page", 100).query("sort", "asc").query("order_by", "created_at")
                .paginate(Pagination.linkHeader(), JsonNode.class).collectAsync()
                .thenApply(notes -> marked(notes, place.key()));
        CompletableFuture<String> page = http.get("/projects/{}/merge_requests/{}", place.project(), place.mergeRequest())
                .asAsync(JsonNode.class).thenApply(request -> request.path("web_url").asText(""));
        return found.thenCompose(id -> page.thenCompose(url -> id != null
                ? edit(place, new Note(id, noteUrl(url, id)), body) : create(place, url, body)));
    }

    private CompletableFuture<URI> edit(Place place, Note note, String body) {
        return http.put("/projects/{}/merge_requests/{}/notes/{}", place.project(), place.mergeRequest(), note.id())
                .json(Map.of("body", body)).sendAsync()
                .thenApply(done -> remember(place, note));
    }

    private CompletableFuture<URI> create(Place place, String mergeRequestUrl, String body) {
        return http.post("/projects/{}/merge_requests/{}/notes", place.project(), place.mergeRequest())
                .target(CREATION).json(Map.of("body", body)).asAsync(JsonNode.class)
                .thenApply(made -> {
                    long id = made.path("id").asLong();
                    return remember(place, new Note(id, noteUrl(mergeRequestUrl, id)));
                });
    }

    private URI remember(Place place, Note note) {
        known.put(place, note);
        return note.url();
    }

    /** The id of the first note of this key that a person or DTF wrote (not GitLab's own system notes), or null. */
    private static Long marked(List<JsonNode> notes, String key) {
        for (JsonNode note : notes) {
            if (!note.path("system").asBoolean(false) && CommentMarker.isMarked(key, note.path("body").asText(null))) {
                return note.path("id").asLong();
            }
        }
        return null;
    }

    /** Where people see a note: on its merge request's page, at its anchor. */
    private URI noteUrl(String mergeRequestUrl, long id) {
        return URI.create((mergeRequestUrl.isBlank() ? http.baseUrl().toString() : mergeRequestUrl) + "#note_" + id);
    }

    private static boolean deleted(Throwable failure) {
        DtfHttpException answer = ExternalResults.answer(failure);
        return answer != null && answer.status() == 404;
    }
}
