package io.dtf.connector.jira.impl;

import io.dtf.api.connector.ConfigValues;
import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.InstanceName;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemQuery;
import io.dtf.api.connector.ItemRef;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.TestId;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import io.dtf.notify.api.RunSelector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
 * A Jira project as an external system: Jira Cloud through REST API v3 (e-mail and API token, descriptions and
 * comments in Atlassian Document Format) or Jira Data Center through REST API v2 (personal access token, wiki
 * markup). Issues are items (create, read, update, delete, JQL queries), comments can be made, and the operations
 * {@code report_failure}, {@code report_pass}, {@code transition_issue}, {@code add_comment} and {@code search} carry a
 * test's life in Jira ({@link TestIssues}). One instance per factory configuration
 * ({@code etc/io.dtf.connector.jira-<name>.cfg}); each is also a durable hook on {@code RUN_COMPLETED} that reports the
 * finished runs its {@code reportRuns} selects ({@link FinishedRuns}).
 */
@Component(service = {ExternalSystemConnector.class, Hook.class}, configurationPid = JiraConnector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {ExternalSystemConnector.TYPE + "=jira",
                Hook.PROPERTY + "=RUN_COMPLETED", Hook.DELIVERY + "=" + Hook.DURABLE, Hook.TIME_LIMIT + "=15m",
                Hook.ATTEMPTS + "=14"})
@Designate(ocd = JiraConfig.class, factory = true)
public class JiraConnector implements ExternalSystemConnector, Hook {
    static final String PID = ExternalSystemConnector.PID_PREFIX + "jira";
    static final String REPORT_FAILURE = "report_failure";
    static final String REPORT_PASS = "report_pass";
    static final String TRANSITION_ISSUE = "transition_issue";
    static final String ADD_COMMENT = "add_comment";
    static final String SEARCH = "search";
    private static final String INVALID = "invalid_parameters";
    private static final List<String> QUERY_FIELDS = List.of("summary", "status", "labels", "issuetype", "created", "updated");
    private static final Logger LOG = LoggerFactory.getLogger(JiraConnector.class);

    private final TaskStore store;
    private JsonHttpClient http;
    private JiraApi api;
    private TestIssues tests;
    private String projectKey;
    private String issueType;
    private String transitionOnPass;
    private ConnectorCapabilities capabilities;
    private FinishedRuns finishedRuns;
    private volatile boolean connected;

    /**
     * Each instance is also a durable hook of its own ({@code bundle/component/service.pid}): it reports the finished
     * runs {@code reportRuns} selects ({@link FinishedRuns}), reading their tests from the store.
     */
    @Activate
    public JiraConnector(@Reference TaskStore store) {
        this.store = store;
    }

    @Activate
    void activate(JiraConfig config, Map<String, Object> properties) {
        activate(config, properties, null);
    }

