package io.dtf.ci.reports.impl;

import io.dtf.api.ci.BuildDetails;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReport.Outcome;
import io.dtf.api.ci.CIReport.Phase;
import io.dtf.api.ci.CIReport.Step;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReports;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TestRun;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each run that carries a CI context to its CI system, through the system's {@link CIProvider}: a durable
 * hook, so that a report survives a crash, a restart and a CI system that is down. At the run's start it creates
 * the test run (a GitHub check run, in progress) and sets a pending commit status; at its end it completes the test
 * run with the results, sets the final status and writes the pull request comment, one per run name, edited in
 * place. Each provider does what its system has ({@link CIProvider#capabilities()}).
 *
 * <p>A run without CI context costs one store read. A call that may pass later (network, 5xx, rate limit) makes the
 * whole report retried with backoff, skipping the steps already done for the same event; a refusal (credentials,
 * permissions, an unknown repository) parks it with the reason after the other steps were made. A CI system whose
 * provider is not installed or configured makes the report wait, then park, with a warning: the run is never
 * failed for it.
 */
@Component(service = {Hook.class, CIReports.class}, configurationPid = "io.dtf.ci.reports",
        property = {Hook.PROPERTY + "=RUN_SUBMITTED,RUN_COMPLETED", Hook.DELIVERY + "=" + Hook.DURABLE,
                Hook.CONCURRENCY + "=8", Hook.TIME_LIMIT + "=15m", Hook.ATTEMPTS + "=14"})
@Designate(ocd = ReportsConfig.class)
public final class CIReportHook implements Hook, CIReports {
    private static final Logger LOG = LoggerFactory.getLogger(CIReportHook.class);
    private static final int DONE_STEPS_KEPT = 4096;

    private final TaskStore store;
    /** A run's page, from the coordinator's public URL. */
    private final Function<RunId, URI> runLinks;
    private final CIProviders providers;
    private final CIJobTokens jobTokens;
    private final Clock clock;
    private final RunResults results;
    /** The steps of an event already done in an earlier attempt, by event id: a retry does only what is left. */
    private final Map<String, Set<String>> doneSteps = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    return size() > DONE_STEPS_KEPT;
                }
            });
    private volatile ReportsConfig config;
    private final RecentReports recent;

    /**
     * The coordinator is taken when a link is made, not when this hook starts: the coordinator gets its hooks while it
     * starts, and a hook that needed the coordinator to start would close a cycle that DS refuses.
     */
    @Activate
    public CIReportHook(@Reference TaskStore store, @Reference ComponentServiceObjects<Coordinator> coordinator,
                        @Reference CIProviders providers, @Reference CIJobTokens jobTokens, ReportsConfig config) {
        this(store, run -> {
            Coordinator service = coordinator.getService();
            try {
                return service.runUrl(run);
            } finally {
                coordinator.ungetService(service);
            }
        }, providers, jobTokens, config, Clock.systemUTC());
    }

    CIReportHook(TaskStore store, Function<RunId, URI> runLinks, CIProviders providers, CIJobTokens jobTokens,
                 ReportsConfig config, Clock clock) {
        this.store = store;
        this.runLinks = runLinks;
        this.providers = providers;
        this.jobTokens = jobTokens;
        this.clock = clock;
        this.results = new RunResults(store);
        this.recent = new RecentReports(config.recentReports());
        this.config = config;
    }

    @Modified
    void modified(ReportsConfig changed) {
        this.config = changed;
        recent.resize(changed.recentReports());
    }

    @Override
    public void on(DtfEvent event) throws Exception {
        if (event.run() == null) {
            return;
        }
        Phase phase = event.type() == HookType.RUN_SUBMITTED ? Phase.START : Phase.END;
        if (phase == Phase.START && !config.reportStart()) {
            return;
        }
        Optional<TestRun> run = store.run(event.run());
        if (run.isEmpty() || run.get().ci() == null) {
            return; // no CI context: reported nowhere
        }
        Made made = report(run.get(), phase, event.id());
        CIReport report = made.report();
        switch (report.outcome()) {
            case DELIVERED -> {
                return;
            }
            case NO_PROVIDER -> throw HookFailure.retryable(failureText(report), null, null);
            case REFUSED -> throw HookFailure.permanent(failureText(report), null);
            case RETRYING -> throw HookFailure.retryable(failureText(report), null, made.retryAfter());
            default -> throw new IllegalStateException(report.outcome().name());
        }
    }

    @Override
    public List<CIReport> recent(int limit) {
        return recent.newest(Math.max(0, limit));
    }

    @Override
    public CIReport resend(RunId id) {
        TestRun run = store.run(id).orElseThrow(() -> new IllegalArgumentException("run " + id.value() + " does not exist"));
        if (run.ci() == null) {
            throw new IllegalArgumentException("run " + id.value() + " carries no CI context: it reports nowhere");
        }
        RunSummary summary = store.runSummary(id).orElseThrow(
                () -> new IllegalArgumentException("run " + id.value() + " does not exist"));
        return report(run, RunResults.isOver(summary.state()) ? Phase.END : Phase.START, null).report();
    }

    /** A report made, and the longest wait a rate-limited call asked for. */
    private record Made(CIReport report, Duration retryAfter) {
    }

    /** Makes the report of a run in one phase and records it; never throws for the CI system's failures. */
    private Made report(TestRun run, Phase phase, String eventId) {
        CIContext ci = run.ci();
        Optional<CIProvider> found = providers.forContext(ci);
        if (found.isEmpty()) {
            CIReport report = new CIReport(run.id(), run.name(), ci.provider(), ci.repository(), phase, clock.instant(),
                    Outcome.NO_PROVIDER, List.of(new Step("find provider", "no CI provider '" + ci.provider()
                    + "' is installed and configured for " + describe(ci) + ": the report waits for one (see dtf:ci)",
                    null)), null);
            LOG.warn("CI report of run {} ({}): {}", run.id().value(), phase, report.steps().get(0).result());
            recent.add(report);
            return new Made(report, null);
        }
        CIProvider provider = jobTokens.forRun(run.id()).flatMap(found.get()::withJobToken).orElse(found.get());
        Set<String> done = eventId == null ? Collections.synchronizedSet(new HashSet<>())
                : doneSteps.computeIfAbsent(eventId, id -> Collections.synchronizedSet(new HashSet<>()));
        Steps steps = new Steps(done);
        Set<CICapability> capabilities = provider.capabilities();
        URI link = runLinks.apply(run.id());
        TestRunResult result;
        if (phase == Phase.START) {
            result = results.atStart(run, link);
        } else {
            RunSummary summary = store.runSummary(run.id()).orElse(null);
            result = summary == null ? results.atStart(run, link)
                    : results.now(summary, link, Math.max(0, config.failedTestsLimit()), clock.instant());
        }
        BuildDetails details = null;
        if (capabilities.contains(CICapability.TEST_RUNS) && !(phase == Phase.END && done.contains("completeTestRun"))) {
            TestRunHandle handle = steps.call("createTestRun", () -> provider.createTestRun(ci, result), TestRunHandle::url);
            if (handle != null && phase == Phase.END) {
                steps.call("completeTestRun", () -> provider.completeTestRun(handle, result), nothing -> handle.url());
            }
        }
        if (capabilities.contains(CICapability.BUILD_STATUS)) {
            BuildStatus status = phase == Phase.START ? BuildStatus.PENDING : result.status();
            String description = phase == Phase.START ? "DTF run " + run.id().value() + " is queued" : result.summaryLine();
            steps.call("setBuildStatus", () -> provider.setBuildStatus(ci,
                    new CommitStatus(config.prefix() + "/" + run.name(), status, description, link)), nothing -> link);
        }
        if (phase == Phase.END && ci.pullRequest() != null && capabilities.contains(CICapability.PR_COMMENT)) {
            int limit = Math.min(config.commentLimit(), provider.maxCommentLength());
            String markdown = ReportMarkdown.render(run.name(), result, Math.max(ReportMarkdown.MIN_LIMIT, limit));
            steps.call("upsertPrComment", () -> provider.upsertPrComment(ci, commentKey(run.name()), markdown), uri -> uri);
        }
        if (phase == Phase.END && capabilities.contains(CICapability.BUILD_DETAILS)) {
            details = steps.call("buildDetails", () -> provider.buildDetails(ci), BuildDetails::url);
            if (details == null && steps.outcome() != Outcome.DELIVERED) {
                steps.forgive("buildDetails"); // details are for listings only: never worth a retry
            }
        }
        CIReport report = new CIReport(run.id(), run.name(), ci.provider(), ci.repository(), phase, clock.instant(),
                steps.outcome(), steps.list(), details);
        recent.add(report);
        if (report.outcome() == Outcome.DELIVERED) {
            if (eventId != null) {
                doneSteps.remove(eventId);
            }
            if (phase == Phase.END) {
                jobTokens.release(run.id());
            }
            LOG.debug("CI report of run {} ({}) to {}: delivered", run.id().value(), phase, describe(ci));
        } else {
            LOG.warn("CI report of run {} ({}) to {}: {}", run.id().value(), phase, describe(ci), failureText(report));
        }
        return new Made(report, steps.retryAfter());
    }

    /** The comment key of a run name: one comment per run name on a pull request. */
    String commentKey(String runName) {
        String key = (config.prefix() + "-" + runName).replaceAll("[^A-Za-z0-9._:-]", "-");
        return key.length() <= 100 ? key : key.substring(0, 100);
    }

    private static String describe(CIContext ci) {
        return ci.provider() + (ci.repository() == null ? "" : " " + ci.repository())
                + (ci.pullRequest() == null ? "" : " #" + ci.pullRequest());
    }

    private static String failureText(CIReport report) {
        StringBuilder text = new StringBuilder();
        for (Step step : report.steps()) {
            if (!step.result().equals("OK")) {
                text.append(text.isEmpty() ? "" : "; ").append(step.operation()).append(": ").append(step.result());
            }
        }
        return Secrets.redact(text.toString());
    }

    /** The calls of one report, each made once per event, with what they ended in. */
    private static final class Steps {
        private final Set<String> done;
        private final List<Step> list = new ArrayList<>();
        private final Map<String, ExternalSystemResult> failures = new LinkedHashMap<>();

        Steps(Set<String> done) {
            this.done = done;
        }

        /** Calls {@code operation} unless an earlier attempt did; its value, or {@code null} when it failed or was done. */
        <T> T call(String name, Supplier<CompletableFuture<T>> operation, Function<T, URI> linkOf) {
            if (done.contains(name) && !name.equals("createTestRun")) { // the test run's handle is needed again
                list.add(new Step(name, "OK", null));
                return null;
            }
            try {
                T value = operation.get().get();
                done.add(name);
                list.add(new Step(name, "OK", value == null ? null : linkOf.apply(value)));
                return value;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reporting (" + name + ")", e);
            } catch (ExecutionException | RuntimeException e) {
                ExternalSystemResult failure = ExternalSystemResult.failure(e instanceof ExecutionException ? e.getCause() : e);
                failures.put(name, failure);
                list.add(new Step(name, failure.describe(), null));
                return null;
            }
        }

        void forgive(String name) {
            failures.remove(name);
        }

        Outcome outcome() {
            if (failures.isEmpty()) {
                return Outcome.DELIVERED;
            }
            return failures.values().stream().anyMatch(ExternalSystemResult::retryable) ? Outcome.RETRYING : Outcome.REFUSED;
        }

        Duration retryAfter() {
            return failures.values().stream().map(ExternalSystemResult::retryAfter).filter(Objects::nonNull)
                    .max(Duration::compareTo).orElse(null);
        }

        List<Step> list() {
            return List.copyOf(list);
        }
    }
}
