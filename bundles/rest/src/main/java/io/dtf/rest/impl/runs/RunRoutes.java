package io.dtf.rest.impl.runs;

import io.dtf.api.DtfException;
import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Labels;
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
import io.dtf.rest.impl.http.Bodies;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Paged;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs: submit a plan, list and read runs, their plan, tasks and test cases, cancel a run. */
public record RunRoutes(RequiredService<Coordinator> coordinator, Limits limits, Supplier<CIJobTokens> jobTokens) {
    private static final Logger LOG = LoggerFactory.getLogger(RunRoutes.class);
    static final int MAX_FILE_NAME = 255;
    /** A JSON submission: the plan with labels and CI context ({@link Submission}). */
    static final String SUBMISSION = "application/vnd.dtf.submission+json";
    static final List<String> SUBMIT_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml",
            Responses.JSON, SUBMISSION);
    /** What a submission may hold beyond its plan: labels, CI context, and the escapes of the plan in JSON. */
    static final long SUBMISSION_ROOM = 64 * 1024;
    /** The query parameters of {@code GET /runs} beyond the page's. */
    static final String[] RUN_FILTERS = {"tenant", "label", "provider", "repository", "commit", "branch",
        "pullRequest"};

    /**
     * The body of a {@link #SUBMISSION}: the plan text (YAML or JSON, as {@code file} says), the file it is named
     * by, labels added to the plan's, and the CI build that submits it.
     */
    public record Submission(String plan, String file, Map<String, String> labels, CIContext ci) {
        public Submission {
            Objects.requireNonNull(plan, "plan");
            labels = labels == null ? Map.of() : labels;
        }
    }

    /**
     * The request header that forwards the CI job's own token with a submission (opt-in in the {@code dtf} client):
     * held in memory for the run's report only, never stored, logged or answered.
     */
    public static final String JOB_TOKEN_HEADER = "X-DTF-CI-Job-Token";
    /** The answer's header that says what became of a forwarded job token: {@code held}, or why it was dropped. */
    public static final String JOB_TOKEN_ANSWER = "X-DTF-CI-Job-Token-Status";

    /** Runs without forwarded job tokens. */
    public RunRoutes(RequiredService<Coordinator> coordinator, Limits limits) {
        this(coordinator, limits, () -> null);
    }

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        String runs = Router.V1 + "/runs";
        router.add("POST", runs, Role.SUBMITTER, 2 * limits.maxPlanBytes() + SUBMISSION_ROOM, Set.of("file"),
                        this::submit)
                .add("GET", runs, Role.VIEWER, body, Query.pageAnd(RUN_FILTERS), this::runs)
                .add("GET", runs + "/{runId}", Role.VIEWER, body, Set.of(), this::run)
                .add("GET", runs + "/{runId}/plan", Role.VIEWER, body, Set.of(), this::plan)
                .add("POST", runs + "/{runId}/cancel", Role.SUBMITTER, body, Set.of(), this::cancel)
                .add("GET", runs + "/{runId}/tasks", Role.VIEWER, body, Query.pageAnd("state"), this::tasks)
                .add("GET", runs + "/{runId}/testcases", Role.VIEWER, body, Query.pageAnd("status", "task"),
                        this::testCases);
    }

    /**
     * {@code POST /runs[?file=plan.yaml]}: the plan is named by its file in every message about it, else
     * {@code request.yaml} or {@code request.json}. The file name must agree with the media type, since
     * the plan is read as JSON exactly when its name ends in {@code .json}. A {@link #SUBMISSION} carries the
     * plan with its file name, labels and CI context in a JSON document instead.
     */
    private void submit(Exchange ex) throws IOException {
        String type = Bodies.mediaType(ex.request, SUBMIT_TYPES);
        Query q = ex.query();
        String file = q.text("file", MAX_FILE_NAME);
        Submission submission;
        if (type.equals(SUBMISSION)) {
            if (file != null) {
                q.problem("file", "a submission names its file in its body (file)");
            }
            q.check();
            submission = Bodies.json(ex.body(), Submission.class);
            String named = submission.file();
            String problem = named == null ? null : named.length() > MAX_FILE_NAME
                    ? "longer than " + MAX_FILE_NAME + " characters" : fileNameProblem(named);
            if (problem != null) {
                throw RestError.invalid("file", problem);
            }
        } else {
            boolean json = type.equals(Responses.JSON);
            if (file != null) {
                String problem = fileNameProblem(file);
                if (problem == null && file.toLowerCase(Locale.ROOT).endsWith(".json") != json) {
                    problem = json ? "must end in .json for a plan sent as " + type
                            : "ends in .json, but the plan is sent as " + type;
                }
                if (problem != null) {
                    q.problem("file", problem);
                }
            }
            q.check();
            submission = new Submission(Bodies.utf8(ex.body()), file != null ? file : json ? "request.json"
                    : "request.yaml", Map.of(), null);
        }
        if (submission.plan().getBytes(StandardCharsets.UTF_8).length > limits.maxPlanBytes()) {
            throw new RestError(ErrorCode.PAYLOAD_TOO_LARGE, "the plan is larger than "
                    + Bodies.describeSize(limits.maxPlanBytes()) + ", the limit of plans");
        }
        String source = submission.file() != null ? submission.file() : "request.yaml";
        RunSummary run = coordinator.get().submit(submission.plan(), source, submission.labels(), submission.ci());
        LOG.info("Run {} '{}' submitted over REST by the {}", run.run().id(), run.run().name(), ex.caller.name());
        String jobToken = ex.request.getHeader(JOB_TOKEN_HEADER);
        if (jobToken != null && !jobToken.isBlank()) {
            ex.response.setHeader(JOB_TOKEN_ANSWER, holdJobToken(run, jobToken.strip()));
        }
        ex.response.setHeader("Location", Router.V1 + "/runs/" + run.run().id());
        Responses.json(ex.response, HttpServletResponse.SC_CREATED, run);
    }

    /** Holds a forwarded job token for the run's report; {@code held}, or why it was dropped (the run stays). */
    private String holdJobToken(RunSummary run, String token) {
        if (run.run().ci() == null) {
            return "dropped: the run carries no CI context";
        }
        CIJobTokens tokens = jobTokens.get();
        if (tokens == null) {
            return "dropped: runs are not reported to CI systems here (feature dtf-ci)";
        }
        try {
            tokens.hold(run.run().id(), token);
            return "held";
        } catch (RuntimeException e) {
            LOG.warn("The CI job token forwarded with run {} was dropped: {}", run.run().id(), e.getMessage());
            return "dropped: " + e.getMessage();
        }
    }

    /** A file name without folders or control characters; what is wrong with it, or {@code null}. */
    private static String fileNameProblem(String file) {
        return file.contains("/") || file.contains("\\") || file.chars().anyMatch(Character::isISOControl)
                ? "must be a file name without folders, e.g. plan.yaml" : null;
    }

    /** {@code GET /runs}: by tenant, labels ({@code label=name=value}, repeated: all of them) and CI context. */
    private void runs(Exchange ex) throws IOException {
        Query q = ex.query();
        String tenant = q.text("tenant", 200);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String text : q.all("label")) {
            try {
                Map.Entry<String, String> label = Labels.parse(text);
                if (labels.put(label.getKey(), label.getValue()) != null) {
                    q.problem("label", "label " + label.getKey() + " is given twice; a run has one value of it");
                }
            } catch (DtfException e) {
                q.problem("label", e.getMessage());
            }
        }
        String provider = q.text("provider", CIContext.MAX_PROVIDER_LENGTH);
        String repository = q.text("repository", CIContext.MAX_NAME_LENGTH);
        String commit = q.text("commit", CIContext.MAX_COMMIT_LENGTH);
        String branch = q.text("branch", CIContext.MAX_NAME_LENGTH);
        Integer pullRequest = q.single("pullRequest") == null ? null
                : q.integer("pullRequest", 1, Integer.MAX_VALUE, 1);
        Page page = q.page();
        q.check();
        ex.ok(new Paged<>(coordinator.get().runs(new RunQuery(tenant, page, labels, provider, repository, commit,
                branch, pullRequest)), page.offset(), page.limit(), null));
    }

    private void run(Exchange ex) throws IOException {
        ex.ok(requireRun(ex.path("runId", RunId::parse)));
    }

    private void plan(Exchange ex) throws IOException {
        RunId id = ex.path("runId", RunId::parse);
        String plan = coordinator.get().plan(id).orElseThrow(() -> DtfException.notFound("run", id));
        Responses.bytes(ex.response, 200, Responses.TEXT, plan.getBytes(StandardCharsets.UTF_8));
    }

    private RunSummary requireRun(RunId id) {
        return coordinator.get().run(id).orElseThrow(() -> DtfException.notFound("run", id));
    }

    private void cancel(Exchange ex) throws IOException {
        RunId id = ex.path("runId", RunId::parse);
        int cancelled = coordinator.get().cancel(id);
        LOG.info("Run {} cancelled over REST by the {} ({} tasks)", id, ex.caller.name(), cancelled);
        ex.ok(Map.of("cancelled", cancelled));
    }

    private void tasks(Exchange ex) throws IOException {
        RunId id = ex.path("runId", RunId::parse);
        Query q = ex.query();
        Set<TaskState> states = q.enums("state", TaskState.class);
        Page page = q.page();
        q.check();
        RunSummary run = requireRun(id);
        long total = states.isEmpty() ? run.counts().total()
                : states.stream().mapToLong(s -> run.counts().get(s)).sum();
        List<Task> tasks = coordinator.get().tasks(new TaskQuery(id, states, null, page));
        ex.ok(new Paged<>(tasks, page.offset(), page.limit(), total));
    }

    private void testCases(Exchange ex) throws IOException {
        RunId id = ex.path("runId", RunId::parse);
        Query q = ex.query();
        Set<TestCaseStatus> statuses = q.enums("status", TestCaseStatus.class);
        TaskId task = q.parsed("task", TaskId::parse);
        Page page = q.page();
        if (task != null && !task.runId().equals(id)) {
            q.problem("task", "task " + task + " is not a task of run " + id);
        }
        q.check();
        requireRun(id);
        List<StoredTestCase> cases = coordinator.get().testCases(new TestCaseQuery(id, task, statuses, page));
        ex.ok(new Paged<>(cases, page.offset(), page.limit(), null));
    }
}
