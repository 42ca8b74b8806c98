package io.dtf.ci.azure.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAuth;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RetryPolicy;
import io.dtf.http.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports runs started by Azure Pipelines to their Azure DevOps organization: a test run per DTF run, made at the
 * start and completed with the failed tests at the end ({@link TestRuns}), and one pull request thread per run
 * name on Azure Repos pull requests ({@link PullRequestThreads}). One instance per organization, a factory
 * configuration each ({@code etc/io.dtf.ci.azure-<name>.cfg}); it reports the runs whose {@code collectionUri} is
 * its organization.
 *
 * <p>It authenticates with a personal access token (HTTP Basic, empty user name, the token as password, as
 * Azure DevOps asks of PATs), or, in the view {@link #withJobToken} gives, with the job's
 * {@code System.AccessToken} as a bearer token. The HTTP client obeys Azure DevOps' rate limiting
 * ({@code Retry-After}, and {@code X-RateLimit-Remaining: 0} until {@code X-RateLimit-Reset}).
 */
@Component(service = CIProvider.class, configurationPid = AzureDevOpsProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=" + AzureDevOpsProvider.NAME)
@Designate(ocd = AzureConfig.class, factory = true)
public final class AzureDevOpsProvider implements CIProvider {
    static final String NAME = "azure";
    static final String PID = CIProvider.PID_PREFIX + NAME;
    private static final Logger LOG = LoggerFactory.getLogger(AzureDevOpsProvider.class);
    private static final Set<CICapability> CAPABILITIES = Set.of(CICapability.TEST_RUNS, CICapability.PR_COMMENT);

    private final URI organization;
    private final JsonHttpClient http;
    private final TestRuns testRuns;
    /** The calls with this instance's credentials; {@code null} when it has none (no token, not a job's view). */
    private final AzureApi api;
    private final boolean view;

    @Activate
    public AzureDevOpsProvider(AzureConfig config) {
        this(AzureSettings.of(config), RetryPolicy.DEFAULT, Clock.systemUTC());
        LOG.info("Azure DevOps CI provider reports runs of {}{}", organization,
                api == null ? " with the jobs' tokens only (no .token configured)" : "");
    }

    AzureDevOpsProvider(AzureSettings settings, RetryPolicy retry, Clock clock) {
        this.organization = settings.organizationUrl();
        this.http = JsonHttpClient.builder(organization).responseTimeout(settings.timeout()).retry(retry)
                .maxRateLimitWait(settings.maxRateLimitWait()).userAgent("dtf-ci-azure/1").build();
        this.testRuns = new TestRuns(clock);
        this.api = settings.token() == null ? null : new AzureApi(http, personalAccessToken(settings.token()));
        this.view = false;
    }

    private AzureDevOpsProvider(AzureDevOpsProvider shared, AzureApi jobApi) {
        this.organization = shared.organization;
        this.http = shared.http;
        this.testRuns = shared.testRuns;
        this.api = jobApi;
        this.view = true;
    }

    /**
     * A PAT as Azure DevOps takes it: Basic with an empty user name. {@link HttpAuth#basic} refuses an empty user,
     * so the header is made here; the token and the encoded pair are registered as secrets.
     */
    static HttpAuth personalAccessToken(String token) {
        Secrets.register(token);
        String header = "Basic " + Secrets.register(Base64.getEncoder()
                .encodeToString((":" + token).getBytes(StandardCharsets.UTF_8)));
        return headers -> headers.accept("Authorization", header);
    }

    @Deactivate
    void close() {
        if (!view) {
            http.close();
        }
    }

    @Override
    public Set<CICapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public boolean accepts(CIContext context) {
        return Organization.same(organization, context.attribute(AzureContext.COLLECTION_URI));
    }

    @Override
    public CompletableFuture<TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
        return ExternalResults.of(() -> testRuns.createOrFind(api(), context, AzureContext.project(context), initial));
    }

    @Override
    public CompletableFuture<Void> updateTestRun(TestRunHandle run, TestRunResult update) {
        return ExternalResults.of(() -> testRuns.update(api(), run, update));
    }

    @Override
    public CompletableFuture<Void> completeTestRun(TestRunHandle run, TestRunResult result) {
        return ExternalResults.of(() -> testRuns.complete(api(), run, result));
    }

    @Override
    public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return ExternalResults.of(() -> PullRequestThreads.upsert(api(), organization, AzureContext.project(context),
                AzureContext.repositoryId(context), AzureContext.pullRequestId(context), key, markdown));
    }

    /** This provider with the job's {@code System.AccessToken} (bearer) in place of the configured token. */
    @Override
    public Optional<CIProvider> withJobToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AzureDevOpsProvider(this, new AzureApi(http, HttpAuth.bearer(token))));
    }

    private AzureApi api() {
        if (api == null) {
            throw Failures.rejected("no_credentials", PID + " for " + organization + " has no .token, and the run "
                    + "forwarded no job token (System.AccessToken)");
        }
        return api;
    }
}
