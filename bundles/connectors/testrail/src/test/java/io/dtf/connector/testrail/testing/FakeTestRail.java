package io.dtf.connector.testrail.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TestRail project (id 7) that keeps what is done to it, for WireMock to answer from, as API v2's reference describes
 * the methods a report uses: {@code get_runs} (filter {@code created_after}, paged with {@code _links.next}),
 * {@code add_run}, {@code get_tests} (paged), {@code add_results_for_cases}, {@code close_run}, {@code get_run}. Pages
 * hold {@link #PAGE} entities, so that a few runs take several pages.
 */
public final class FakeTestRail implements ResponseDefinitionTransformerV2 {
    public static final int PAGE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/index.php?/api/v2/";

    /** One run as the fake keeps it: its cases' latest statuses (3 Untested until a result comes). */
    public static final class Run {
        public final long id;
        public final String name;
        public final String description;
        public final long createdOn;
        public final Map<Long, Integer> statuses = new LinkedHashMap<>();
        public volatile boolean completed;
        public volatile int results;

        Run(long id, String name, String description, long createdOn, List<Long> cases) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.createdOn = createdOn;
            cases.forEach(c -> statuses.put(c, 3));
        }
    }

    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private volatile Instant now;

    public FakeTestRail(Instant now) {
        this.now = now;
    }

    public List<Run> runs() {
        return runs;
    }

    /** A run made before, as another client or an earlier attempt left it. */
    public Run add(String name, String description, List<Long> cases) {
        Run run = new Run(81 + runs.size(), name, description, now.getEpochSecond(), cases);
        runs.add(run);
        return run;
    }

    /** A call of a method answered with an error after {@code letThrough} calls of it were answered as usual. */
    private static final class Failure {
        final String method;
        final int status;
        final String error;
        int letThrough;

        Failure(String method, int letThrough, int status, String error) {
            this.method = method;
            this.letThrough = letThrough;
            this.status = status;
            this.error = error;
        }
    }

    /** The next call of {@code method} (e.g. {@code close_run}) is answered {@code status} with TestRail's error body. */
    public void failNext(String method, int status, String error) {
        fail(method, 0, status, error);
    }

    /** After {@code letThrough} calls of {@code method} are answered as usual, the next one is {@code status}. */
    public void fail(String method, int letThrough, int status, String error) {
        failures.add(new Failure(method, letThrough, status, error));
    }

    @Override
    public String getName() {
        return "fake-testrail";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String url = event.getRequest().getUrl();
        if (!url.startsWith(API)) {
            return json(404, "{\"error\":\"not the API\"}");
        }
        String[] parts = url.substring(API.length()).split("&");
        String method = parts[0].substring(0, parts[0].indexOf('/'));
        long id = Long.parseLong(parts[0].substring(parts[0].indexOf('/') + 1));
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            query.put(parts[i].substring(0, parts[i].indexOf('=')), parts[i].substring(parts[i].indexOf('=') + 1));
        }
        for (Failure failure : failures) {
            if (failure.method.equals(method) && failure.letThrough-- == 0 && failures.remove(failure)) {
                return json(failure.status, "{\"error\":\"" + failure.error + "\"}");
            }
        }
        try {
            JsonNode body = event.getRequest().getBodyAsString().isEmpty() ? JSON.createObjectNode()
                    : JSON.readTree(event.getRequest().getBodyAsString());
            return switch (method) {
                case "get_runs" -> getRuns(id, query);
                case "add_run" -> addRun(body);
                case "get_tests" -> getTests(run(id), query);
                case "add_results_for_cases" -> addResults(run(id), body);
                case "close_run" -> {
                    run(id).completed = true;
                    yield json(200, runJson(run(id)).toString());
                }
                case "get_run" -> json(200, runJson(run(id)).toString());
                default -> json(400, "{\"error\":\"Unknown method '" + method + "'\"}");
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResponseDefinition getRuns(long project, Map<String, String> query) {
        long after = Long.parseLong(query.getOrDefault("created_after", "0"));
        List<JsonNode> found = new ArrayList<>();
        runs.stream().filter(run -> run.createdOn > after).forEach(run -> found.add(runJson(run)));
        return page("get_runs/" + project + "&created_after=" + after, "runs", found, query);
    }

    private ResponseDefinition addRun(JsonNode body) {
        List<Long> cases = new ArrayList<>();
        body.path("case_ids").forEach(c -> cases.add(c.asLong()));
        Run run = add(body.path("name").asText(), body.path("description").asText(null), cases);
        return json(200, runJson(run).toString());
    }

    private ResponseDefinition getTests(Run run, Map<String, String> query) {
        List<JsonNode> tests = new ArrayList<>();
        run.statuses.forEach((caseId, status) -> tests.add(JSON.createObjectNode().put("id", 1000 + caseId)
                .put("case_id", caseId).put("status_id", status).put("run_id", run.id)));
        return page("get_tests/" + run.id, "tests", tests, query);
    }

    private ResponseDefinition addResults(Run run, JsonNode body) {
        ArrayNode added = JSON.createArrayNode();
        for (JsonNode result : body.path("results")) {
            long caseId = result.path("case_id").asLong();
            if (!run.statuses.containsKey(caseId)) {
                return json(400, "{\"error\":\"Field :results cannot be added: case C" + caseId + " is not in the run\"}");
            }
            run.statuses.put(caseId, result.path("status_id").asInt());
            run.results++;
            added.addObject().put("id", 5000 + run.results).put("status_id", result.path("status_id").asInt());
        }
        return json(200, added.toString());
    }

    private ResponseDefinition page(String method, String key, List<JsonNode> all, Map<String, String> query) {
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        int to = Math.min(all.size(), offset + PAGE);
        ObjectNode page = JSON.createObjectNode().put("offset", offset).put("limit", PAGE).put("size", to - offset);
        ObjectNode links = page.putObject("_links");
        if (to < all.size()) {
            links.put("next", "/api/v2/" + method + "&limit=" + PAGE + "&offset=" + to);
        } else {
            links.putNull("next");
        }
        links.putNull("prev");
        all.subList(offset, to).forEach(page.putArray(key)::add);
        return json(200, page.toString());
    }

    private Run run(long id) {
        return runs.stream().filter(run -> run.id == id).findFirst().orElseThrow();
    }

    private static ObjectNode runJson(Run run) {
        return JSON.createObjectNode().put("id", run.id).put("name", run.name).put("description", run.description)
                .put("project_id", 7).put("suite_id", 3).put("is_completed", run.completed).put("created_on", run.createdOn)
                .put("url", "https://acme.testrail.io/index.php?/runs/view/" + run.id);
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
