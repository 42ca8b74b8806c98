package io.dtf.api.ci;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reports DTF runs to a CI system through its API: a service with the {@value #PROPERTY} property naming the
 * system ({@code github}, {@code gitlab}, {@code jenkins}, {@code azure}, {@code circleci}, {@code travis},
 * {@code bitbucket}, {@code teamcity}: the {@link CIContext#provider()} of the runs it reports). Its configuration
 * (API URL, credentials as private {@code ${env:NAME}} properties) is Config Admin's, under the PID
 * {@code io.dtf.ci.<provider>}; several configurations of one provider (github.com and a GitHub Enterprise server)
 * are told apart by {@link #accepts}.
 *
 * <p>Every call is asynchronous and never blocks the caller's thread on I/O. A future fails with an
 * {@link ExternalSystemException} whose {@link ExternalSystemResult} says whether retrying may help (network, rate
 * limit) or not (bad credentials, a repository it may not see); an operation the provider does not support (see
 * {@link #capabilities()}) fails with {@link ExternalSystemResult#unsupported} (the defaults). Every call may be
 * repeated, as a durable hook repeats an event it was not sure was delivered: repeating it changes nothing more.
 */
@ConsumerType
public interface CIProvider {
    /** Service property naming the CI system, as {@link CIContext#provider()} names it. */
    String PROPERTY = "dtf.ci.provider";
    /** The configuration PID of a provider: this prefix and its name (a factory PID when it has several). */
    String PID_PREFIX = "io.dtf.ci.";

    /** What this provider can report. Cheap and without I/O. */
    Set<CICapability> capabilities();

    /**
     * Whether this instance reports runs of this context: a configuration for one server, organization or project
     * says no to the others. Asked only about contexts whose provider is this one's; without I/O.
     */
    default boolean accepts(CIContext context) {
        return true;
    }

    /**
     * Makes the CI system's test run (a GitHub check run, an Azure test run) for a DTF run, or finds the one
     * made before for the same {@link TestRunResult#run()} (GitHub's {@code external_id}): calling it again for the
     * same run gives the same test run.
     */
    default CompletableFuture<TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
        return unsupported("createTestRun");
    }

    /** Shows the run's progress or results in its test run. */
    default CompletableFuture<Void> updateTestRun(TestRunHandle run, TestRunResult update) {
        return unsupported("updateTestRun");
    }

    /**
     * Shows the final results and closes the test run with its conclusion ({@link TestRunResult#status()}). By
     * default an {@link #updateTestRun update}: for systems where a test run has no separate end.
     */
    default CompletableFuture<Void> completeTestRun(TestRunHandle run, TestRunResult result) {
        return updateTestRun(run, result);
    }

    /** Sets a status on the context's commit; setting the same one again replaces it. */
    default CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        return unsupported("setBuildStatus");
    }

    /**
     * Makes the comment of this key on the context's pull or merge request, or replaces the one made before: found
     * again by its hidden {@link CommentMarker}, so that a run keeps one comment however often it is updated.
     * Fails with a {@code REJECTED} result when the context has no {@link CIContext#pullRequest()}.
     *
     * @param key what the comment is about, unique per pull request ({@code dtf-api-tests}), see {@link CommentMarker#of}
     * @param markdown the comment, without the marker
     * @return where the comment is
     */
    default CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return unsupported("upsertPrComment");
    }

    /**
     * Uploads a file to the test run (or its build) under a name, streamed, never read into memory whole.
     *
     * @return where people download it
     */
    default CompletableFuture<URI> uploadArtifact(TestRunHandle run, Path file, String name) {
        return unsupported("uploadArtifact");
    }

    /**
     * The longest pull request comment the CI system takes, in characters: the report is rendered to fit, so that it
     * still says how many failed tests it left out. Cheap and without I/O.
     */
    default int maxCommentLength() {
        return Integer.MAX_VALUE;
    }

    /**
     * What the CI system knows of the context's build (a CircleCI job, a Travis build): its name, state and link,
     * for listings and logs. For systems whose test results come from the job's own workspace, this is all that
     * the coordinator asks of their API.
     */
    default CompletableFuture<BuildDetails> buildDetails(CIContext context) {
        return unsupported("buildDetails");
    }

    /**
     * This provider acting with the CI job's own short-lived token (GitHub's {@code GITHUB_TOKEN}, Azure's
     * {@code System.AccessToken}), forwarded by the {@code dtf} client with one run, in place of the configured
     * credentials; empty when this provider cannot use such a token. The token is held in memory for that run
     * only: the view must neither keep nor show it beyond its calls.
     */
    default Optional<CIProvider> withJobToken(String token) {
        return Optional.empty();
    }

    /** A future failed with the {@link ExternalSystemResult#unsupported} result of an operation. */
    static <T> CompletableFuture<T> unsupported(String operation) {
        return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.unsupported(operation)));
    }
}
