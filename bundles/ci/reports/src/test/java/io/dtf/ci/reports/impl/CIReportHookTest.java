package io.dtf.ci.reports.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReport.Outcome;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.HookType;
import io.dtf.api.notify.Severity;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import io.dtf.testkit.FakeCIProvider;
import io.dtf.testkit.FakeCIProviders;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.StoredRuns;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reporting hook on the real store, with the test kit's CI provider standing in for a CI system. */
class CIReportHookTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final CIContext PULL_REQUEST = new CIContext("github", "acme/shop", "4f2c9e1", "feature/x", 7,
            "1234", URI.create("https://github.com/acme/shop/actions/runs/1234"), Map.of());

    private JdbcTaskStore store;
    private FakeCIProviders providers;
    private FakeCIProvider github;
    private JobTokenHolder tokens;
    private CIReportHook hook;

    @BeforeEach
    void open() {
        store = JdbcTaskStore.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", 4);
        github = new FakeCIProvider().capabilities(CICapability.TEST_RUNS, CICapability.BUILD_STATUS,
                CICapability.PR_COMMENT);
        providers = new FakeCIProviders().add("github", github);
        tokens = new JobTokenHolder();
        hook = new CIReportHook(store, new FakeCoordinator()::runUrl, providers, tokens, config(true), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aRunIsReportedAtItsStartAndAtItsEndWithOneCommentPerRunName() throws Exception {
        RunId run = submit("api-tests", PULL_REQUEST, 2);
        hook.on(event(HookType.RUN_SUBMITTED, run));
        assertEquals(BuildStatus.PENDING, github.status(PULL_REQUEST, "dtf/api-tests").orElseThrow().status());
        assertFalse(github.completed(github.testRun(run).orElseThrow()));

        finish(run, 1, StoredRuns.test("logsIn", TestCaseStatus.PASSED), StoredRuns.test("skipsIt", TestCaseStatus.SKIPPED));
        finish(run, 2, StoredRuns.test("wrongPassword", TestCaseStatus.FAILED));
        hook.on(event(HookType.RUN_COMPLETED, run));

        var handle = github.testRun(run).orElseThrow();
        assertTrue(github.completed(handle));
        List<TestRunResult> reported = github.reported(handle);
        TestRunResult end = reported.get(reported.size() - 1);
        assertEquals(RunState.FAILED, end.state());
        assertEquals(3, end.tests().total());
        assertEquals(1, end.tests().skipped());
        assertEquals("wrongPassword", end.failedTests().get(0).name());
        assertEquals(URI.create(FakeCoordinator.PUBLIC_URL + "/api/v1/runs/" + run.value()), end.link());
        assertEquals(BuildStatus.FAILURE, github.status(PULL_REQUEST, "dtf/api-tests").orElseThrow().status());
        String comment = github.comment(PULL_REQUEST, "dtf-api-tests").orElseThrow();
        assertTrue(CommentMarker.isMarked("dtf-api-tests", comment), comment);
        assertTrue(comment.contains("| org.example.LoginTest.wrongPassword | wrongPassword broke |"), comment);

        RunId again = submit("api-tests", PULL_REQUEST, 1);
        finish(again, 1, StoredRuns.test("logsIn", TestCaseStatus.PASSED));
        hook.on(event(HookType.RUN_COMPLETED, again));
        assertEquals(1, github.commentCount(), "the same run name keeps one comment");
        assertTrue(github.comment(PULL_REQUEST, "dtf-api-tests").orElseThrow().contains("success"));
        List<CIReport> recent = hook.recent(10);
        assertEquals(3, recent.size());
        assertEquals(again, recent.get(0).run());
        assertEquals(Outcome.DELIVERED, recent.get(0).outcome());
    }

    @Test
    void theCommentFitsTheProvidersLimitAndStillSaysWhatItLeftOut() throws Exception {
        FakeCIProvider small = new FakeCIProvider().capabilities(CICapability.PR_COMMENT);
        providers.remove(github).add("github", new CIProvider() {
            @Override
            public Set<CICapability> capabilities() {
                return small.capabilities();
            }

            @Override
            public int maxCommentLength() {
                return 1_000;
            }

            @Override
            public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
                return small.upsertPrComment(context, key, markdown);
            }
        });
        RunId run = submit("api-tests", PULL_REQUEST, 1);
        TestCaseResult[] failures = new TestCaseResult[200];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = StoredRuns.test("fails" + i, TestCaseStatus.FAILED);
        }
        finish(run, 1, failures);
        hook.on(event(HookType.RUN_COMPLETED, run));
        String comment = small.comment(PULL_REQUEST, "dtf-api-tests").orElseThrow();
        assertTrue(comment.length() <= 1_000 + CommentMarker.of("dtf-api-tests").length() + 1, comment.length() + "");
        assertTrue(comment.contains("more failed tests are not listed here"), comment);
    }

    @Test
    void aRunWithoutCiContextCallsNothing() throws Exception {
        RunId run = submit("local", null, 1);
        finish(run, 1, StoredRuns.test("x", TestCaseStatus.FAILED));
        hook.on(event(HookType.RUN_SUBMITTED, run));
        hook.on(event(HookType.RUN_COMPLETED, run));
        assertEquals(List.of(), github.calls());
        assertEquals(List.of(), hook.recent(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hook.resend(run));
        assertTrue(e.getMessage().contains("carries no CI context"), e.getMessage());
    }

    @Test
    void aFailureThatMayPassIsRetriedDoingOnlyWhatIsLeftAndARefusalIsParked() throws Exception {
        RunId run = submit("api-tests", PULL_REQUEST, 1);
        finish(run, 1, StoredRuns.test("wrongPassword", TestCaseStatus.FAILED));
        DtfEvent completed = event(HookType.RUN_COMPLETED, run);
        FailingOnce failing = new FailingOnce(github);
        providers.remove(github).add("github", failing);
        failing.fail("setBuildStatus", ExternalSystemResult.rateLimited(Duration.ofSeconds(30), "secondary rate limit"));
        HookFailure retry = assertThrows(HookFailure.class, () -> hook.on(completed));
        assertFalse(retry.permanent());
        assertEquals(Duration.ofSeconds(30), retry.retryAfter());
        assertTrue(retry.getMessage().contains("setBuildStatus: RATE_LIMITED"), retry.getMessage());
        assertEquals(Outcome.RETRYING, hook.recent(1).get(0).outcome());

        int before = github.calls().size();
        hook.on(completed);
        List<String> again = github.calls().subList(before, github.calls().size());
        assertEquals(List.of("setBuildStatus 4f2c9e1 dtf/api-tests FAILURE"), again,
                "the test run was completed and the comment written in the first attempt: only the status is left");

        RunId refused = submit("ui-tests", PULL_REQUEST, 1);
        finish(refused, 1, StoredRuns.test("ok", TestCaseStatus.PASSED));
        failing.fail("upsertPrComment", ExternalSystemResult.rejected("http_403", "Resource not accessible by integration"));
        HookFailure parked = assertThrows(HookFailure.class, () -> hook.on(event(HookType.RUN_COMPLETED, refused)));
        assertTrue(parked.permanent());
        assertTrue(parked.getMessage().contains("upsertPrComment: REJECTED http_403: Resource not accessible"),
                parked.getMessage());
    }

    @Test
    void aMissingProviderMakesTheReportWaitWithAWarningAndResendSendsItLater() throws Exception {
        RunId run = submit("api-tests", PULL_REQUEST, 1);
        finish(run, 1, StoredRuns.test("logsIn", TestCaseStatus.PASSED));
        providers.remove(github);
        HookFailure waits = assertThrows(HookFailure.class, () -> hook.on(event(HookType.RUN_COMPLETED, run)));
        assertFalse(waits.permanent());
        assertTrue(waits.getMessage().contains("no CI provider 'github' is installed and configured for github acme/shop #7"),
                waits.getMessage());
        assertEquals(Outcome.NO_PROVIDER, hook.recent(1).get(0).outcome());

        providers.add("github", github);
        CIReport report = hook.resend(run);
        assertEquals(Outcome.DELIVERED, report.outcome());
        assertEquals(CIReport.Phase.END, report.phase());
        assertEquals(BuildStatus.SUCCESS, github.status(PULL_REQUEST, "dtf/api-tests").orElseThrow().status());
    }

    @Test
    void aForwardedJobTokenIsUsedForItsRunOnlyAndDroppedAfterTheEnd() throws Exception {
        List<String> used = new ArrayList<>();
        FakeCIProvider withToken = new FakeCIProvider().capabilities(CICapability.BUILD_STATUS);
        CIProvider tokenAware = new TokenAware(withToken, used);
        providers.remove(github).add("github", tokenAware);
        RunId run = submit("api-tests", PULL_REQUEST, 1);
        tokens.hold(run, "job-token-of-this-run");
        hook.on(event(HookType.RUN_SUBMITTED, run));
        finish(run, 1, StoredRuns.test("ok", TestCaseStatus.PASSED));
        hook.on(event(HookType.RUN_COMPLETED, run));
        assertEquals(List.of("job-token-of-this-run", "job-token-of-this-run"), used);
        assertEquals(Optional.empty(), tokens.forRun(run), "dropped once the end was reported");
        RunId other = submit("api-tests", PULL_REQUEST, 1);
        hook.on(event(HookType.RUN_SUBMITTED, other));
        assertEquals(2, used.size(), "another run uses the configured credentials");
        assertNull(hook.recent(1).get(0).details());
    }

    /** The test kit's provider, failing the next call of an operation as told. */
    private static final class FailingOnce implements CIProvider {
        private final FakeCIProvider delegate;
        private final Map<String, ExternalSystemResult> next = new java.util.concurrent.ConcurrentHashMap<>();

        FailingOnce(FakeCIProvider delegate) {
            this.delegate = delegate;
        }

        void fail(String operation, ExternalSystemResult result) {
            next.put(operation, result);
        }

        private <T> CompletableFuture<T> or(String operation, java.util.function.Supplier<CompletableFuture<T>> call) {
            ExternalSystemResult failure = next.remove(operation);
            return failure == null ? call.get()
                    : CompletableFuture.failedFuture(new io.dtf.api.connector.ExternalSystemException(failure));
        }

        @Override
        public Set<CICapability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public CompletableFuture<io.dtf.api.ci.TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
            return or("createTestRun", () -> delegate.createTestRun(context, initial));
        }

        @Override
        public CompletableFuture<Void> completeTestRun(io.dtf.api.ci.TestRunHandle run, TestRunResult result) {
            return or("completeTestRun", () -> delegate.completeTestRun(run, result));
        }

        @Override
        public CompletableFuture<Void> setBuildStatus(CIContext context, io.dtf.api.ci.CommitStatus status) {
            return or("setBuildStatus", () -> delegate.setBuildStatus(context, status));
        }

        @Override
        public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
            return or("upsertPrComment", () -> delegate.upsertPrComment(context, key, markdown));
        }
    }

    /** A provider that can act with a job token, recording which token each view was made with. */
    private record TokenAware(FakeCIProvider delegate, List<String> used) implements CIProvider {
        @Override
        public Set<CICapability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public CompletableFuture<Void> setBuildStatus(CIContext context, io.dtf.api.ci.CommitStatus status) {
            return delegate.setBuildStatus(context, status);
        }

        @Override
        public Optional<CIProvider> withJobToken(String token) {
            used.add(token);
            return Optional.of(delegate);
        }
    }

    // ---- runs in the store

    private RunId submit(String name, CIContext ci, int tasks) {
        return StoredRuns.submit(store, name, Map.of("team", "web"), ci, tasks, T0);
    }

    private void finish(RunId run, int index, TestCaseResult... cases) {
        StoredRuns.finish(store, TaskId.of(run, index), T0.plusSeconds(5), cases);
    }

    private static DtfEvent event(HookType type, RunId run) {
        return new DtfEvent(type, T0, run, null, null, Severity.INFO, Map.of(), run.value() + ":" + type);
    }

    static ReportsConfig config(boolean reportStart) {
        return new ReportsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ReportsConfig.class;
            }

            @Override
            public boolean reportStart() {
                return reportStart;
            }

            @Override
            public String prefix() {
                return "dtf";
            }

            @Override
            public int failedTestsLimit() {
                return 10_000;
            }

            @Override
            public int commentLimit() {
                return 60_000;
            }

            @Override
            public int recentReports() {
                return 200;
            }

            @Override
            public int dtf_hook_concurrency() {
                return 8;
            }

            @Override
            public String dtf_hook_timeLimit() {
                return "15m";
            }

            @Override
            public int dtf_hook_attempts() {
                return 14;
            }
        };
    }
}
