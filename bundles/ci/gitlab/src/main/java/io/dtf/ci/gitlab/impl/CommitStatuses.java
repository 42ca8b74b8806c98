package io.dtf.ci.gitlab.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dtf.http.ExternalResults;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.task.CIContext;
import io.dtf.http.DtfHttpException;
import io.dtf.http.JsonHttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commit statuses through {@code POST /projects/:id/statuses/:sha} (GitLab's "Set the pipeline status of a commit"):
 * a status per name, shown as an external job of the job's pipeline ({@code pipeline_id}) and on the merge request.
 *
 * <p>GitLab keeps a running or pending status and moves it on; asked to move it where it is already (running again
 * after running, as a repeated report asks), it answers 400 "Cannot transition status via :run from :running". That
 * answer means the status already shows what was asked, so it counts as done; so does pending asked for a status
 * already running (a late repeat of the run's start). A finished status is never moved on: GitLab makes another of
 * the same name, and shows the older as retried. So a finished status is set only when the latest of its name
 * ({@code GET /projects/:id/repository/commits/:sha/statuses}) does not already show it, and is not sent twice by
 * the HTTP client: a repeated report changes nothing.
 */
final class CommitStatuses {
    /** The longest name, description and target URL GitLab stores. */
    static final int FIELD_LIMIT = 255;
    private static final Pattern REFUSED_TRANSITION = Pattern.compile("Cannot transition status via :\\w+ from :(\\w+)");

    private final JsonHttpClient http;

    CommitStatuses(JsonHttpClient http) {
        this.http = http;
    }

    CompletableFuture<Void> set(CIContext context, CommitStatus status) {
        String project = Projects.ofPipeline(context);
        if (project == null) {
            return ExternalResults.rejected("invalid_context", "the run's GitLab context names no project (projectId or repository)");
        }
        if (context.commit() == null || context.commit().isBlank()) {
            return ExternalResults.rejected("invalid_context", "the run's GitLab context names no commit");
        }
        String state = state(status.status());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        body.put("name", ReportMarkdown.oneLine(status.name(), FIELD_LIMIT));
        body.put("description", ReportMarkdown.oneLine(status.description(), FIELD_LIMIT));
        if (status.link() != null && status.link().toString().length() <= FIELD_LIMIT) {
            body.put("target_url", status.link().toString());
        }
        String pipeline = context.attribute("pipelineId");
        if (pipeline != null && pipeline.strip().matches("\\d+")) {
            body.put("pipeline_id", Long.parseLong(pipeline.strip()));
        } else if (context.branch() != null && !context.branch().isBlank()) {
            body.put("ref", context.branch());
        }
        String sha = context.commit().strip();
        if (!status.status().isFinal()) {
            // GitLab moves its running or pending status on, so a lost answer may be asked again
            return Failures.external(() -> post(project, sha, body, true)
                    .exceptionallyCompose(failure -> alreadyThere(failure, state) ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(failure)));
        }
        // a finished status is not moved on but made anew: set it only when the latest of its name is not it already
        return Failures.external(() -> latest(project, sha, body)
                .thenCompose(shown -> same(shown, body) ? CompletableFuture.completedFuture(null)
                        : post(project, sha, body, false)));
    }

    private CompletableFuture<Void> post(String project, String sha, Map<String, Object> body, boolean idempotent) {
        return http.post("/projects/{}/statuses/{}", project, sha).json(body).idempotent(idempotent).sendAsync();
    }

    /** The latest status of the body's name (in its pipeline, when it names one), or a missing node. */
    private CompletableFuture<JsonNode> latest(String project, String sha, Map<String, Object> body) {
        return http.get("/projects/{}/repository/commits/{}/statuses", project, sha)
                .query("name", body.get("name")).query("pipeline_id", body.get("pipeline_id"))
                .query("order_by", "id").query("sort", "desc").query("per_page", 1)
                .asAsync(JsonNode.class).thenApply(statuses -> statuses == null ? MissingNode.getInstance() : statuses.path(0));
    }

    private static boolean same(JsonNode shown, Map<String, Object> body) {
        return shown.path("status").asText("").equals(body.get("state"))
                && shown.path("description").asText("").equals(body.get("description"))
                && shown.path("target_url").asText("").equals(body.getOrDefault("target_url", ""));
    }

    /** GitLab's word for a status. */
    static String state(BuildStatus status) {
        return switch (status) {
            case PENDING -> "pending";
            case RUNNING -> "running";
            case SUCCESS -> "success";
            case FAILURE, ERROR -> "failed";
            case CANCELLED -> "canceled";
        };
    }

    private static boolean alreadyThere(Throwable failure, String state) {
        DtfHttpException answer = ExternalResults.answer(failure);
        if (answer == null || answer.status() != 400) {
            return false;
        }
        Matcher refused = REFUSED_TRANSITION.matcher(answer.body());
        if (!refused.find()) {
            return false;
        }
        String current = refused.group(1);
        return current.equals(state) || state.equals("pending") && current.equals("running");
    }
}
