package io.dtf.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JavaType;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.http.DtfHttpException;
import io.dtf.http.DtfJson;
import io.dtf.http.HttpAnswer;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RetryPolicy;
import io.dtf.http.Secrets;
import io.dtf.http.ServerSentEvents;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The DTF REST API ({@code /api/v1}, see {@code docs/rest-api.md}) as Java methods. Thread-safe;
 * close it when done. Every method throws {@link DtfHttpException} for an error answer (with the
 * server's code and every problem; e.g. {@code NOT_FOUND} for an unknown id) and
 * {@link io.dtf.http.HttpTransportException} when the server does not answer.
 *
 * <pre>{@code
 * try (DtfClient dtf = DtfClient.connect(URI.create("http://ci-dtf:8181"), System.getenv("DTF_TOKEN"))) {
 *     RunSummary run = dtf.submit(Files.readString(plan), "plan.yaml");
 *     ...
 * }
 * }</pre>
 */
public final class DtfClient implements Closeable {
    static final String API = "/api/v1";
    /** The media type of a plan sent with labels and CI context. */
    static final String SUBMISSION = "application/vnd.dtf.submission+json";
    /** The header that forwards the CI job's token with a submission, and the answer's header saying what became of it. */
    static final String JOB_TOKEN_HEADER = "X-DTF-CI-Job-Token";
    static final String JOB_TOKEN_STATUS_HEADER = "X-DTF-CI-Job-Token-Status";

    private final JsonHttpClient http;
    private final boolean owned;

    /** A client of its own on this base URL (e.g. {@code http://localhost:8181}) with this token (may be null). */
    public static DtfClient connect(URI baseUrl, String token) {
        return new DtfClient(JsonHttpClient.builder(baseUrl).token(token).userAgent("dtf-client/1").build(), true);
    }

    /** A client over an HTTP client configured by the caller, who also closes it. */
    public static DtfClient over(JsonHttpClient http) {
        return new DtfClient(http, false);
    }

    private DtfClient(JsonHttpClient http, boolean owned) {
        this.http = Objects.requireNonNull(http, "http");
        this.owned = owned;
    }

    public URI baseUrl() {
        return http.baseUrl();
    }

    // ---- runs

    /**
     * Submits a plan. {@code source} is its file name (null for none, e.g. standard input): one ending
     * in {@code .json} is sent as JSON, anything else as YAML, and the server names the plan by it in
     * its messages. An invalid plan throws {@code INVALID_PLAN} with every problem.
     */
    public RunSummary submit(String plan, String source) {
        String type = source != null && source.toLowerCase(Locale.ROOT).endsWith(".json")
                ? "application/json" : "application/yaml";
        return http.post(API + "/runs").query("file", source).body(plan, type).as(RunSummary.class);
    }

    /**
     * {@link #submit(String, String)} with labels added to the plan's (these win) and the CI build that submits
     * it ({@code null}: none), sent as a submission ({@code application/vnd.dtf.submission+json}).
     */
    public RunSummary submit(String plan, String source, Map<String, String> labels, CIContext ci) {
        if ((labels == null || labels.isEmpty()) && ci == null) {
            return submit(plan, source);
        }
        return submission(plan, source, labels, ci).as(RunSummary.class);
    }

    /**
     * A run submitted with the CI job's own token, and what the coordinator did with the token.
     *
     * @param run the run
     * @param jobToken {@code held} when the coordinator holds the token for the run's report, else why it dropped
     *     it (the run is accepted either way)
     */
    public record Submitted(RunSummary run, String jobToken) {
    }

    /**
     * {@link #submit(String, String, Map, CIContext)}, forwarding the CI job's own short-lived token with the run
     * (header {@code X-DTF-CI-Job-Token}), so that the coordinator reports the run with the job's rights. The
     * token is registered as a secret: no message of this client shows it.
     */
    public Submitted submit(String plan, String source, Map<String, String> labels, CIContext ci, String jobToken) {
        Secrets.register(jobToken);
        HttpAnswer<RunSummary> answer = submission(plan, source, labels, ci).header(JOB_TOKEN_HEADER, jobToken)
                .answer(RunSummary.class);
        String status = answer.header(JOB_TOKEN_STATUS_HEADER);
        return new Submitted(answer.body(), status == null ? "dropped: the coordinator does not take job tokens" : status);
    }

    private JsonHttpClient.Call submission(String plan, String source, Map<String, String> labels, CIContext ci) {
        Map<String, Object> submission = new LinkedHashMap<>();
        submission.put("plan", plan);
        submission.put("file", source);
        submission.put("labels", labels == null ? Map.of() : labels);
        submission.put("ci", ci);
        return http.post(API + "/runs").body(DtfJson.mapper().valueToTree(submission).toString(), SUBMISSION);
    }

    /** Runs, newest first, filtered by every part of the query that is set (tenant, labels, CI context). */
    public ItemPage<RunSummary> runs(RunQuery query) {
        // one label={} per label: the query parameter is repeated, which Call.query cannot do
        List<String> labels = query.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(label -> label.getKey() + "=" + label.getValue()).toList();
        String path = API + "/runs" + (labels.isEmpty() ? "" : "?label={}" + "&label={}".repeat(labels.size() - 1));
        return page(http.get(path, labels.toArray()).query("tenant", query.tenant())
                .query("provider", query.provider()).query("repository", query.repository())
                .query("commit", query.commit()).query("branch", query.branch())
                .query("pullRequest", query.pullRequest()), query.page(), RunSummary.class);
    }

    public RunSummary run(RunId id) {
        return http.get(API + "/runs/{}", id.value()).as(RunSummary.class);
    }

    /** The tasks of a run ({@code GET /runs/{id}/tasks}), in submission order; empty {@code states} means all. */
    public ItemPage<Task> tasks(RunId run, Set<TaskState> states, Page page) {
        return page(http.get(API + "/runs/{}/tasks", run.value()).query("state", list(states)), page, Task.class);
    }

    /** Tasks across runs ({@code GET /tasks}) by run, states and worker. */
    public ItemPage<Task> tasks(TaskQuery query) {
        return page(http.get(API + "/tasks")
                .query("run", query.run() == null ? null : query.run().value())
                .query("state", list(query.states()))
                .query("worker", query.worker() == null ? null : query.worker().value()), query.page(), Task.class);
    }

    /** Every task of a run, fetched page by page. */
    public List<Task> allTasks(RunId run) {
        return allTasks(run, Set.of());
    }

    /** Every task of a run in these states (empty: all), fetched page by page. */
    public List<Task> allTasks(RunId run, Set<TaskState> states) {
        return all(page -> tasks(run, states, page));
    }

    /** One task with its latest result and that result's test cases. */
    public Task task(TaskId id) {
        return http.get(API + "/tasks/{}", id.value()).as(Task.class);
    }

    public ItemPage<AttemptRecord> attempts(TaskId id, Page page) {
        return page(http.get(API + "/tasks/{}/attempts", id.value()), page, AttemptRecord.class);
    }

    /** Test cases of a run ({@code query.run()} is required), optionally of one task and by status. */
    public ItemPage<StoredTestCase> testCases(TestCaseQuery query) {
        Objects.requireNonNull(query.run(), "the query names no run");
        return page(http.get(API + "/runs/{}/testcases", query.run().value())
                .query("status", list(query.statuses()))
                .query("task", query.task() == null ? null : query.task().value()), query.page(), StoredTestCase.class);
    }

    /** Every test case of a run (latest attempt of each task), fetched page by page. */
    public List<StoredTestCase> allTestCases(RunId run) {
        return allTestCases(run, Set.of());
    }

    /** Every test case of a run (latest attempt of each task) with one of these statuses (empty: all). */
    public List<StoredTestCase> allTestCases(RunId run, Set<TestCaseStatus> statuses) {
        return all(page -> testCases(new TestCaseQuery(run, null, statuses, page)));
    }

    /**
     * Streams the run's merged JUnit XML to {@code out} (the server's document: one {@code <testsuites>}, retried
     * tests with Surefire's {@code flakyFailure}/{@code rerunFailure}); returns its size in bytes.
     */
    public long junitXml(RunId run, OutputStream out) {
        return http.get(API + "/runs/{}/junit.xml", run.value()).timeout(Duration.ofMinutes(5)).download(out);
    }

    /** Cancels every unfinished task of a run; returns how many were cancelled. */
    public int cancel(RunId id) {
        JsonNode answer = http.post(API + "/runs/{}/cancel", id.value()).idempotent(true).as(JsonNode.class);
        return answer == null ? 0 : answer.path("cancelled").asInt();
    }

    /** Cancels one task; {@code false} when it had already finished. */
    public boolean cancel(TaskId id) {
        JsonNode answer = http.post(API + "/tasks/{}/cancel", id.value()).idempotent(true).as(JsonNode.class);
        return answer != null && answer.path("cancelled").asBoolean();
    }

    // ---- logs

    /**
     * The log of a task's attempt ({@code null}: the latest), whole or its last {@code tailLines} lines
     * ({@code null}: whole).
     */
    public String log(TaskId id, Integer attempt, Integer tailLines) {
        return http.get(API + "/tasks/{}/log", id.value()).query("attempt", attempt).query("tail", tailLines)
                .timeout(Duration.ofMinutes(5)).text();
    }

    /** Streams the whole log of an attempt ({@code null}: the latest) to {@code out}; returns its size. */
    public long downloadLog(TaskId id, Integer attempt, OutputStream out) {
        return http.get(API + "/tasks/{}/log", id.value()).query("attempt", attempt).timeout(Duration.ofMinutes(5))
                .download(out);
    }

    // ---- workers and plugins

    public ItemPage<WorkerStatus> workers(Page page) {
        return page(http.get(API + "/workers"), page, WorkerStatus.class);
    }

    /** Tells a worker to finish what it runs and take nothing new. */
    public void drain(WorkerId id) {
        http.post(API + "/workers/{}/drain", id.value()).idempotent(true).send();
    }

    /** The installed plugins with their state and counters, as the server describes them. */
    public List<Map<String, Object>> plugins() {
        JsonNode answer = http.get(API + "/plugins").as(JsonNode.class);
        JsonNode items = answer != null && answer.has("items") ? answer.get("items") : answer;
        return items == null ? List.of() : DtfJson.mapper().convertValue(items,
                new TypeReference<List<Map<String, Object>>>() { });
    }

    // ---- health

    /** Whether {@code GET /health} answers {@code UP}. Never throws. */
    public boolean isUp() {
        try {
            JsonNode answer = http.get("/health").retry(RetryPolicy.NONE).as(JsonNode.class);
            return answer != null && "UP".equalsIgnoreCase(answer.path("status").asText());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code GET /ready} answers 200 (coordinator and store up). Never throws. */
    public boolean isReady() {
        try {
            http.get("/ready").retry(RetryPolicy.NONE).send();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- events

    /**
     * Opens the server-sent event stream of {@link DtfEvent}s of these types (empty: all). Read it with
     * {@link EventStream#next()}; close it from any thread to stop.
     */
    public EventStream events(Set<HookType> types) {
        JsonHttpClient.HttpStream stream = http.get(API + "/events").query("types", list(types))
                .header("Accept", "text/event-stream").timeout(Duration.ofDays(1)).retry(RetryPolicy.NONE).open();
        return new EventStream(stream);
    }

    /** A stream of events; not thread-safe except {@link #close()}. */
    public static final class EventStream implements Closeable {
        private final JsonHttpClient.HttpStream stream;
        private final ServerSentEvents events;
        private volatile boolean closed;

        EventStream(JsonHttpClient.HttpStream stream) {
            this.stream = stream;
            this.events = new ServerSentEvents(stream.body());
        }

        /** The next event, waiting for it; {@code null} when the stream ended or was closed. */
        public DtfEvent next() throws IOException {
            while (true) {
                ServerSentEvents.Event event;
                try {
                    event = events.next();
                } catch (IOException e) {
                    if (closed) {
                        return null;
                    }
                    throw e;
                }
                if (event == null) {
                    return null;
                }
                if (event.data().isBlank()) {
                    continue;
                }
                return DtfJson.mapper().readerFor(DtfEvent.class)
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(event.data());
            }
        }

        @Override
        public void close() {
            closed = true;
            stream.close();
        }
    }

    @Override
    public void close() {
        if (owned) {
            http.close();
        }
    }

    // ---- helpers

    private <T> ItemPage<T> page(JsonHttpClient.Call call, Page page, Class<T> item) {
        Page p = page == null ? Page.FIRST : page;
        JavaType type = DtfJson.mapper().getTypeFactory().constructParametricType(ItemPage.class, item);
        return call.query("offset", p.offset()).query("limit", p.limit()).as(type);
    }

    private static <T> List<T> all(Function<Page, ItemPage<T>> fetch) {
        List<T> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            ItemPage<T> page = fetch.apply(new Page(offset, Page.MAX_LIMIT));
            all.addAll(page.items());
            if (page.items().isEmpty() || !page.hasMore()) {
                return all;
            }
            offset += page.items().size();
        }
    }

    private static String list(Collection<? extends Enum<?>> values) {
        return values == null || values.isEmpty() ? null
                : values.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }
}