    /** For tests: the HTTP client's time, so that waits are measured, not waited for; {@code null} for the system's. */
    void activate(JiraConfig config, Map<String, Object> properties, HttpTime time) {
        Deployment deployment = Deployment.of(config.deployment());
        URI site = site(config.baseUrl());
        projectKey = required(config.projectKey(), "projectKey", "the key of the project issues are made in, e.g. SHOP");
        issueType = required(config.issueType(), "issueType", "the issue type of failing tests' issues, e.g. Bug");
        transitionOnPass = required(config.transitionOnPass(), "transitionOnPass", "a transition name, e.g. Done");
        String labelPrefix = config.labelPrefix() == null ? "" : config.labelPrefix().strip();
        if (labelPrefix.isEmpty() || labelPrefix.chars().anyMatch(Character::isWhitespace) || labelPrefix.length() > 200) {
            throw new IllegalArgumentException(PID + ": labelPrefix must be a non-empty label prefix without spaces "
                    + "(Jira labels cannot contain them), e.g. dtf-test-, not '" + config.labelPrefix() + "'");
        }
        List<String> labels = labels(config.labels());
        RunSelector reportRuns = RunSelector.parse(PID + ": reportRuns", config.reportRuns());
        int maxIssuesPerRun = ConfigValues.atLeast(PID, "maxIssuesPerRun", config.maxIssuesPerRun(), 1);
        int perSecond = ConfigValues.atLeast(PID, "requestsPerSecond", config.requestsPerSecond(), 1);
        RateLimit limit = RateLimit.perSecond(perSecond);
        JsonHttpClient.Builder builder = JsonHttpClient.builder(site).auth(auth(deployment, config))
                .rateLimit(limit)
                .responseTimeout(Duration.ofSeconds(ConfigValues.atLeast(PID, "timeoutSeconds", config.timeoutSeconds(), 1)))
                .maxRateLimitWait(Duration.ofSeconds(ConfigValues.atLeast(PID, "maxRateLimitWaitSeconds", config.maxRateLimitWaitSeconds(), 0)))
                .userAgent("dtf-connector-jira/1");
        if (time != null) {
            builder.time(time);
        }
        http = builder.build();
        api = new JiraApi(http, deployment);
        String commonLabel = TestIssues.commonLabel(labelPrefix);
        tests = new TestIssues(api, new TestIssues.Settings(projectKey, issueType, labelPrefix, commonLabel, labels,
                transitionOnPass, config.transitionOnFailure() == null ? "" : config.transitionOnFailure().strip()));
        finishedRuns = new FinishedRuns(this, store,
                new FinishedRuns.Settings(projectKey, labelPrefix, commonLabel, reportRuns, maxIssuesPerRun));
        capabilities = ConnectorCapabilities.builder()
                .operations(REPORT_FAILURE, REPORT_PASS, TRANSITION_ISSUE, ADD_COMMENT, SEARCH)
                .item("issue", ItemAction.CREATE, ItemAction.READ, ItemAction.UPDATE, ItemAction.DELETE, ItemAction.QUERY)
                .item("comment", ItemAction.CREATE)
                .queryLanguage("JQL").rateLimit(limit).build();
        LOG.info("Jira connector {} for project {} on {} ({}), reporting {}", InstanceName.of(properties, NAME, TYPE),
                projectKey, Secrets.redact(site.toString()), deployment, reportRuns);
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
        return capabilities;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /** Checks the credentials ("Get current user", {@code GET /myself}) and the project ({@code GET /project/{key}}). */
    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        return call(() -> api.myself().thenCompose(me -> api.project(projectKey).thenApply(project -> {
            Map<String, Object> data = new LinkedHashMap<>(account(api.map(me)));
            data.put("project", project.path("key").asText(projectKey));
            data.put("projectName", project.path("name").asText(""));
            return ExternalSystemResult.ok(data);
        })));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        Parameters p = new Parameters(String.valueOf(operation), parameters);
        return call(() -> switch (String.valueOf(operation)) {
            case REPORT_FAILURE -> tests.failed(new TestIssues.Failure(testId(p), p.optional("className"), p.optional("name"),
                    p.optional("message"), p.optional("stackTrace"), p.optional("runId"), p.uri("runLink"),
                    p.optional("eventId")));
            case REPORT_PASS -> tests.passed(new TestIssues.Pass(testId(p), p.optional("className"), p.optional("name"),
                    p.optional("runId"), p.uri("runLink"), p.optional("eventId")));
            case TRANSITION_ISSUE -> {
                String issue = p.required("issue");
                String comment = p.optional("comment");
                yield tests.transition(new ExternalItem("issue", issue, issue, null, Map.of()),
                        p.optional("transition", transitionOnPass), comment == null ? null : plain(comment),
                        p.optional("eventId"));
            }
            case ADD_COMMENT -> comment(p);
            case SEARCH -> search(p.required("jql"), p.number("limit", ItemQuery.DEFAULT_LIMIT, 1, ItemQuery.MAX_LIMIT),
                    p.optional("cursor"));
            default -> CompletableFuture.completedFuture(ExternalSystemResult.unsupported("the operation '" + operation
                    + "' (it knows " + String.join(", ", capabilities.operations()) + ")"));
        });
    }

