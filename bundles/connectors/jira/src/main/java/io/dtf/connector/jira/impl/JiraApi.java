package io.dtf.connector.jira.impl;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.connector.ExternalItem;
import io.dtf.http.DtfJson;
import io.dtf.http.JsonHttpClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The calls of Jira's REST API this connector makes, each one request, asynchronous, on the deployment's API version:
 * Cloud's REST API v3 (https://developer.atlassian.com/cloud/jira/platform/rest/v3/) and Data Center's REST API v2
 * (https://docs.atlassian.com/software/jira/docs/api/REST/latest/). They differ in the search (Cloud's
 * {@code POST /search/jql} with {@code nextPageToken}, the old {@code /search} having been removed from Cloud in 2025;
 * Data Center's {@code POST /search} with {@code startAt}) and in rich text (ADF or wiki markup, see {@link RichText}).
 */
final class JiraApi {
    /** The comment property DTF stores the event id of a comment in (Cloud; Data Center gets the text marker only). */
    static final String EVENT_PROPERTY = "dtf.event";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** One page of a search, and the cursor of the next ({@code null} on the last). */
    record Page(List<ExternalItem> issues, String nextCursor) {
    }

    private final JsonHttpClient http;
    private final Deployment deployment;
    private final String site;
    private final ObjectMapper json = DtfJson.mapper();

    JiraApi(JsonHttpClient http, Deployment deployment) {
        this.http = http;
        this.deployment = deployment;
        String base = http.baseUrl().toString();
        this.site = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    Deployment deployment() {
        return deployment;
    }

    /**
     * One page of the issues a JQL query finds, with these fields. Cloud: "Search for issues using JQL enhanced search
     * (POST)", {@code POST /rest/api/3/search/jql} with {@code jql}, {@code maxResults}, {@code fields},
     * {@code nextPageToken} and {@code reconcileIssues} (issue ids whose latest state the search must reflect, for a
     * search right after a write); Data Center: "Search for issues using JQL (POST)", {@code POST /rest/api/2/search}
     * with {@code startAt}, the cursor being the next {@code startAt} while it is below {@code total}.
     */
    CompletableFuture<Page> search(String jql, int limit, String cursor, List<String> fields, List<Long> reconcile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jql", jql);
        body.put("maxResults", limit);
        body.put("fields", fields);
        if (deployment == Deployment.CLOUD) {
            if (cursor != null) {
                body.put("nextPageToken", cursor);
            }
            if (!reconcile.isEmpty()) {
                body.put("reconcileIssues", reconcile);
            }
            return http.post(deployment.api() + "/search/jql").json(body).idempotent(true).asAsync(JsonNode.class)
                    .thenApply(page -> new Page(issues(page), text(page.path("nextPageToken"))));
        }
        int startAt = startAt(cursor);
        body.put("startAt", startAt);
        return http.post(deployment.api() + "/search").json(body).idempotent(true).asAsync(JsonNode.class)
                .thenApply(page -> {
                    List<ExternalItem> found = issues(page);
                    int next = page.path("startAt").asInt(startAt) + found.size();
                    boolean more = !found.isEmpty() && next < page.path("total").asInt(0);
                    return new Page(found, more ? Integer.toString(next) : null);
                });
    }

    /** "Create issue", {@code POST /issue} with {@code fields}; Jira answers {@code id}, {@code key} and {@code self}. */
    CompletableFuture<ExternalItem> create(Map<String, Object> fields) {
        return http.post(deployment.api() + "/issue").json(Map.of("fields", fields)).asAsync(JsonNode.class)
                .thenApply(made -> item(made, fields));
    }

    /** "Get issue", {@code GET /issue/{issueIdOrKey}}. */
    CompletableFuture<ExternalItem> get(String issue) {
        return http.get(deployment.api() + "/issue/{}", issue).asAsync(JsonNode.class).thenApply(this::issue);
    }

    /** "Edit issue", {@code PUT /issue/{issueIdOrKey}} with {@code fields}; 204 without a body. */
    CompletableFuture<Void> update(String issue, Map<String, Object> fields) {
        return http.put(deployment.api() + "/issue/{}", issue).json(Map.of("fields", fields)).sendAsync();
    }

    /** "Delete issue", {@code DELETE /issue/{issueIdOrKey}}; 204. */
    CompletableFuture<Void> delete(String issue) {
        return http.delete(deployment.api() + "/issue/{}", issue).sendAsync();
    }

    /**
     * "Add comment", {@code POST /issue/{issueIdOrKey}/comment} with {@code body} (ADF on v3, wiki text on v2); on
     * Cloud with the event's id as the comment property {@value #EVENT_PROPERTY} ({@code properties}).
     */
    CompletableFuture<ExternalItem> comment(String issue, RichText text, String eventId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("body", text.render(deployment));
        if (eventId != null && deployment == Deployment.CLOUD) {
            body.put("properties", List.of(Map.of("key", EVENT_PROPERTY, "value", Map.of("id", eventId))));
        }
        return http.post(deployment.api() + "/issue/{}/comment", issue).json(body).asAsync(JsonNode.class)
                .thenApply(made -> new ExternalItem("comment", made.path("id").asText(), null,
                        URI.create(site + "/browse/" + JsonHttpClient.encodeSegment(issue) + "?focusedCommentId="
                                + made.path("id").asText()), Map.of("issue", issue)));
    }

    /** "Get comments", {@code GET /issue/{issueIdOrKey}/comment}, the newest 100 first: their bodies. */
    CompletableFuture<List<JsonNode>> latestComments(String issue) {
        return http.get(deployment.api() + "/issue/{}/comment", issue).query("orderBy", "-created")
                .query("maxResults", 100).asAsync(JsonNode.class)
                .thenApply(page -> {
                    List<JsonNode> bodies = new ArrayList<>();
                    page.path("comments").forEach(comment -> bodies.add(comment.path("body")));
                    return bodies;
                });
    }

    /** "Get transitions", {@code GET /issue/{issueIdOrKey}/transitions}: the transitions the issue can take now. */
    CompletableFuture<List<JsonNode>> transitions(String issue) {
        return http.get(deployment.api() + "/issue/{}/transitions", issue).asAsync(JsonNode.class)
                .thenApply(answer -> {
                    List<JsonNode> all = new ArrayList<>();
                    answer.path("transitions").forEach(all::add);
                    return all;
                });
    }

    /** "Transition issue", {@code POST /issue/{issueIdOrKey}/transitions} with {@code {"transition": {"id": ...}}}; 204. */
    CompletableFuture<Void> transition(String issue, String transitionId) {
        return http.post(deployment.api() + "/issue/{}/transitions", issue)
                .json(Map.of("transition", Map.of("id", transitionId))).sendAsync();
    }

    /** "Get current user", {@code GET /myself}. */
    CompletableFuture<JsonNode> myself() {
        return http.get(deployment.api() + "/myself").asAsync(JsonNode.class);
    }

    /** "Get project", {@code GET /project/{projectIdOrKey}}. */
    CompletableFuture<JsonNode> project(String key) {
        return http.get(deployment.api() + "/project/{}", key).asAsync(JsonNode.class);
    }

    /** "Get Jira instance info", {@code GET /serverInfo}. */
    CompletableFuture<JsonNode> serverInfo() {
        return http.get(deployment.api() + "/serverInfo").asAsync(JsonNode.class);
    }

    Map<String, Object> map(JsonNode node) {
        return node == null || !node.isObject() ? Map.of() : json.convertValue(node, MAP);
    }

    /** An issue as Jira returns it (search, get): {@code id}, {@code key}, {@code fields}. */
    ExternalItem issue(JsonNode issue) {
        return item(issue, map(issue.path("fields")));
    }

    private ExternalItem item(JsonNode issue, Map<String, Object> fields) {
        String key = text(issue.path("key"));
        return new ExternalItem("issue", issue.path("id").asText(), key,
                key == null ? null : URI.create(site + "/browse/" + JsonHttpClient.encodeSegment(key)), fields);
    }

    private List<ExternalItem> issues(JsonNode page) {
        List<ExternalItem> found = new ArrayList<>();
        page.path("issues").forEach(issue -> found.add(issue(issue)));
        return found;
    }

    private static int startAt(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            int startAt = Integer.parseInt(cursor);
            if (startAt >= 0) {
                return startAt;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException("not a cursor of a Jira Data Center search (a startAt): '" + cursor + "'");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank() ? null : node.asText();
    }
}
