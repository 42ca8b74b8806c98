package io.dtf.rest.impl;

import io.dtf.http.protocol.WorkerProtocol.LogChunk;
import io.dtf.http.protocol.WorkerProtocol.PollRequest;
import io.dtf.http.protocol.WorkerProtocol.ReportAnswer;
import io.dtf.http.protocol.WorkerProtocol.ReportRequest;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.plugin.HookType;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of docs/rest-api.md: the route table and what each route does. Every answer is JSON by
 * {@code DtfJson} (or text for logs, or an event stream); every failure is problem+json.
 */
final class Api implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    static final String V1 = "/api/v1";
    static final List<String> PLAN_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml",
            Responses.JSON);
    static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(20);
    static final int MAX_SLOTS = 10_000;
    /** Reports in one request at most; a worker sends more in several. */
    static final int MAX_REPORTS = 1_000;
    static final int MAX_TAIL_LINES = 100_000;

    /**
     * Limits of the API.
     *
     * @param maxPlanBytes largest plan
     * @param maxBodyBytes largest body of other calls
     * @param maxResultBytes largest result of a worker's {@code completed} (test cases make it large)
     * @param maxPollWait longest a poll waits
     * @param maxConcurrentPolls polls waiting at once
     */
    record Settings(long maxPlanBytes, long maxBodyBytes, long maxResultBytes, Duration maxPollWait,
                    int maxConcurrentPolls) {
        static Settings of(RestConfig config) {
            return new Settings(config.maxPlanBytes(), config.maxBodyBytes(), config.maxResultBytes(),
                    Duration.ofSeconds(config.maxPollWaitSeconds()), config.maxConcurrentPolls());
        }
    }

    /** A list answer: a window of the items, and their total where it is cheap to know. */
    record Paged<T>(List<T> items, int offset, int limit, Long total) {
    }

    private final Supplier<Coordinator> coordinator;
    private final Supplier<WorkerGateway> gateway;
    private final Authenticator authenticator;
    private final Supplier<EventHub> events;
    private final Supplier<PluginRegistry> plugins;
    private final Settings settings;
    private final ExecutorService polls;
    private final Router router = new Router();
    private final byte[] openApi;

    Api(Supplier<Coordinator> coordinator, Supplier<WorkerGateway> gateway, Authenticator authenticator,
        Supplier<EventHub> events, Supplier<PluginRegistry> plugins, Settings settings) {
        this.coordinator = coordinator;
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.events = events;
        this.plugins = plugins;
        this.settings = settings;
        this.openApi = openApiDocument();
        AtomicInteger threads = new AtomicInteger();
        this.polls = new ThreadPoolExecutor(0, settings.maxConcurrentPolls(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread thread = new Thread(r, "dtf-rest-poll-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        routes();
    }

    private void routes() {
        long body = settings.maxBodyBytes();
        Set<String> page = Set.of("offset", "limit");
        router.add("GET", "/health", Role.PUBLIC, body, Set.of(), this::health)
                .add("GET", "/ready", Role.PUBLIC, body, Set.of(), this::ready)
                .add("GET", "/api/openapi.json", Role.PUBLIC, body, Set.of(), this::openApi)
                .add("POST", V1 + "/runs", Role.SUBMITTER, settings.maxPlanBytes(), Set.of(), this::submit)
                .add("GET", V1 + "/runs", Role.VIEWER, body, with(page, "tenant"), this::runs)
                .add("GET", V1 + "/runs/{runId}", Role.VIEWER, body, Set.of(), this::run)
                .add("GET", V1 + "/runs/{runId}/plan", Role.VIEWER, body, Set.of(), this::plan)
                .add("POST", V1 + "/runs/{runId}/cancel", Role.SUBMITTER, body, Set.of(), this::cancelRun)
                .add("GET", V1 + "/runs/{runId}/tasks", Role.VIEWER, body, with(page, "state"), this::runTasks)
                .add("GET", V1 + "/runs/{runId}/testcases", Role.VIEWER, body, with(page, "status", "task"),
                        this::testCases)
                .add("GET", V1 + "/tasks", Role.VIEWER, body, with(page, "run", "state", "worker"), this::tasks)
                .add("GET", V1 + "/tasks/{taskId}", Role.VIEWER, body, Set.of(), this::task)
                .add("GET", V1 + "/tasks/{taskId}/attempts", Role.VIEWER, body, page, this::attempts)
                .add("POST", V1 + "/tasks/{taskId}/cancel", Role.SUBMITTER, body, Set.of(), this::cancelTask)
                .add("GET", V1 + "/tasks/{taskId}/log", Role.VIEWER, body, Set.of("attempt", "tail"), this::log)
                .add("GET", V1 + "/workers", Role.VIEWER, body, with(page, "state"), this::workers)
                .add("POST", V1 + "/workers/{workerId}/drain", Role.ADMIN, body, Set.of(), this::drain)
                .add("GET", V1 + "/plugins", Role.VIEWER, body, with(page, "type", "state"), this::plugins)
                .add("POST", V1 + "/plugins/{name}/enable", Role.ADMIN, body, Set.of(), this::enablePlugin)
                .add("POST", V1 + "/plugins/{name}/disable", Role.ADMIN, body, Set.of(), this::disablePlugin)
                .add("GET", V1 + "/schedulers", Role.VIEWER, body, page, this::schedulers)
                .add("POST", V1 + "/schedulers/{name}/use", Role.ADMIN, body, Set.of(), this::useScheduler)
                .add("GET", V1 + "/events", Role.VIEWER, body, Set.of("types"), this::events)
                // the worker protocol: WorkerGateway over HTTP
                .add("POST", V1 + "/workers", Role.WORKER, body, Set.of(), this::register)
                .add("POST", V1 + "/workers/{workerId}/poll", Role.WORKER, settings.maxResultBytes(), Set.of(),
                        this::poll)
                .add("POST", V1 + "/workers/{workerId}/reports", Role.WORKER, settings.maxResultBytes(), Set.of(),
                        this::reports)
                .add("POST", V1 + "/workers/{workerId}/started", Role.WORKER, body, Set.of(), this::started)
                .add("POST", V1 + "/workers/{workerId}/log", Role.WORKER, body, Set.of(), this::appendLog)
                .add("POST", V1 + "/workers/{workerId}/completed", Role.WORKER, settings.maxResultBytes(), Set.of(),
                        this::completed)
                .add("POST", V1 + "/workers/{workerId}/draining", Role.WORKER, body, Set.of(), this::draining)
                .add("DELETE", V1 + "/workers/{workerId}", Role.WORKER, body, Set.of(), this::unregister);
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    List<Router.Route> routesForTest() {
        return router.routes();
    }

    @Override
    public void close() {
        polls.shutdownNow();
    }

    // ---------------------------------------------------------------- dispatch

    /** Answers one request; nothing escapes as an exception, and no failure shows a stack trace. */
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        try {
            Router.Match match = router.route(request.getMethod(), path);
            Router.Route route = match.route();
            if (request.getContentLengthLong() > route.bodyLimit()) {
                throw new RestError(ProblemType.PAYLOAD_TOO_LARGE, "the body is larger than "
                        + Bodies.describeSize(route.bodyLimit()) + ", the limit of this call");
            }
            Authenticator.Principal caller = null;
            if (route.role() != Role.PUBLIC) {
                caller = authenticator.authenticate(request.getHeader("Authorization"));
                Authenticator.authorize(caller, route.role());
            }
            Exchange exchange = new Exchange(request, response, route, match.parameters(), caller);
            if (route.query().isEmpty()) {
                exchange.query().check();
            }
            route.handler().handle(exchange);
        } catch (Throwable failure) {
            Responses.failure(response, failure);
        }
    }

    private Coordinator coordinator() {
        Coordinator c = coordinator.get();
        if (c == null) {
            throw unavailable();
        }
        return c;
    }

    private WorkerGateway gateway() {
        WorkerGateway g = gateway.get();
        if (g == null) {
            throw unavailable();
        }
        return g;
    }

    private static RestError unavailable() {
        return new RestError(ProblemType.UNAVAILABLE, "the coordinator is not running", List.of(),
                Map.of("Retry-After", "5"));
    }

    // ---------------------------------------------------------------- public

    private void health(Exchange ex) throws IOException {
        ex.ok(Map.of("status", "UP"));
    }

    private void ready(Exchange ex) throws IOException {
        Coordinator c = coordinator();
        try {
            c.runs(RunQuery.all(new Page(0, 1)));
        } catch (DtfException e) {
            throw new RestError(ProblemType.UNAVAILABLE, "the coordinator's store does not answer: " + e.getMessage(),
                    List.of(), Map.of("Retry-After", "5"));
        }
        ex.ok(Map.of("status", "READY"));
    }

    private void openApi(Exchange ex) throws IOException {
        Responses.bytes(ex.response, 200, Responses.JSON, openApi);
    }

    static byte[] openApiDocument() {
        try (InputStream in = Api.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json cannot be read", e);
        }
    }

    // ---------------------------------------------------------------- runs and tasks

    private void submit(Exchange ex) throws IOException {
        String type = Bodies.mediaType(ex.request, PLAN_TYPES);
        String plan = Bodies.utf8(ex.body());
        RunSummary run = coordinator().submit(plan, type.equals(Responses.JSON) ? "request.json" : "request.yaml");
        LOG.info("Run {} '{}' submitted over REST by the {}", run.run().id(), run.run().name(), ex.caller.name());
        ex.response.setHeader("Location", V1 + "/runs/" + run.run().id());
        Responses.json(ex.response, HttpServletResponse.SC_CREATED, run);
    }

    private void runs(Exchange ex) throws IOException {
        Query q = ex.query();
        String tenant = q.text("tenant", 200);
        Page page = q.page();
        q.check();
        ex.ok(new Paged<>(coordinator().runs(new RunQuery(tenant, page)), page.offset(), page.limit(), null));
    }

    private void run(Exchange ex) throws IOException {
        ex.ok(requireRun(ex.path("runId", Ids::run)));
    }

    private void plan(Exchange ex) throws IOException {
        RunId id = ex.path("runId", Ids::run);
        String plan = coordinator().plan(id).orElseThrow(() -> DtfException.notFound("run", id));
        Responses.bytes(ex.response, 200, Responses.TEXT, plan.getBytes(StandardCharsets.UTF_8));
    }

    private RunSummary requireRun(RunId id) {
        return coordinator().run(id).orElseThrow(() -> DtfException.notFound("run", id));
    }

    private Task requireTask(TaskId id) {
        return coordinator().task(id).orElseThrow(() -> DtfException.notFound("task", id));
    }

    private void cancelRun(Exchange ex) throws IOException {
        RunId id = ex.path("runId", Ids::run);
        int cancelled = coordinator().cancel(id);
        LOG.info("Run {} cancelled over REST by the {} ({} tasks)", id, ex.caller.name(), cancelled);
        ex.ok(Map.of("cancelled", cancelled));
    }

    private void runTasks(Exchange ex) throws IOException {
        RunId id = ex.path("runId", Ids::run);
        Query q = ex.query();
        Set<TaskState> states = q.enums("state", TaskState.class);
        Page page = q.page();
        q.check();
        RunSummary run = requireRun(id);
        long total = states.isEmpty() ? run.counts().total()
                : states.stream().mapToLong(s -> run.counts().get(s)).sum();
        List<Task> tasks = coordinator().tasks(new TaskQuery(id, states, null, page));
        ex.ok(new Paged<>(tasks, page.offset(), page.limit(), total));
    }

    private void testCases(Exchange ex) throws IOException {
        RunId id = ex.path("runId", Ids::run);
        Query q = ex.query();
        Set<TestCaseStatus> statuses = q.enums("status", TestCaseStatus.class);
        TaskId task = q.parsed("task", Ids::task);
        Page page = q.page();
        if (task != null && !task.runId().equals(id)) {
            q.problem("task", "task " + task + " is not a task of run " + id);
        }
        q.check();
        requireRun(id);
        List<StoredTestCase> cases = coordinator().testCases(new TestCaseQuery(id, task, statuses, page));
        ex.ok(new Paged<>(cases, page.offset(), page.limit(), null));
    }

    private void tasks(Exchange ex) throws IOException {
        Query q = ex.query();
        RunId run = q.parsed("run", Ids::run);
        Set<TaskState> states = q.enums("state", TaskState.class);
        WorkerId worker = q.parsed("worker", Ids::worker);
        Page page = q.page();
        q.check();
        List<Task> tasks = coordinator().tasks(new TaskQuery(run, states, worker, page));
        ex.ok(new Paged<>(tasks, page.offset(), page.limit(), null));
    }

    private void task(Exchange ex) throws IOException {
        ex.ok(requireTask(ex.path("taskId", Ids::task)));
    }

    private void attempts(Exchange ex) throws IOException {
        TaskId id = ex.path("taskId", Ids::task);
        Query q = ex.query();
        Page page = q.page();
        q.check();
        List<AttemptRecord> attempts = coordinator().attempts(id);
        if (attempts.isEmpty()) {
            requireTask(id);
        }
        ex.ok(window(attempts, page));
    }

    private void cancelTask(Exchange ex) throws IOException {
        TaskId id = ex.path("taskId", Ids::task);
        boolean cancelled = coordinator().cancel(id);
        LOG.info("Task {} cancel over REST by the {}: {}", id, ex.caller.name(), cancelled ? "cancelled"
                : "already finished");
        ex.ok(Map.of("cancelled", cancelled));
    }

    private void log(Exchange ex) throws IOException {
        TaskId id = ex.path("taskId", Ids::task);
        Query q = ex.query();
        int attempt = q.integer("attempt", 1, 1_000_000, 0);
        int tail = q.integer("tail", 1, MAX_TAIL_LINES, 0);
        q.check();
        Task task = requireTask(id);
        if (task.attempt() == 0) {
            throw new DtfException(ErrorCode.NOT_FOUND, "task " + id + " has not run yet: it has no log");
        }
        int number = attempt == 0 ? task.attempt() : attempt;
        if (number > task.attempt()) {
            throw new DtfException(ErrorCode.NOT_FOUND, "task " + id + " has no attempt " + number
                    + " (it is at attempt " + task.attempt() + ")");
        }
        TaskAttempt which = new TaskAttempt(id, number);
        Path file = coordinator.get().logFile(which);
        byte[] text;
        try {
            if (tail > 0) {
                text = LogTail.tail(file, tail);
            } else {
                ex.response.setStatus(200);
                ex.response.setContentType(Responses.TEXT);
                ex.response.setHeader("Cache-Control", "no-store");
                ex.response.setHeader("Content-Disposition", "inline; filename=\"" + id + "-" + number + ".log\"");
                ex.response.setContentLengthLong(Files.size(file));
                try (OutputStream out = ex.response.getOutputStream()) {
                    Files.copy(file, out);
                }
                return;
            }
        } catch (NoSuchFileException e) {
            TaskResult result = task.result();
            if (number != task.attempt() || result == null || result.logTail() == null) {
                throw new DtfException(ErrorCode.NOT_FOUND, "no log is kept for attempt " + which);
            }
            String lines = lastLines(result.logTail(), tail);
            // a tail is kept without its last line end; served, it reads as a file does
            text = (lines.isEmpty() || lines.endsWith("\n") ? lines : lines + "\n").getBytes(StandardCharsets.UTF_8);
        }
        Responses.bytes(ex.response, 200, Responses.TEXT, text);
    }

    static String lastLines(String text, int lines) {
        if (lines <= 0) {
            return text;
        }
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int start = end;
        for (int found = 0; found < lines && start > 0; ) {
            start--;
            if (text.charAt(start) == '\n' && ++found == lines) {
                start++;
                break;
            }
        }
        return text.substring(Math.max(0, start));
    }

    // ---------------------------------------------------------------- workers, plugins, events

    private void workers(Exchange ex) throws IOException {
        Query q = ex.query();
        Set<WorkerState> states = q.enums("state", WorkerState.class);
        Page page = q.page();
        q.check();
        List<WorkerStatus> workers = coordinator().workers().stream()
                .filter(w -> states.isEmpty() || states.contains(w.state())).toList();
        ex.ok(window(workers, page));
    }

    private void drain(Exchange ex) {
        WorkerId id = ex.path("workerId", Ids::worker);
        gateway().draining(id);
        LOG.info("Worker {} set to drain over REST by the {}", id, ex.caller.name());
        ex.noContent();
    }

    private PluginRegistry registry() {
        PluginRegistry registry = plugins.get();
        if (registry == null) {
            throw unavailable();
        }
        return registry;
    }

    private void plugins(Exchange ex) throws IOException {
        Query q = ex.query();
        Set<PluginType> types = q.enums("type", PluginType.class);
        Set<PluginState> states = q.enums("state", PluginState.class);
        Page page = q.page();
        q.check();
        List<PluginInfo> found = registry().plugins().stream()
                .filter(p -> types.isEmpty() || types.contains(p.type()))
                .filter(p -> states.isEmpty() || states.contains(p.state())).toList();
        ex.ok(window(found, page));
    }

    private void enablePlugin(Exchange ex) {
        String name = ex.path("name", Ids::name);
        registry().enable(name);
        LOG.info("Plugin {} enabled over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }

    private void disablePlugin(Exchange ex) {
        String name = ex.path("name", Ids::name);
        registry().disable(name);
        LOG.info("Plugin {} disabled over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }

    private void schedulers(Exchange ex) throws IOException {
        Query q = ex.query();
        Page page = q.page();
        q.check();
        ex.ok(window(coordinator().schedulers(), page));
    }

    private void useScheduler(Exchange ex) {
        String name = ex.path("name", Ids::name);
        coordinator().useScheduler(name);
        LOG.info("Scheduler {} made active over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }

    private static <T> Paged<T> window(List<T> all, Page page) {
        int from = (int) Math.min(all.size(), (long) page.offset());
        int to = (int) Math.min(all.size(), (long) from + page.limit());
        return new Paged<>(all.subList(from, to), page.offset(), page.limit(), (long) all.size());
    }

    private void events(Exchange ex) throws IOException {
        Query q = ex.query();
        Set<HookType> types = q.enums("types", HookType.class);
        q.check();
        HttpServletRequest request = ex.request;
        if (!request.isAsyncSupported()) {
            throw new RestError(ProblemType.INTERNAL, "the servlet is not registered with async support");
        }
        EventHub hub = events.get();
        if (hub == null) {
            throw new RestError(ProblemType.UNAVAILABLE, "the event stream is disabled", List.of(),
                    Map.of("Retry-After", "5"));
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        EventHub.Client client;
        try {
            client = hub.open(new EventHub.Stream() {
                @Override
                public OutputStream output() throws IOException {
                    return async.getResponse().getOutputStream();
                }

                @Override
                public void close() {
                    try {
                        async.complete();
                    } catch (IllegalStateException alreadyDone) {
                        // the container ended it first
                    }
                }
            }, types);
        } catch (RestError refused) {
            Responses.failure(ex.response, refused);
            async.complete();
            return;
        }
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        HttpServletResponse response = ex.response;
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = response.getOutputStream();
            out.write("retry: 3000\n: connected\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException gone) {
            client.close();
            return;
        }
        client.start();
    }

    // ---------------------------------------------------------------- the worker protocol

    private void register(Exchange ex) throws IOException {
        WorkerInfo info = ex.json(WorkerInfo.class);
        List<Problem> problems = new ArrayList<>();
        try {
            Ids.worker(info.id().value());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("id", e.getMessage()));
        }
        if (info.name() == null || info.name().isBlank()) {
            problems.add(new Problem("name", "is required"));
        }
        checkLength(problems, "name", info.name(), 200);
        checkLength(problems, "host", info.host(), 255);
        if (info.slots() > MAX_SLOTS) {
            problems.add(new Problem("slots", "at most " + MAX_SLOTS));
        } else if (info.slots() + info.prefetch() > MAX_SLOTS) {
            problems.add(new Problem("prefetch", "slots and prefetch together at most " + MAX_SLOTS));
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid("the worker is not valid", problems);
        }
        gateway().register(info);
        ex.noContent();
    }

    private static void checkLength(List<Problem> problems, String location, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(new Problem(location, "longer than " + max + " characters"));
        }
    }

    private void poll(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        PollRequest body = ex.json(PollRequest.class);
        List<Problem> problems = new ArrayList<>();
        if (body.freeSlots() == null) {
            problems.add(new Problem("freeSlots", "is required"));
        } else if (body.freeSlots() < 0 || body.freeSlots() > MAX_SLOTS) {
            problems.add(new Problem("freeSlots", "must be between 0 and " + MAX_SLOTS + ", not " + body.freeSlots()));
        }
        List<TaskAttempt> running = body.running() == null ? List.of() : body.running();
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i) == null) {
                problems.add(new Problem("running[" + i + "]", "must not be null"));
            }
        }
        if (running.size() > MAX_SLOTS) {
            problems.add(new Problem("running", "at most " + MAX_SLOTS + " attempts"));
        }
        WorkerReports reports = reports(body.started(), body.completed(), body.returned(), problems);
        Duration wait = body.maxWait() == null ? DEFAULT_POLL_WAIT : body.maxWait();
        if (wait.isNegative()) {
            problems.add(new Problem("maxWait", "must not be negative, not " + wait));
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid("the poll is not valid", problems);
        }
        Duration capped = wait.compareTo(settings.maxPollWait()) > 0 ? settings.maxPollWait() : wait;
        int free = body.freeSlots();
        WorkerGateway g = gateway();
        HttpServletRequest request = ex.request;
        if (!request.isAsyncSupported()) {
            ex.ok(pollNow(g, worker, reports, free, running, capped));
            return;
        }
        // the wait happens on a poll thread, not on one of Jetty's
        AsyncContext async = request.startAsync();
        async.setTimeout(capped.toMillis() + 60_000);
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            polls.execute(() -> {
                try {
                    Responses.json(response, 200, pollNow(g, worker, reports, free, running, capped));
                } catch (Throwable failure) {
                    try {
                        Responses.failure(response, failure);
                    } catch (IOException | RuntimeException gone) {
                        LOG.debug("Worker {} went away before its poll was answered", worker);
                    }
                } finally {
                    complete(async);
                }
            });
        } catch (RejectedExecutionException busy) {
            Responses.failure(response, new RestError(ProblemType.TOO_MANY_REQUESTS, settings.maxConcurrentPolls()
                    + " polls are waiting, the limit (maxConcurrentPolls); try again", List.of(),
                    Map.of("Retry-After", "1")));
            complete(async);
        }
    }

    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // timed out or the client went away
        }
    }

    private static PollResult pollNow(WorkerGateway gateway, WorkerId worker, WorkerReports reports, int free,
                                      List<TaskAttempt> running, Duration wait) {
        try {
            return gateway.poll(worker, reports, free, running, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestError(ProblemType.UNAVAILABLE, "the REST API is stopping; poll again", List.of(),
                    Map.of("Retry-After", "1"));
        }
    }

    private void reports(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        ReportRequest body = ex.json(ReportRequest.class);
        List<Problem> problems = new ArrayList<>();
        int free = body.freeSlots() == null ? 0 : body.freeSlots();
        if (free < 0 || free > MAX_SLOTS) {
            problems.add(new Problem("freeSlots", "must be between 0 and " + MAX_SLOTS + ", not " + free));
        }
        WorkerReports reports = reports(body.started(), body.completed(), body.returned(), problems);
        if (!problems.isEmpty()) {
            throw RestError.invalid("the reports are not valid", problems);
        }
        PollResult answer = gateway().report(worker, reports, free);
        ex.ok(new ReportAnswer(answer.refused(), answer.leases()));
    }

    /** The reports of a poll or of {@code /reports}, with a problem for each missing part. */
    private static WorkerReports reports(List<TaskAttempt> started, List<AttemptResult> completed,
                                         List<TaskAttempt> returned, List<Problem> problems) {
        int before = problems.size();
        notNull("started", started, problems);
        notNull("completed", completed, problems);
        notNull("returned", returned, problems);
        if (size(started) + size(completed) + size(returned) > MAX_REPORTS) {
            problems.add(new Problem("", "at most " + MAX_REPORTS + " reports at once"));
        }
        return problems.size() > before ? WorkerReports.NONE : new WorkerReports(started, completed, returned);
    }

    private static void notNull(String location, List<?> items, List<Problem> problems) {
        for (int i = 0; items != null && i < items.size(); i++) {
            if (items.get(i) == null) {
                problems.add(new Problem(location + "[" + i + "]", "must not be null"));
            }
        }
    }

    private static int size(List<?> items) {
        return items == null ? 0 : items.size();
    }

    private void started(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        TaskAttempt attempt = ex.json(TaskAttempt.class);
        gateway().started(worker, attempt);
        ex.noContent();
    }

    private void appendLog(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        LogChunk chunk = ex.json(LogChunk.class);
        requirePresent("the log chunk", "attempt", chunk.attempt(), "text", chunk.text());
        if (chunk.offset() == null) {
            gateway().appendLog(worker, chunk.attempt(), chunk.text());
        } else if (chunk.offset() < 0) {
            throw RestError.invalid("the log chunk is not valid", List.of(new Problem("offset",
                    "must not be negative, not " + chunk.offset())));
        } else {
            gateway().appendLog(worker, chunk.attempt(), chunk.offset(), chunk.text());
        }
        ex.noContent();
    }

    private void completed(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        AttemptResult completion = ex.json(AttemptResult.class);
        if (!gateway().report(worker, new WorkerReports(List.of(), List.of(completion))).isEmpty()) {
            throw WorkerGateway.refused(worker, completion.attempt());
        }
        ex.noContent();
    }

    /** 400 naming every one of the (name, value) pairs whose value is missing. */
    private static void requirePresent(String what, Object... namesAndValues) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                problems.add(new Problem((String) namesAndValues[i], "is required"));
            }
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid(what + " is not valid", problems);
        }
    }

    private void draining(Exchange ex) {
        gateway().draining(ex.path("workerId", Ids::worker));
        ex.noContent();
    }

    private void unregister(Exchange ex) {
        gateway().unregister(ex.path("workerId", Ids::worker));
        ex.noContent();
    }
}