    @Override
    public CompletableFuture<ExternalSystemResult> query(ItemQuery query) {
        if (!query.type().equals("issue")) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("queries of " + query.type() + " items"));
        }
        return call(() -> search(jql(query), query.limit(), query.cursor()));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        Parameters p = new Parameters("createItem " + type, fields);
        return call(() -> switch (String.valueOf(type)) {
            case "issue" -> {
                p.required("summary");
                Map<String, Object> issue = jiraFields(fields);
                issue.putIfAbsent("project", Map.of("key", projectKey));
                issue.putIfAbsent("issuetype", Map.of("name", issueType));
                yield api.create(issue).thenApply(ExternalSystemResult::ok);
            }
            case "comment" -> comment(p);
            default -> CompletableFuture.completedFuture(ExternalSystemResult.unsupported("items of type " + type));
        });
    }

    @Override
    public CompletableFuture<ExternalSystemResult> updateItem(ItemRef item, Map<String, Object> fields) {
        if (!item.type().equals("issue")) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("updates of " + item.type() + " items"));
        }
        return call(() -> api.update(item.id(), jiraFields(fields)).thenCompose(done -> api.get(item.id()))
                .thenApply(ExternalSystemResult::ok));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> deleteItem(ItemRef item) {
        if (!item.type().equals("issue")) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("deleting " + item.type() + " items"));
        }
        return call(() -> api.delete(item.id()).thenApply(done -> ExternalSystemResult.ok()));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> getItem(ItemRef item) {
        if (!item.type().equals("issue")) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("reading " + item.type() + " items"));
        }
        return call(() -> api.get(item.id()).thenApply(ExternalSystemResult::ok));
    }

    /** "Get Jira instance info" ({@code GET /serverInfo}) and the account the credentials belong to ({@code GET /myself}). */
    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        return call(() -> api.serverInfo().thenCombine(api.myself(), (server, me) -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("product", "Jira");
            data.put("deployment", api.deployment().name().toLowerCase(Locale.ROOT));
            api.map(server).forEach((name, value) -> {
                if (Set.of("baseUrl", "version", "versionNumbers", "deploymentType", "buildNumber", "buildDate",
                        "serverTime", "serverTitle").contains(name)) {
                    data.put(name, value);
                }
            });
            data.putAll(account(api.map(me)));
            return ExternalSystemResult.ok(data);
        }));
    }

    /** A comment on {@code issue}; with an {@code eventId}, none when that event commented there before. */
    private CompletableFuture<ExternalSystemResult> comment(Parameters p) {
        return tests.comment(p.required("issue"), plain(p.required("body")), p.optional("eventId"));
    }

    private CompletableFuture<ExternalSystemResult> search(String jql, int limit, String cursor) {
        return api.search(jql, limit, cursor, QUERY_FIELDS, List.of())
                .thenApply(page -> ExternalSystemResult.page(page.issues(), page.nextCursor()));
    }

    /**
     * The JQL of a query: its text as given; else its criteria, each {@code field = "value"} (a list: {@code field in
     * (...)}), joined by AND, within the configured project, newest first (Cloud refuses searches without a bound).
     */
    private String jql(ItemQuery query) {
        boolean text = query.text() != null && !query.text().isBlank();
        if (text && query.criteria().isEmpty()) {
            return query.text();
        }
        List<String> clauses = new ArrayList<>();
        clauses.add(text ? "(" + query.text() + ")" : "project = " + TestIssues.quote(projectKey));
        query.criteria().forEach((field, value) -> {
            if (value instanceof Iterable<?> values) {
                List<String> quoted = new ArrayList<>();
                values.forEach(v -> quoted.add(TestIssues.quote(String.valueOf(v))));
                clauses.add(TestIssues.quote(field) + " in (" + String.join(", ", quoted) + ")");
            } else {
                clauses.add(TestIssues.quote(field) + " = " + TestIssues.quote(String.valueOf(value)));
            }
        });
        return String.join(" AND ", clauses) + (text ? "" : " ORDER BY created DESC");
    }

    /** Fields as a caller gives them, by Jira's names, with a text description in the deployment's rich text. */
    private Map<String, Object> jiraFields(Map<String, Object> fields) {
        Map<String, Object> issue = new LinkedHashMap<>(fields == null ? Map.of() : fields);
        if (issue.get("description") instanceof String text) {
            issue.put("description", plain(text).render(api.deployment()));
        }
        return issue;
    }

    /** Text a caller gives, one paragraph per blank-line-separated part. */
    private static RichText plain(String text) {
        RichText rich = new RichText();
        for (String paragraph : text.strip().split("\\R\\s*\\R")) {
            rich.paragraph().text(paragraph.strip());
        }
        return rich;
    }

    private static Map<String, Object> account(Map<String, Object> me) {
        Map<String, Object> account = new LinkedHashMap<>();
        for (String name : List.of("accountId", "name", "displayName", "accountType")) {
            if (me.get(name) != null) {
                account.put(name, me.get(name));
            }
        }
        return account;
    }

    private static TestId testId(Parameters p) {
        String id = p.optional("testId");
        if (id != null) {
            return TestId.of(id);
        }
        if (p.optional("className") == null && p.optional("name") == null) {
            throw new IllegalArgumentException("a test's report needs the parameter 'testId' (or 'className' and 'name')");
        }
        return TestId.of(p.optional("className"), p.optional("name"));
    }

    /**
     * Runs a call of this connector: bad input is REJECTED ({@code invalid_parameters}) without a request; every
     * failure of Jira's is the {@link ExternalResults} result with Jira's error detail; the outcome says whether the
     * last contact with Jira succeeded.
     */
    private CompletableFuture<ExternalSystemResult> call(Supplier<CompletableFuture<ExternalSystemResult>> work) {
        CompletableFuture<ExternalSystemResult> started;
        try {
            started = work.get();
        } catch (IllegalArgumentException bad) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected(INVALID, bad.getMessage()));
        }
        CompletableFuture<ExternalSystemResult> running = started;
        return ExternalResults.of(() -> running, JiraErrors::detail)
                .handle((result, failure) -> failure == null ? result : ExternalResults.of(failure))
                .thenApply(this::contact);
    }

    /** Notes whether Jira answered as a working configuration should: not unreachable, failing, or refusing the credentials. */
    private ExternalSystemResult contact(ExternalSystemResult result) {
        String code = result.errorCode();
        if (result.success() || result.status() == ExternalSystemResult.Status.NOT_FOUND
                || result.status() == ExternalSystemResult.Status.RATE_LIMITED) {
            connected = true;
        } else if (result.status() == ExternalSystemResult.Status.UNAVAILABLE || "http_401".equals(code) || "http_403".equals(code)) {
            connected = false;
        }
        return result;
    }

    private static HttpAuth auth(Deployment deployment, JiraConfig config) {
        try {
            if (deployment == Deployment.CLOUD) {
                required(config.email(), "email", "the e-mail address of the Atlassian account the API token belongs to");
                required(config._apiToken(), ".apiToken", "an API token of that account, e.g. .apiToken = ${env:DTF_JIRA_API_TOKEN}");
                return HttpAuth.basic(config.email(), config._apiToken());
            }
            required(config._token(), ".token", "a personal access token, e.g. .token = ${env:DTF_JIRA_TOKEN}");
            return HttpAuth.bearer(config._token());
        } catch (IllegalArgumentException unset) {
            String message = unset.getMessage();
            throw new IllegalArgumentException(message.startsWith(PID) ? message : PID + ": " + message, unset);
        }
    }

    private static URI site(String value) {
        String url = required(value, "baseUrl", "the Jira site, e.g. https://acme.atlassian.net");
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            JsonHttpClient.builder(uri);
            if (uri.getPath() != null && uri.getPath().contains("/rest/api")) {
                throw new IllegalArgumentException("it names the REST API, not the site");
            }
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(PID + ": baseUrl must be the http(s) URL of the Jira site (e.g. "
                    + "https://acme.atlassian.net or https://jira.example.com/jira), not " + Secrets.redact(url), bad);
        }
    }

    /** The configured labels: each value split at commas (a .cfg file gives a list as one comma-separated value). */
    static List<String> labels(String[] configured) {
        List<String> labels = new ArrayList<>();
        for (String value : configured == null ? new String[0] : configured) {
            for (String label : (value == null ? "" : value).split(",")) {
                String l = label.strip();
                if (l.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException(PID + ": labels cannot contain spaces: '" + l + "'");
                }
                if (!l.isEmpty()) {
                    labels.add(l);
                }
            }
        }
        return List.copyOf(labels);
    }

    private static String required(String value, String key, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PID + ": " + key + " is required: " + what);
        }
        return value.strip();
    }
}
