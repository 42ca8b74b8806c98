package io.dtf.coordinator.impl;

import io.dtf.api.DtfException;
import io.dtf.api.Durations;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookType;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.EventPublisher;
import io.dtf.api.store.EventLog;
import io.dtf.api.store.EventLog.ParkedEvent;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Labels;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.coordinator.impl.delivery.DurableHooks;
import io.dtf.coordinator.impl.delivery.RunReports;
import io.dtf.coordinator.impl.dispatch.WaitingReason;
import io.dtf.coordinator.impl.engine.EngineSettings;
import io.dtf.coordinator.impl.engine.TaskEngine;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import io.dtf.plan.TaskTypeDefinition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: accepts plans, answers queries, and is the {@link WorkerGateway} of every
 * worker. Runs are stored before {@link #submit} answers; the {@link TaskEngine} does the rest.
 * Hooks and schedulers are whiteboard services that may come and go at any time.
 */
@Component(service = {Coordinator.class, WorkerGateway.class, PluginRegistry.class, EventPublisher.class}, configurationPid = "io.dtf.coordinator",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CoordinatorConfig.class)
public final class CoordinatorService implements Coordinator, WorkerGateway, PluginRegistry, EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);
    private static final Set<TaskState> UNFINISHED = EnumSet.of(TaskState.QUEUED, TaskState.LEASED, TaskState.RUNNING);
    /**
     * Task types a plan may use: those whose plan keys a bundle defines, those of the executors installed here, and
     * those configured for remote workers.
     */
    private final Map<String, TaskTypeDefinition> typeDefinitions = new ConcurrentHashMap<>();
    private final Map<String, Integer> executorTypes = new ConcurrentHashMap<>();
    private volatile Set<String> configuredTypes = Set.of();

    private final Clock clock = Clock.systemUTC();
    private final Map<String, SchedulerPlugin> schedulers = new ConcurrentHashMap<>();
    private final Map<String, String> schedulerBundles = new ConcurrentHashMap<>();
    private final Map<Hook, ServiceReference<Hook>> hooks = new LinkedHashMap<>();

    @Reference
    private TaskStore store;

    @Reference
    private EventLog eventLog;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    @Reference
    private ServiceComponentRuntime componentRuntime;

    private volatile String schedulerName = FifoScheduler.NAME;
    private volatile PlanDefaults planDefaults;
    /** {@link CoordinatorConfig#publicUrl()}, or its default; no trailing slash. */
    private volatile String publicUrl;
    private volatile int eventFailedTestsLimit;
    private volatile boolean refuseMissingBrowserCapabilities;
    private EventBus events;
    private DurableHooks durableHooks;
    private TaskEngine engine;
    private PluginManager plugins;

    @Activate
    void activate(CoordinatorConfig config, BundleContext context) {
        applyPublicUrl(config.publicUrl());
        schedulerName = config.scheduler();
        configuredTypes = Set.of(config.taskTypes());
        planDefaults = planDefaults(config);
        eventFailedTestsLimit = config.eventFailedTestsLimit();
        refuseMissingBrowserCapabilities = config.refuseMissingBrowserCapabilities();
        RunReports reports = new RunReports(store, this::runUrl, () -> eventFailedTestsLimit);
        synchronized (hooks) {
            durableHooks = new DurableHooks(eventLog, reports::complete, clock,
                    Duration.ofHours(config.eventRetentionHours()));
            events = new EventBus(hookLimits(config), channel -> plugins.failing(channel), durableHooks,
                    reports::complete);
            EventBus bus = events;
            plugins = new PluginManager(context, componentRuntime, bus::hooksOf,
                    new DisabledPlugins(dataRoot().resolve("disabled-plugins")), bus::publish);
            plugins.start();
            hooks.forEach(this::addToBus);
        }
        engine = new TaskEngine(store, events::publish, this::scheduler, clock, engineSettings(config));
        engine.recover();
        engine.start();
        events.publish(new DtfEvent(HookType.COORDINATOR_STARTUP, clock.instant(), null, null, null, Severity.INFO,
                Map.of("scheduler", schedulerName)));
        LOG.info("DTF coordinator started (scheduler {}, lease timeout {} s)", schedulerName,
                config.leaseTimeoutSeconds());
    }

    /**
     * Every key applies at once, without a restart: queued tasks stay queued, running ones run on, and
     * hooks keep the events queued for them. A value that is not valid is logged and its key keeps
     * its value; the other keys apply.
     */
    @Modified
    void modified(CoordinatorConfig config) {
        applyPublicUrl(config.publicUrl());
        try {
            planDefaults = planDefaults(config);
        } catch (DtfException invalid) {
            LOG.error("{}; defaultTimeout and defaultMaxAttempts keep their values", invalid.getMessage());
        }
        configuredTypes = Set.of(config.taskTypes());
        eventFailedTestsLimit = config.eventFailedTestsLimit();
        refuseMissingBrowserCapabilities = config.refuseMissingBrowserCapabilities();
        synchronized (hooks) {
            events.limits(hookLimits(config));
            durableHooks.retention(Duration.ofHours(config.eventRetentionHours()));
        }
        engine.reconfigure(engineSettings(config));
        if (!config.scheduler().equals(schedulerName)) {
            LOG.info("Active scheduler: {} (was {})", config.scheduler(), schedulerName);
            schedulerName = config.scheduler();
            engine.redispatch();
        }
        LOG.info("Configuration applied (lease timeout {} s, hook queue capacity {})", config.leaseTimeoutSeconds(),
                config.hookQueueCapacity());
    }

    /** A public URL that is not valid is logged, and the URL in use (at first the default) is kept. */
    private void applyPublicUrl(String configured) {
        try {
            publicUrl = publicUrl(configured);
        } catch (DtfException invalid) {
            if (publicUrl == null) {
                publicUrl = publicUrl(null);
            }
            LOG.error("{}; links to runs use {}", invalid.getMessage(), publicUrl);
        }
    }

    /**
     * The configured public base URL without a trailing slash; {@code http://<host name>:8181} when none is
     * configured.
     *
     * @throws DtfException naming the value when it is not an absolute http(s) URL
     */
    static String publicUrl(String configured) {
        if (configured == null || configured.isBlank()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            return "http://" + host + ":8181";
        }
        String url = configured.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new DtfException(ErrorCode.INVALID_ARGUMENT, "publicUrl '" + configured
                + "' is not an absolute http(s) URL without query (e.g. https://dtf.example.com)");
    }

    private static PlanDefaults planDefaults(CoordinatorConfig config) {
        return new PlanDefaults(parseDuration("defaultTimeout", config.defaultTimeout()), config.defaultMaxAttempts(),
                Set.of("command"));
    }

    private static EventBus.Limits hookLimits(CoordinatorConfig config) {
        return new EventBus.Limits(config.hookQueueCapacity(), Duration.ofMillis(config.hookTimeLimitMillis()),
                Duration.ofSeconds(config.pluginUpdateGraceSeconds()), config.pluginFailureLimit());
    }

    private static EngineSettings engineSettings(CoordinatorConfig config) {
        return new EngineSettings(Duration.ofSeconds(config.leaseTimeoutSeconds()),
                Duration.ofSeconds(config.overdueGraceSeconds()), config.lostAttemptAllowance(),
                Duration.ofMinutes(config.usageHalfLifeMinutes()), Duration.ofSeconds(config.defaultEstimateSeconds()),
                logRoot());
    }

    @Deactivate
    void deactivate() {
        events.publish(new DtfEvent(HookType.COORDINATOR_SHUTDOWN, clock.instant(), null, null, null, Severity.INFO,
                Map.of()));
        engine.close();
        plugins.stop();
        synchronized (hooks) {
            events.close();
            events = null;
        }
        LOG.info("DTF coordinator stopped");
    }

    /** Where attempt logs are kept: the embedded worker's folder, so that both write one layout. */
    private static Path logRoot() {
        return dataRoot().resolve("logs");
    }

    /** The coordinator's own files: {@code ${karaf.data}/dtf}. */
    private static Path dataRoot() {
        String data = System.getProperty("karaf.data");
        return Path.of(data == null || data.isBlank() ? "data" : data, "dtf");
    }

    private static Duration parseDuration(String key, String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException notADuration) {
            duration = null;
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "io.dtf.coordinator " + key + ": '" + value
                    + "' is not a positive duration (use 30m, 90s, 2h or PT30M)");
        }
        return duration;
    }

    // ---------------------------------------------------------------- whiteboard

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + SchedulerPlugin.PROPERTY + "=*)")
    void bindScheduler(SchedulerPlugin scheduler, ServiceReference<SchedulerPlugin> reference) {
        String name = String.valueOf(reference.getProperty(SchedulerPlugin.PROPERTY));
        schedulers.put(name, scheduler);
        schedulerBundles.put(name, reference.getBundle().getSymbolicName() + " " + reference.getBundle().getVersion());
        LOG.info("Scheduler {} is available", name);
        if (engine != null) {
            engine.redispatch();
        }
    }

    void unbindScheduler(SchedulerPlugin scheduler, ServiceReference<SchedulerPlugin> reference) {
        String name = String.valueOf(reference.getProperty(SchedulerPlugin.PROPERTY));
        if (schedulers.remove(name, scheduler)) {
            schedulerBundles.remove(name);
        }
    }

    /** The scheduler of a name; the active one for the empty name; {@code null} when not installed. */
    private SchedulerPlugin scheduler(String name) {
        return schedulers.get(name.equals(SchedulerQueues.ACTIVE) ? schedulerName : name);
    }

    /** Only the type matters here: executors run on workers, the coordinator never calls one. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + TaskExecutor.PROPERTY + "=*)")
    void bindExecutor(ServiceReference<TaskExecutor> reference) {
        executorTypes.merge(String.valueOf(reference.getProperty(TaskExecutor.PROPERTY)), 1, Integer::sum);
    }

    void unbindExecutor(ServiceReference<TaskExecutor> reference) {
        executorTypes.computeIfPresent(String.valueOf(reference.getProperty(TaskExecutor.PROPERTY)),
                (type, count) -> count == 1 ? null : count - 1);
    }

    /** The plan keys of a task type, from its bundle: plans read after this check them. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + TaskTypeDefinition.PROPERTY + "=*)")
    void bindTaskType(TaskTypeDefinition definition, Map<String, Object> properties) {
        typeDefinitions.put(String.valueOf(properties.get(TaskTypeDefinition.PROPERTY)), definition);
    }

    void unbindTaskType(TaskTypeDefinition definition, Map<String, Object> properties) {
        typeDefinitions.remove(String.valueOf(properties.get(TaskTypeDefinition.PROPERTY)), definition);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindHook(Hook hook, ServiceReference<Hook> reference) {
        synchronized (hooks) {
            hooks.put(hook, reference);
            if (events != null) {
                addToBus(hook, reference);
            }
        }
    }

    void unbindHook(Hook hook) {
        synchronized (hooks) {
            hooks.remove(hook);
            if (events != null) {
                events.removeHook(hook);
            }
        }
    }

    private void addToBus(Hook hook, ServiceReference<Hook> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String property : reference.getPropertyKeys()) {
            properties.put(property, reference.getProperty(property));
        }
        events.addHook(hook, reference.getBundle().getSymbolicName(), properties);
    }

    @Override
    public List<ParkedEvent> parkedEvents(String name) {
        return durableHooks.parked(plugins.symbolicName(name));
    }

    @Override
    public int redeliver(String name, Long seq) {
        int sent = durableHooks.redeliver(plugins.symbolicName(name), seq);
        if (seq != null && sent == 0) {
            throw DtfException.notFound("parked event", name + " " + seq);
        }
        LOG.info("{} parked event(s) of plugin {} sent again", sent, name);
        return sent;
    }

    // ---------------------------------------------------------------- EventPublisher

    @Override
    public DtfEvent publish(String topic, Severity severity, RunId run, Map<String, Object> data) {
        if (topic == null || topic.isBlank()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "an event's topic is required (<plugin>.<subject>)");
        }
        Map<String, Object> all = new LinkedHashMap<>(data == null ? Map.of() : data);
        all.put(EventData.TOPIC.name(), topic);
        all.putIfAbsent(EventData.PLUGIN.name(), topic.contains(".") ? topic.substring(0, topic.indexOf('.')) : topic);
        DtfEvent event = new DtfEvent(HookType.CUSTOM, clock.instant(), run, null, null, severity, all);
        EventBus bus;
        synchronized (hooks) {
            bus = events;
        }
        if (bus == null) {
            throw new DtfException(ErrorCode.ILLEGAL_STATE, "the coordinator is stopping");
        }
        bus.publish(event);
        return event;
    }

    // ---------------------------------------------------------------- Coordinator

    @Override
    public RunSummary submit(String planText, String source, Map<String, String> submittedLabels, CIContext ci) {
        Map<String, String> labels = submittedLabels == null ? Map.of() : submittedLabels;
        List<Problem> problems = new ArrayList<>(Labels.problems("labels", labels));
        if (ci != null) {
            problems.addAll(ci.problems("ci"));
        }
        if (!problems.isEmpty()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "the labels or CI context of plan " + source
                    + " are not valid", problems);
        }
        Set<String> types = new TreeSet<>(configuredTypes);
        types.addAll(executorTypes.keySet());
        Plan plan = new PlanParser(planDefaults.withTaskTypes(types).withTestClassEstimates(new TestClassHistory(store)),
                typeDefinitions).parse(planText, source); // a task split by class is balanced by its classes' history
        if (plan.scheduler() != null && !schedulers.containsKey(plan.scheduler())) {
            throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source + " is not valid", List.of(new Problem(
                    "scheduler", "'" + plan.scheduler() + "' is not installed (installed: "
                            + String.join(", ", new TreeSet<>(schedulers.keySet())) + ")")));
        }
        List<Problem> planLabelProblems = Labels.problems("labels", plan.labels());
        if (!planLabelProblems.isEmpty()) {
            throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source + " is not valid", planLabelProblems);
        }
        if (refuseMissingBrowserCapabilities) {
            refuseWhatNoProbedBrowserRuns(plan, source);
        }
        Map<String, String> runLabels = new LinkedHashMap<>(plan.labels());
        runLabels.putAll(labels); // the submitter's labels win over the plan's
        RunId id = store.nextRunId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the store keeps: memory and store agree
        TestRun run = new TestRun(id, plan.name(), runLabels, plan.tenant(), plan.scheduler(), now, planText, ci);
        List<Task> tasks = store.createRun(run, plan.toTasks(id, now));
        engine.accept(run, tasks);
        LOG.info("Run {} '{}' accepted with {} tasks", id, run.name(), tasks.size());
        return run(id).orElseThrow();
    }

    /**
     * Refuses a plan with tasks that need a browser capability the connected workers' probed browsers lack (WebNN on a
     * cluster of Debian's Chromium): waiting would hold the run until the CI job's own time-out, with no one the wiser.
     */
    private void refuseWhatNoProbedBrowserRuns(Plan plan, String source) {
        List<Capabilities> connected = engine.connectedCapabilities();
        List<Problem> unsatisfiable = new ArrayList<>();
        for (PlannedTask task : plan.tasks()) {
            String missing = WaitingReason.missingBrowserCapability(task.requirements().withTaskType(task.type()),
                    connected);
            if (missing != null) {
                unsatisfiable.add(new Problem("tasks[" + task.name() + "]", missing));
            }
        }
        if (!unsatisfiable.isEmpty()) {
            throw new DtfException(ErrorCode.UNSATISFIABLE_REQUIREMENTS, "plan " + source + " has " + unsatisfiable.size()
                    + (unsatisfiable.size() == 1 ? " task" : " tasks") + " that no connected worker's browsers can run "
                    + "(start a worker whose browser pool has it, or set refuseMissingBrowserCapabilities=false in "
                    + "etc/io.dtf.coordinator.cfg to let such tasks wait)", unsatisfiable);
        }
    }

    @Override
    public URI runUrl(RunId id) {
        return URI.create(publicUrl + "/api/v1/runs/" + id.value());
    }

    @Override
    public Optional<RunSummary> run(RunId id) {
        Optional<RunSummary> live = engine.liveSummary(id);
        return live.isPresent() ? live : store.runSummary(id);
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        return store.runs(query);
    }

    @Override
    public Optional<String> plan(RunId id) {
        return store.run(id).map(TestRun::plan);
    }

    @Override
    public Optional<Task> task(TaskId id) {
        return store.task(id).map(task -> engine.withWaitingReasons(List.of(task)).get(0));
    }

    @Override
    public List<Task> tasks(TaskQuery query) {
        return engine.withWaitingReasons(store.tasks(query));
    }

    @Override
    public List<AttemptRecord> attempts(TaskId id) {
        return store.attempts(id);
    }

    @Override
    public List<StoredTestCase> testCases(TestCaseQuery query) {
        return store.testCases(query);
    }

    @Override
    public List<StoredTestCase> testHistory(TestId test, int limit) {
        return store.testHistory(test, limit);
    }

    @Override
    public List<SlowTest> slowestTests(SlowestTestsQuery query) {
        return store.slowestTests(query);
    }

    @Override
    public int cancel(RunId id) {
        if (store.run(id).isEmpty()) {
            throw DtfException.notFound("run", id);
        }
        List<TaskId> unfinished = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<Task> page = store.tasks(new TaskQuery(id, UNFINISHED, null, new Page(offset, Page.MAX_LIMIT)));
            page.forEach(task -> unfinished.add(task.id()));
            if (page.size() < Page.MAX_LIMIT) {
                break;
            }
        }
        return engine.cancel(unfinished, "run cancelled by a user");
    }

    @Override
    public boolean cancel(TaskId id) {
        Task task = store.task(id).orElseThrow(() -> DtfException.notFound("task", id));
        return !task.state().isTerminal() && engine.cancel(List.of(id), "task cancelled by a user") == 1;
    }

    @Override
    public List<WorkerStatus> workers() {
        return engine.workers();
    }

    @Override
    public Path logFile(TaskAttempt attempt) {
        return engine.logFile(attempt);
    }

    @Override
    public List<SchedulerInfo> schedulers() {
        Map<String, Integer> queued = engine.queuedBySchedulers();
        List<SchedulerInfo> infos = new ArrayList<>();
        for (String name : new TreeSet<>(schedulers.keySet())) {
            SchedulerPlugin scheduler = schedulers.get(name);
            if (scheduler == null) {
                continue;
            }
            boolean active = name.equals(schedulerName);
            int waiting = queued.getOrDefault(name, 0) + (active ? queued.getOrDefault(SchedulerQueues.ACTIVE, 0) : 0);
            Map<String, Long> counters = new LinkedHashMap<>();
            try {
                counters.putAll(scheduler.counters());
            } catch (RuntimeException | LinkageError failure) {
                counters.clear();
            }
            infos.add(new SchedulerInfo(name, active, schedulerBundles.get(name), waiting, counters));
        }
        return infos;
    }

    @Override
    public void useScheduler(String name) {
        if (!schedulers.containsKey(name)) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "scheduler '" + name + "' is not installed (installed: "
                    + String.join(", ", new TreeSet<>(schedulers.keySet())) + ")");
        }
        try {
            Configuration configuration = configurationAdmin.getConfiguration("io.dtf.coordinator", "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put("scheduler", name);
            configuration.update(properties); // @Modified switches; etc/io.dtf.coordinator.cfg keeps it
        } catch (IOException e) {
            throw new DtfException(ErrorCode.INTERNAL, "cannot save the scheduler choice: " + e.getMessage(), e);
        }
        schedulerName = name;
        engine.redispatch();
    }

    // ---------------------------------------------------------------- PluginRegistry

    @Override
    public List<PluginInfo> plugins() {
        return plugins.plugins();
    }

    @Override
    public void enable(String name) {
        plugins.enable(name);
    }

    @Override
    public void disable(String name) {
        plugins.disable(name);
    }

    // ---------------------------------------------------------------- WorkerGateway

    @Override
    public void register(WorkerInfo worker) {
        engine.gateway().register(worker);
    }

    @Override
    public PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        return engine.gateway().poll(worker, reports, freeSlots, running, maxWait);
    }

    @Override
    public List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        return engine.gateway().report(worker, reports);
    }

    @Override
    public PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        return engine.gateway().report(worker, reports, freeSlots);
    }

    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        engine.gateway().appendLog(worker, attempt, text);
    }

    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
        engine.gateway().appendLog(worker, attempt, offset, text);
    }

    @Override
    public void draining(WorkerId worker) {
        engine.gateway().draining(worker);
    }

    @Override
    public void unregister(WorkerId worker) {
        engine.gateway().unregister(worker);
    }
}
