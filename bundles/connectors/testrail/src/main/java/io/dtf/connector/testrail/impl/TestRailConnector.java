package io.dtf.connector.testrail.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.connector.ConfigValues;
import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.InstanceName;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemRef;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.TestCaseResult;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import io.dtf.notify.api.RunSelector;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports DTF test results to TestRail (API v2), one instance per factory configuration
 * ({@code etc/io.dtf.connector.testrail-<name>.cfg}). Operations ({@link #executeOperation}):
 * <ul>
 *   <li>{@code report_run} ({@code name}, {@code results}, optional {@code description}, {@code run_id},
 *   {@code close}): a run ({@code add_run}) of the TestRail cases the test cases map to ({@link CaseMapping}), their
 *   results in bulk ({@code add_results_for_cases}, {@code resultsPerRequest} a call), then {@code close_run} when
 *   {@code closeRunOnComplete}. Test cases that map to no case are counted, named in the result and left out. When a
 *   call fails after the run was made, the result names the run ({@code data.run_id}); {@code report_run} with
 *   that {@code run_id} adds the results to it instead of making another. With a {@code marker} (and
 *   {@code created_after}, Unix seconds or ISO-8601, default 30 days ago) and no {@code run_id}, the report is
 *   idempotent: a run made after that time whose description holds the marker ({@code get_runs}) is continued with the
 *   results of the cases that have none yet ({@code get_tests}), or left alone when it is completed; only when there is
 *   none is a run made, with the marker appended to its description.</li>
 *   <li>{@code add_results} ({@code run_id}, {@code results}): the results of test cases added to a run.</li>
 *   <li>{@code close_run} ({@code run_id}).</li>
 * </ul>
 * Items: {@code run} (create, read: {@code add_run}, {@code get_run}) and {@code case} (read: {@code get_case}).
 * Each instance is also a durable hook that reports the finished runs its {@code reportRuns} selects
 * ({@link FinishedRuns}).
 */
@Component(service = {ExternalSystemConnector.class, Hook.class}, configurationPid = TestRailConnector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {
                ExternalSystemConnector.TYPE + "=" + TestRailConnector.TYPE, Hook.PROPERTY + "=RUN_COMPLETED",
                Hook.DELIVERY + "=" + Hook.DURABLE, Hook.TIME_LIMIT + "=15m", Hook.ATTEMPTS + "=14"})
@Designate(ocd = TestRailConfig.class, factory = true)
public class TestRailConnector implements ExternalSystemConnector, Hook {
    static final String TYPE = "testrail";
    static final String PID = ExternalSystemConnector.PID_PREFIX + TYPE;
    static final String REPORT_RUN = "report_run";
    static final String ADD_RESULTS = "add_results";
    static final String CLOSE_RUN = "close_run";
    /** The error code of a report none of whose test cases names a TestRail case. */
    static final String NO_MAPPED_CASES = "no_mapped_cases";
    /** TestRail's status of a test without a result. */
    private static final int UNTESTED = 3;
    /** How far back a marked run is looked for when the caller does not say ({@code created_after}). */
    private static final Duration MARKED_RUN_WINDOW = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(TestRailConnector.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskStore store;
    private JsonHttpClient http;
    private TestRailApi api;
    private FinishedRuns finishedRuns;
    private CaseMapping mapping;
    private TestRailConfig config;
    private URI baseUrl;
    private RateLimit rateLimit;
    private int skippedStatus;
    private volatile boolean connected;

    /**
     * Each instance is also a durable hook of its own ({@code bundle/component/service.pid}): it reports the finished
     * runs {@code reportRuns} selects ({@link FinishedRuns}), reading their tests from the store.
     */
    @Activate
    public TestRailConnector(@Reference TaskStore store) {
        this.store = store;
    }

    @Activate
    void activate(TestRailConfig config, Map<String, Object> properties) {
        activate(config, properties, null);
    }

    /** For tests: the HTTP client's time, so that waits are measured, not waited for; {@code null} for the system's. */
    void activate(TestRailConfig config, Map<String, Object> properties, HttpTime time) {
        String name = InstanceName.of(properties, ExternalSystemConnector.NAME, ExternalSystemConnector.TYPE);
        this.config = config;
        baseUrl = baseUrl(config.baseUrl());
        if (config.username() == null || config.username().isBlank()) {
            throw new IllegalArgumentException(PID + ": username is required: the e-mail address of the TestRail user");
        }
        // Karaf resolves ${env:NAME} before; a test or another runtime may not
        String apiKey = Secrets.resolve(config._apiKey(), System::getenv);
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(PID + ": .apiKey is required: the user's TestRail API key "
                    + "(e.g. .apiKey = ${env:DTF_TESTRAIL_API_KEY}); an unset variable leaves it empty");
        }
        if (config.projectId() < 1) {
            throw new IllegalArgumentException(PID + ": projectId must be a TestRail project id (1 or more), not "
                    + config.projectId());
        }
        if (config.suiteId() < 0) {
            throw new IllegalArgumentException(PID + ": suiteId must be 0 (none) or a suite id, not " + config.suiteId());
        }
        mapping = CaseMapping.of(config.caseMapping(), config.caseProperty(), config.caseNamePattern());
        skippedStatus = switch (String.valueOf(config.skippedStatus()).strip().toLowerCase(Locale.ROOT)) {
            case "blocked" -> CaseResults.BLOCKED;
            case "retest" -> CaseResults.RETEST;
            default -> throw new IllegalArgumentException(PID + ": skippedStatus must be blocked or retest, not "
                    + config.skippedStatus());
        };
        ConfigValues.atLeast(PID, "resultsPerRequest", config.resultsPerRequest(), 1);
        rateLimit = RateLimit.perMinute(ConfigValues.atLeast(PID, "requestsPerMinute", config.requestsPerMinute(), 1));
        if (config.maxRateLimitWaitSeconds() < 0) {
            throw new IllegalArgumentException(PID + ": maxRateLimitWaitSeconds must be 0 or more, not "
                    + config.maxRateLimitWaitSeconds());
        }
        JsonHttpClient.Builder builder = JsonHttpClient.builder(baseUrl)
                .auth(HttpAuth.basic(config.username().strip(), Secrets.register(apiKey.strip())))
                .rateLimit(rateLimit)
                .responseTimeout(Duration.ofSeconds(ConfigValues.atLeast(PID, "timeoutSeconds", config.timeoutSeconds(), 1)))
                .maxRateLimitWait(Duration.ofSeconds(config.maxRateLimitWaitSeconds()))
                .userAgent("dtf-connector-testrail/1");
        if (time != null) {
            builder.time(time);
        }
        http = builder.build();
        api = new TestRailApi(http);
        RunSelector reportRuns = RunSelector.parse(PID + ": reportRuns", config.reportRuns());
        finishedRuns = new FinishedRuns(this, store, reportRuns);
        LOG.info("TestRail connector {} reports to project P{} of {}, cases by {}, reporting {}", name, config.projectId(),
                Secrets.redact(baseUrl.toString()), mapping.describe(), reportRuns);
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    /** A finished run: reported when {@code reportRuns} selects it. */
    @Override
    public void on(DtfEvent event) throws HookFailure, InterruptedException {
        finishedRuns.report(event);
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.builder().operations(REPORT_RUN, ADD_RESULTS, CLOSE_RUN)
                .item("run", ItemAction.CREATE, ItemAction.READ).item("case", ItemAction.READ)
                .rateLimit(rateLimit).build();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        return tracked(() -> api.get("get_project", config.projectId()).thenApply(project -> ExternalSystemResult.ok(
                Map.of("project", JSON.convertValue(project, Map.class)))));
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        return tracked(() -> api.get("get_project", config.projectId()).thenApply(project -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("product", "TestRail");
            info.put("api", "v2");
            info.put("url", baseUrl.toString());
            info.put("user", config.username());
            info.put("project_id", config.projectId());
            info.put("project", project.path("name").asText(null));
            info.put("suite_mode", project.path("suite_mode").asInt());
            info.put("suite_id", config.suiteId() == 0 ? null : config.suiteId());
            info.put("case_mapping", mapping.describe());
            return ExternalSystemResult.ok(info);
        }));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        Map<String, Object> given = parameters == null ? Map.of() : parameters;
        try {
            return switch (operation == null ? "" : operation) {
                case REPORT_RUN -> reportRun(new RunReport(Parameters.text(given, "name"),
                        Parameters.optionalText(given, "description"), Parameters.runId(given),
                        Parameters.optionalText(given, "marker"), Parameters.instant(given, "created_after")),
                        Parameters.tests(given), Parameters.flag(given, "close", config.closeRunOnComplete()));
                case ADD_RESULTS -> addResults(Parameters.requiredRunId(given), Parameters.tests(given));
                case CLOSE_RUN -> {
                    long run = Parameters.requiredRunId(given);
                    yield tracked(() -> api.post("close_run", run, Map.of()).thenApply(closed -> ExternalSystemResult.ok(run(closed))));
                }
                default -> CompletableFuture.completedFuture(ExternalSystemResult.unsupported("the operation " + operation));
            };
        } catch (IllegalArgumentException invalid) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_parameters",
                    operation + ": " + invalid.getMessage()));
        }
    }

    @Override
    public CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        if (!"run".equals(type)) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("createItem of " + type));
        }
        Map<String, Object> given = fields == null ? Map.of() : fields;
        Map<String, Object> body;
        try {
            body = newRun(Parameters.text(given, "name"), Parameters.optionalText(given, "description"), caseIds(given));
        } catch (IllegalArgumentException invalid) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_parameters",
                    "createItem run: " + invalid.getMessage()));
        }
        return tracked(() -> api.post("add_run", config.projectId(), body).thenApply(made -> ExternalSystemResult.ok(run(made))));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> getItem(ItemRef item) {
        String method = switch (item.type()) {
            case "run" -> "get_run";
            case "case" -> "get_case";
            default -> null;
        };
        if (method == null) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("getItem of " + item.type()));
        }
        long id;
        try {
            id = Parameters.id(item.id(), item.type().equals("run") ? 'R' : 'C', item.type() + " id");
        } catch (IllegalArgumentException invalid) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_parameters", invalid.getMessage()));
        }
        return tracked(() -> api.get(method, id).thenApply(found -> ExternalSystemResult.ok(
                item.type().equals("run") ? run(found) : testCase(found))))
                // TestRail answers 400 for an entity that does not exist
                .thenApply(result -> result.status() == Status.REJECTED && "http_400".equals(result.errorCode())
                        ? new ExternalSystemResult(Status.NOT_FOUND, null, null, null, result.errorCode(), result.message(), null)
                        : result);
    }

    /**
     * Which TestRail run a report goes to: {@code existingRun} when given; else the run whose description holds
     * {@code marker} among those made after {@code createdAfter} (open: it is continued, completed: it was reported),
     * made with the marker when there is none; else a new run.
     */
    private record RunReport(String name, String description, Long existingRun, String marker, Instant createdAfter) {
    }

    /** The run a report writes to, and whether it was found by its marker (an earlier attempt of the same report). */
    private record Target(JsonNode run, boolean found) {
    }

    private CompletableFuture<ExternalSystemResult> reportRun(RunReport report, List<TestCaseResult> tests, boolean close) {
        CaseResults mapped = CaseResults.of(tests, mapping, skippedStatus);
        if (mapped.caseIds().isEmpty()) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected(NO_MAPPED_CASES, "none of the "
                    + tests.size() + " test cases names a TestRail case by " + mapping.describe()
                    + (mapped.unmappedExamples().isEmpty() ? "" : " (e.g. " + mapped.unmappedExamples().get(0) + ")")));
        }
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("cases", mapped.caseIds().size());
        progress.put("unmapped", mapped.unmapped());
        progress.put("unmapped_tests", mapped.unmappedExamples());
        CompletableFuture<ExternalSystemResult> reported = target(report, mapped.caseIds()).thenCompose(target -> {
            JsonNode made = target.run();
            long runId = made.path("id").asLong();
            progress.put("run_id", runId);
            progress.put("results_added", 0);
            if (made.path("is_completed").asBoolean()) {
                progress.put("already_reported", true);
                return CompletableFuture.completedFuture(
                        new ExternalSystemResult(Status.OK, List.of(run(made)), null, progress, null, null, null));
            }
            CompletableFuture<List<Map<String, Object>>> pending = target.found()
                    ? withoutResults(runId, mapped.results()) : CompletableFuture.completedFuture(mapped.results());
            return pending.thenCompose(results -> {
                progress.put("results_pending", results.size());
                return addInBatches(runId, results, 0, progress);
            }).thenCompose(added -> close ? api.post("close_run", runId, Map.of()) : CompletableFuture.completedFuture(made))
                    .thenApply(last -> {
                        progress.put("closed", close);
                        return new ExternalSystemResult(Status.OK, List.of(run(last)), null, progress, null, null, null);
                    });
        });
        return tracked(() -> reported.exceptionally(failure -> {
            ExternalSystemResult failed = ExternalSystemResult.failure(failure);
            Object runId = progress.get("run_id");
            return runId == null ? failed : TestRailApi.withProgress(failed, "the run R" + runId + " has "
                    + progress.get("results_added") + " of the " + mapped.results().size()
                    + " results: report_run with run_id " + runId + " adds them to it", progress);
        }));
    }

    private CompletableFuture<Target> target(RunReport report, List<Long> caseIds) {
        if (report.existingRun() != null) {
            return api.get("get_run", report.existingRun()).thenApply(run -> new Target(run, false));
        }
        if (report.marker() == null) {
            return api.post("add_run", config.projectId(), newRun(report.name(), report.description(), caseIds))
                    .thenApply(run -> new Target(run, false));
        }
        Instant after = report.createdAfter() != null ? report.createdAfter() : Instant.now().minus(MARKED_RUN_WINDOW);
        return api.list("get_runs", config.projectId(), "runs", Map.of("created_after", after.getEpochSecond()))
                .thenCompose(runs -> {
                    for (JsonNode run : runs) {
                        if (run.path("description").asText("").contains(report.marker())) {
                            return CompletableFuture.completedFuture(new Target(run, true));
                        }
                    }
                    String description = report.description() == null ? report.marker()
                            : report.description() + "\n\n" + report.marker();
                    return api.post("add_run", config.projectId(), newRun(report.name(), description, caseIds))
                            .thenApply(run -> new Target(run, false));
                });
    }

    /** The results of the cases that have none in the run yet ({@code get_tests}: status Untested, 3). */
    private CompletableFuture<List<Map<String, Object>>> withoutResults(long runId, List<Map<String, Object>> results) {
        return api.list("get_tests", runId, "tests", Map.of()).thenApply(tests -> {
            Set<Long> reported = new HashSet<>();
            tests.forEach(test -> {
                if (test.path("status_id").asInt(UNTESTED) != UNTESTED) {
                    reported.add(test.path("case_id").asLong());
                }
            });
            return results.stream().filter(result -> !reported.contains(((Number) result.get("case_id")).longValue())).toList();
        });
    }

    private CompletableFuture<ExternalSystemResult> addResults(long runId, List<TestCaseResult> tests) {
        CaseResults mapped = CaseResults.of(tests, mapping, skippedStatus);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("run_id", runId);
        progress.put("results_added", 0);
        progress.put("unmapped", mapped.unmapped());
        progress.put("unmapped_tests", mapped.unmappedExamples());
        return tracked(() -> addInBatches(runId, mapped.results(), 0, progress)
                .thenApply(done -> ExternalSystemResult.ok(progress))
                .exceptionally(failure -> TestRailApi.withProgress(ExternalSystemResult.failure(failure),
                        progress.get("results_added") + " of " + mapped.results().size() + " results were added", progress)));
    }

    /** The results from {@code from} on, {@code resultsPerRequest} a call, one call after the other. */
    private CompletableFuture<Void> addInBatches(long runId, List<Map<String, Object>> results, int from,
                                                 Map<String, Object> progress) {
        if (from >= results.size()) {
            return CompletableFuture.completedFuture(null);
        }
        int to = Math.min(results.size(), from + config.resultsPerRequest());
        return api.post("add_results_for_cases", runId, Map.of("results", results.subList(from, to)))
                .thenCompose(added -> {
                    progress.put("results_added", to);
                    return addInBatches(runId, results, to, progress);
                });
    }

    private Map<String, Object> newRun(String name, String description, List<Long> caseIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (config.suiteId() > 0) {
            body.put("suite_id", config.suiteId());
        }
        if (description != null) {
            body.put("description", description);
        }
        body.put("include_all", false);
        body.put("case_ids", caseIds);
        return body;
    }

    private static List<Long> caseIds(Map<String, Object> fields) {
        if (!(fields.get("case_ids") instanceof Iterable<?> ids)) {
            throw new IllegalArgumentException("case_ids is required: the TestRail cases of the run");
        }
        List<Long> cases = new ArrayList<>();
        for (Object id : ids) {
            cases.add(Parameters.id(id, 'C', "case_ids"));
        }
        return cases;
    }

    /** Runs the call and remembers whether TestRail was reached and took the credentials. */
    private CompletableFuture<ExternalSystemResult> tracked(Supplier<CompletableFuture<ExternalSystemResult>> call) {
        CompletableFuture<ExternalSystemResult> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.exceptionally(ExternalSystemResult::failure).thenApply(result -> {
            connected = result.success() || !(result.status() == Status.UNAVAILABLE
                    || "http_401".equals(result.errorCode()) || "http_403".equals(result.errorCode()));
            return result;
        });
    }

    private static ExternalItem run(JsonNode run) {
        String id = run.path("id").asText();
        return new ExternalItem("run", id, "R" + id, url(run), JSON.convertValue(run, Map.class));
    }

    private static ExternalItem testCase(JsonNode testCase) {
        String id = testCase.path("id").asText();
        return new ExternalItem("case", id, "C" + id, null, JSON.convertValue(testCase, Map.class));
    }

    private static URI url(JsonNode item) {
        String url = item.path("url").asText("");
        try {
            return url.isEmpty() ? null : URI.create(url);
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
    }

    private static URI baseUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PID + ": baseUrl is required: the TestRail instance's address, e.g. "
                    + "https://acme.testrail.io");
        }
        String url = value.strip().replaceFirst("/index\\.php.*$", "").replaceFirst("/+$", "");
        try {
            URI uri = URI.create(url);
            JsonHttpClient.builder(uri);
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(PID + ": baseUrl must be the http(s) address of the TestRail instance "
                    + "(e.g. https://acme.testrail.io), not " + Secrets.redact(value), bad);
        }
    }
}
