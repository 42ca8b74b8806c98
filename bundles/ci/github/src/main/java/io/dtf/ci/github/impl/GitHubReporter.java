package io.dtf.ci.github.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAuth;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Reports runs to one GitHub server with one kind of credentials: check runs ({@link CheckRuns}), commit statuses
 * ({@link CommitStatuses}) and the pull request comment ({@link PrComments}), as far as the credentials and the
 * configuration allow ({@link #capabilities()}). Every failure is an {@link ExternalSystemException} that says
 * whether trying again may help ({@link ExternalResults}).
 */
final class GitHubReporter implements CIProvider {
    private final Credentials credentials;
    private final CheckRuns checkRuns;
    private final CommitStatuses statuses;
    private final PrComments comments;
    private final ReportSettings settings;
    private final Set<CICapability> capabilities;

    /**
     * What a configuration says beyond the credentials.
     *
     * @param statuses {@code auto} (only without check runs), {@code true} or {@code false}
     */
    record ReportSettings(boolean comments, String statuses, Accepting accepting) {
    }

    GitHubReporter(Credentials credentials, CheckRuns checkRuns, CommitStatuses statuses, PrComments comments,
                   ReportSettings settings) {
        this.credentials = credentials;
        this.checkRuns = checkRuns;
        this.statuses = statuses;
        this.comments = comments;
        this.settings = settings;
        this.capabilities = capabilities(credentials, settings);
    }

    /** What these credentials may report, as far as the configuration asks for it; nothing without credentials. */
    private static Set<CICapability> capabilities(Credentials credentials, ReportSettings settings) {
        Set<CICapability> can = EnumSet.noneOf(CICapability.class);
        if (!credentials.present()) {
            return Set.of();
        }
        if (credentials.checkRuns()) {
            can.add(CICapability.TEST_RUNS);
        }
        if (settings.statuses().equals("true") || settings.statuses().equals("auto") && !credentials.checkRuns()) {
            can.add(CICapability.BUILD_STATUS);
        }
        if (settings.comments()) {
            can.add(CICapability.PR_COMMENT);
        }
        return Set.copyOf(can);
    }

    @Override
    public Set<CICapability> capabilities() {
        return capabilities;
    }

    @Override
    public boolean accepts(CIContext context) {
        return settings.accepting().accepts(context);
    }

    @Override
    public CompletableFuture<TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
        return capable(CICapability.TEST_RUNS, "createTestRun", () -> checkRuns.create(context, initial));
    }

    @Override
    public CompletableFuture<Void> updateTestRun(TestRunHandle run, TestRunResult update) {
        return capable(CICapability.TEST_RUNS, "updateTestRun", () -> checkRuns.update(run, update));
    }

    @Override
    public CompletableFuture<Void> completeTestRun(TestRunHandle run, TestRunResult result) {
        return capable(CICapability.TEST_RUNS, "completeTestRun", () -> checkRuns.complete(run, result));
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        return capable(CICapability.BUILD_STATUS, "setBuildStatus", () -> statuses.set(context, status));
    }

    @Override
    public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return capable(CICapability.PR_COMMENT, "upsertPrComment", () -> comments.upsert(context, key, markdown));
    }

    /**
     * This reporter with the CI job's {@code GITHUB_TOKEN} (a bearer token that may create check runs when the
     * workflow grants {@code checks: write}): the token is neither logged nor kept beyond the view, and not
     * registered with {@code Secrets} (which would keep it for ever); its {@code ghs_} shape is redacted anyway.
     */
    @Override
    public Optional<CIProvider> withJobToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String value = token.strip();
        HttpAuth bearer = header -> header.accept("Authorization", "Bearer " + value);
        Credentials job = Credentials.fixed(bearer, true);
        return Optional.of(new GitHubReporter(job, checkRuns.with(job), statuses.with(job), comments.with(job), settings));
    }

    /** The operation's future, failed as an {@link ExternalSystemException}; unsupported when not capable. */
    private <T> CompletableFuture<T> capable(CICapability capability, String operation,
                                             Supplier<CompletableFuture<T>> work) {
        if (!capabilities.contains(capability)) {
            return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.rejected(
                    ExternalSystemResult.UNSUPPORTED_OPERATION, operation + (!credentials.present()
                    ? " needs credentials: this configuration has none (appId and .privateKey, or .token), and the "
                    + "run forwarded no job token"
                    : " is turned off in this configuration" + (credentials.checkRuns() ? ""
                    : ", or needs other credentials than a personal access token (check runs need a GitHub App "
                    + "or the Actions token with checks: write)")))));
        }
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (ExternalSystemException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.rejected(
                    "invalid_request", operation + ": " + e.getMessage()), e));
        }
        return started.exceptionallyCompose(failure -> CompletableFuture.failedFuture(ExternalResults.exception(failure)));
    }
}
