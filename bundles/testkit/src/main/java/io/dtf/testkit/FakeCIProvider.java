package io.dtf.testkit;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link CIProvider} for tests of code that reports runs to CI (a hook, a reporter): an in-memory CI system that
 * keeps test runs, commit statuses, pull request comments and artifacts as a real one would, and fails when the test
 * {@link #failNext says}, as a real provider does: with an {@link ExternalSystemException} whose result is retryable
 * ({@code ExternalSystemResult.unavailable}), rate limited ({@code ExternalSystemResult.rateLimited}) or final
 * ({@code ExternalSystemResult.rejected}).
 *
 * <ul>
 *   <li>{@link #createTestRun} makes one test run per DTF run ({@code id} {@code 1}, {@code 2}, ..., URL
 *   {@code fake://test-runs/<id>}) and gives the same one when called again for the same run, as providers must.</li>
 *   <li>A status replaces the status of the same commit and name; a comment the comment of the same pull request and
 *   key, found by its {@link CommentMarker} as a provider finds it. A context without a pull request is rejected.</li>
 *   <li>What its {@link #capabilities(CICapability...) capabilities} leave out (all by default) fails as
 *   {@code unsupported}; {@link #accepting} sets what {@link #accepts} says (yes by default).</li>
 * </ul>
 *
 * {@link #calls()} has a line per call but {@code capabilities()} and {@code accepts()}, failed or not:
 * {@code createTestRun <run>}, {@code updateTestRun <id> <state>}, {@code completeTestRun <id> <state>},
 * {@code setBuildStatus <commit> <name> <status>}, {@code upsertPrComment <repository>#<pull request> <key>},
 * {@code uploadArtifact <id> <name>}. Thread safe.
 */
public final class FakeCIProvider implements CIProvider {
    private final CallLog log = new CallLog();
    private Set<CICapability> capabilities = EnumSet.allOf(CICapability.class);
    private Predicate<CIContext> accepts = context -> true;
    private final Map<RunId, TestRunHandle> testRuns = new LinkedHashMap<>();
    private final Map<String, List<TestRunResult>> reported = new LinkedHashMap<>();
    private final Map<String, Boolean> completed = new LinkedHashMap<>();
    private final Map<String, CommitStatus> statuses = new LinkedHashMap<>();
    private final Map<String, String> comments = new LinkedHashMap<>();
    private final Map<String, List<String>> artifacts = new LinkedHashMap<>();

    /** What it can do from now on. */
    public synchronized FakeCIProvider capabilities(CICapability... given) {
        capabilities = given.length == 0 ? EnumSet.noneOf(CICapability.class) : EnumSet.copyOf(List.of(given));
        return this;
    }

    /** Which contexts it accepts. */
    public synchronized FakeCIProvider accepting(Predicate<CIContext> which) {
        accepts = Objects.requireNonNull(which, "which");
        return this;
    }

    /** The next calls (any but {@code capabilities()} and {@code accepts()}) fail with these, one each. */
    public FakeCIProvider failNext(ExternalSystemResult... failures) {
        log.failNext(failures);
        return this;
    }

    /** Every call, one line each. */
    public List<String> calls() {
        return log.calls();
    }

    /** The test run of a DTF run. */
    public synchronized Optional<TestRunHandle> testRun(RunId run) {
        return Optional.ofNullable(testRuns.get(run));
    }

    /** What a test run was given, in order: its initial result, its updates and its completion. */
    public synchronized List<TestRunResult> reported(TestRunHandle run) {
        return List.copyOf(reported.getOrDefault(run.id(), List.of()));
    }

    /** Whether a test run was completed. */
    public synchronized boolean completed(TestRunHandle run) {
        return completed.getOrDefault(run.id(), false);
    }

    /** The status of this name on the context's commit. */
    public synchronized Optional<CommitStatus> status(CIContext context, String name) {
        return Optional.ofNullable(statuses.get(context.commit() + " " + name));
    }

    /** The body of the comment of this key on the context's pull request, marker included. */
    public synchronized Optional<String> comment(CIContext context, String key) {
        return Optional.ofNullable(comments.get(pullRequest(context) + " " + key));
    }

    /** How many comments it holds on all pull requests. */
    public synchronized int commentCount() {
        return comments.size();
    }

    /** The names of the artifacts uploaded to a test run, in order. */
    public synchronized List<String> artifacts(TestRunHandle run) {
        return List.copyOf(artifacts.getOrDefault(run.id(), List.of()));
    }

    @Override
    public synchronized Set<CICapability> capabilities() {
        return Set.copyOf(capabilities);
    }

    @Override
    public synchronized boolean accepts(CIContext context) {
        return accepts.test(context);
    }

    @Override
    public CompletableFuture<TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
        return answer("createTestRun " + initial.run(), CICapability.TEST_RUNS, () -> {
            TestRunHandle handle = testRuns.computeIfAbsent(initial.run(), run -> {
                String id = String.valueOf(testRuns.size() + 1);
                return new TestRunHandle("fake", id, URI.create("fake://test-runs/" + id), context, Map.of());
            });
            reported.computeIfAbsent(handle.id(), id -> new ArrayList<>()).add(initial);
            return handle;
        });
    }

    @Override
    public CompletableFuture<Void> updateTestRun(TestRunHandle run, TestRunResult update) {
        return answer("updateTestRun " + run.id() + " " + update.state(), CICapability.TEST_RUNS,
                () -> report(run, update, false));
    }

    @Override
    public CompletableFuture<Void> completeTestRun(TestRunHandle run, TestRunResult result) {
        return answer("completeTestRun " + run.id() + " " + result.state(), CICapability.TEST_RUNS,
                () -> report(run, result, true));
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        return answer("setBuildStatus " + context.commit() + " " + status.name() + " " + status.status(),
                CICapability.BUILD_STATUS, () -> {
                    statuses.put(context.commit() + " " + status.name(), status);
                    return null;
                });
    }

    @Override
    public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return answer("upsertPrComment " + pullRequest(context) + " " + key, CICapability.PR_COMMENT, () -> {
            if (context.pullRequest() == null) {
                throw new ExternalSystemException(ExternalSystemResult.rejected("no_pull_request",
                        "the build of " + context.commit() + " is for no pull request"));
            }
            String body = CommentMarker.mark(key, markdown);
            comments.put(pullRequest(context) + " " + key, body);
            return URI.create("fake://" + context.repository() + "/pull/" + context.pullRequest() + "#" + key);
        });
    }

    @Override
    public CompletableFuture<URI> uploadArtifact(TestRunHandle run, Path file, String name) {
        return answer("uploadArtifact " + run.id() + " " + name, CICapability.ARTIFACTS, () -> {
            if (!Files.isRegularFile(file)) {
                throw new ExternalSystemException(ExternalSystemResult.rejected("no_file", "no file at " + file));
            }
            artifacts.computeIfAbsent(run.id(), id -> new ArrayList<>()).add(name);
            return URI.create("fake://test-runs/" + run.id() + "/artifacts/" + name);
        });
    }

    private Void report(TestRunHandle run, TestRunResult result, boolean complete) {
        if (!reported.containsKey(run.id())) {
            throw new ExternalSystemException(ExternalSystemResult.notFound("no test run " + run.id()));
        }
        reported.get(run.id()).add(result);
        completed.put(run.id(), complete || completed.getOrDefault(run.id(), false));
        return null;
    }

    private static String pullRequest(CIContext context) {
        return context.repository() + "#" + context.pullRequest();
    }

    /** Records the call, then fails as scripted or unsupported, or does it under this provider's lock. */
    private <T> CompletableFuture<T> answer(String call, CICapability needed, Supplier<T> work) {
        ExternalSystemResult failure = log.call(call);
        if (failure != null) {
            return CompletableFuture.failedFuture(new ExternalSystemException(failure));
        }
        synchronized (this) {
            if (!capabilities.contains(needed)) {
                return CIProvider.unsupported(call.substring(0, call.indexOf(' ')));
            }
            try {
                return CompletableFuture.completedFuture(work.get());
            } catch (ExternalSystemException refused) {
                return CompletableFuture.failedFuture(refused);
            }
        }
    }
}
