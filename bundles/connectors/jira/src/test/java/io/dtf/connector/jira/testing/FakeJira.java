package io.dtf.connector.jira.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Jira Cloud project that keeps what is done to it, for WireMock to answer from: the calls a test's life makes, as
 * the REST API v3 reference describes them ("Search for issues using JQL enhanced search (POST)", "Create issue", "Get
 * comments", "Add comment", "Get transitions", "Transition issue"). It understands the searches {@link TestIssues} and
 * {@link FinishedRuns} make: {@code labels = "..."} with {@code statusCategory != Done} or {@code = Done}, paged by
 * {@code nextPageToken}. Its workflow has one transition, Done (id 31), from any open status.
 */
public final class FakeJira implements ResponseDefinitionTransformerV2 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("labels = \"([^\"]+)\"");
    private static final Pattern ISSUE = Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)/(comment|transitions)");

    /** One issue as the fake keeps it. */
    public record Issue(String id, String key, List<String> labels, JsonNode description, List<JsonNode> comments,
                 boolean[] done) {
        public boolean isDone() {
            return done[0];
        }
    }

    private final List<Issue> issues = new CopyOnWriteArrayList<>();
    /** Failures to answer with: one request each, after letting some through. */
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

    private static final class Failure {
        final String request;
        final int status;
        int letThrough;

        Failure(String request, int letThrough, int status) {
            this.request = request;
            this.letThrough = letThrough;
            this.status = status;
        }
    }

    public List<Issue> issues() {
        return issues;
    }

    public int comments() {
        return issues.stream().mapToInt(issue -> issue.comments().size()).sum();
    }

    /** After {@code letThrough} requests of {@code method path} are answered as usual, the next one is {@code status}. */
    public void fail(String method, String path, int letThrough, int status) {
        failures.add(new Failure(method + " " + path, letThrough, status));
    }

    @Override
    public String getName() {
        return "fake-jira";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod().getName();
        String path = request.getUrl().replaceFirst("\\?.*$", "");
        for (Failure failure : failures) {
            if (failure.request.equals(method + " " + path) && failure.letThrough-- == 0 && failures.remove(failure)) {
                return json(failure.status, "{\"errorMessages\":[\"injected by the test\"],\"errors\":{}}");
            }
        }
        try {
            JsonNode body = request.getBodyAsString().isEmpty() ? JSON.createObjectNode() : JSON.readTree(request.getBodyAsString());
            if (method.equals("POST") && path.equals("/rest/api/3/search/jql")) {
                return search(body);
            }
            if (method.equals("POST") && path.equals("/rest/api/3/issue")) {
                return create(body.path("fields"));
            }
            Matcher onIssue = ISSUE.matcher(path);
            if (onIssue.matches()) {
                Issue issue = issues.stream().filter(i -> i.key().equals(onIssue.group(1))).findFirst().orElse(null);
                if (issue == null) {
                    return json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"]}");
                }
                return onIssue.group(2).equals("comment") ? comment(issue, method, body) : transition(issue, method, body);
            }
            return json(404, "{\"errorMessages\":[\"no such resource in the fake: " + method + " " + path + "\"]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResponseDefinition search(JsonNode body) {
        String jql = body.path("jql").asText();
        Matcher label = LABEL.matcher(jql);
        if (!label.find()) {
            return json(400, "{\"errorMessages\":[\"the fake knows searches by label only: " + jql + "\"]}");
        }
        boolean done = jql.contains("statusCategory = Done");
        List<Issue> found = new ArrayList<>();
        for (Issue issue : issues) {
            if (issue.labels().contains(label.group(1)) && issue.isDone() == done) {
                found.add(issue);
            }
        }
        int from = body.hasNonNull("nextPageToken") ? Integer.parseInt(body.path("nextPageToken").asText()) : 0;
        int to = Math.min(found.size(), from + body.path("maxResults").asInt(50));
        ObjectNode page = JSON.createObjectNode();
        ArrayNode list = page.putArray("issues");
        for (Issue issue : found.subList(from, to)) {
            ObjectNode item = list.addObject().put("id", issue.id()).put("key", issue.key());
            ObjectNode fields = item.putObject("fields");
            fields.put("summary", "a test fails");
            fields.putObject("status").put("name", issue.isDone() ? "Done" : "To Do")
                    .putObject("statusCategory").put("key", issue.isDone() ? "done" : "new");
            fields.set("labels", JSON.valueToTree(issue.labels()));
            fields.set("description", issue.description());
        }
        if (to < found.size()) {
            page.put("nextPageToken", Integer.toString(to));
        }
        page.put("isLast", to >= found.size());
        return json(200, page.toString());
    }

    private ResponseDefinition create(JsonNode fields) {
        List<String> labels = new ArrayList<>();
        fields.path("labels").forEach(label -> labels.add(label.asText()));
        String id = Integer.toString(10_000 + issues.size());
        String key = fields.path("project").path("key").asText() + "-" + (issues.size() + 1);
        issues.add(new Issue(id, key, labels, fields.path("description"), new CopyOnWriteArrayList<>(), new boolean[1]));
        return json(201, "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"self\":\"https://acme.atlassian.net/rest/api/3/issue/" + id + "\"}");
    }

    private ResponseDefinition comment(Issue issue, String method, JsonNode body) {
        if (method.equals("POST")) {
            issue.comments().add(body.path("body"));
            return json(201, "{\"id\":\"" + (20_000 + comments()) + "\"}");
        }
        ObjectNode page = JSON.createObjectNode();
        ArrayNode list = page.putArray("comments");
        for (int i = issue.comments().size() - 1; i >= 0; i--) { // orderBy=-created
            list.addObject().set("body", issue.comments().get(i));
        }
        return json(200, page.put("total", issue.comments().size()).toString());
    }

    private ResponseDefinition transition(Issue issue, String method, JsonNode body) {
        if (method.equals("POST")) {
            if (!body.path("transition").path("id").asText().equals("31") || issue.isDone()) {
                return json(400, "{\"errorMessages\":[\"Transition id is not valid for this issue.\"]}");
            }
            issue.done()[0] = true;
            return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
        }
        return json(200, issue.isDone() ? "{\"transitions\":[]}"
                : "{\"transitions\":[{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}}}]}");
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
