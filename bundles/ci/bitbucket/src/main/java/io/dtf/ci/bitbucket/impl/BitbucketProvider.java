package io.dtf.ci.bitbucket.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ConfigValues;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.task.CIContext;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports DTF runs of Bitbucket Pipelines to Bitbucket Cloud's REST API 2.0: a Code Insights report per run with an
 * annotation per failed test ({@link CodeInsights}), a commit build status ({@link BuildStatuses}) and one comment per
 * run on the pull request ({@link PullRequestComments}). One instance per factory configuration
 * ({@code etc/io.dtf.ci.bitbucket-<name>.cfg}); Pipelines gives its jobs no token for the REST API, so there is no
 * job-token view.
 */
@Component(service = CIProvider.class, configurationPid = BitbucketProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=" + BitbucketProvider.NAME)
@Designate(ocd = BitbucketConfig.class, factory = true)
public class BitbucketProvider implements CIProvider {
    static final String NAME = "bitbucket";
    static final String PID = "io.dtf.ci.bitbucket";
    static final String BITBUCKET_CLOUD = "https://api.bitbucket.org/2.0";
    private static final Logger LOG = LoggerFactory.getLogger(BitbucketProvider.class);

    private JsonHttpClient http;
    private List<String> workspaces;
    private CodeInsights insights;
    private BuildStatuses statuses;
    private PullRequestComments comments;

    @Activate
    void activate(BitbucketConfig config) {
        activate(config, null);
    }

    /** For tests: the HTTP client's time, so that waits are measured, not waited for; {@code null} for the system's. */
    void activate(BitbucketConfig config, HttpTime time) {
        URI apiUrl = apiUrl(config.apiUrl());
        JsonHttpClient.Builder builder = JsonHttpClient.builder(apiUrl).auth(credentials(config))
                .rateLimit(new RateLimit(ConfigValues.atLeast(PID, "requestsPerHour", config.requestsPerHour(), 1), Duration.ofHours(1)))
                .responseTimeout(Duration.ofSeconds(ConfigValues.atLeast(PID, "timeoutSeconds", config.timeoutSeconds(), 1)))
                .maxRateLimitWait(Duration.ofSeconds(ConfigValues.atLeast(PID, "maxRateLimitWaitSeconds", config.maxRateLimitWaitSeconds(), 0)))
                .userAgent("dtf-ci-bitbucket/1");
        if (time != null) {
            builder.time(time);
        }
        http = builder.build();
        workspaces = config.workspaces() == null ? List.of() : Stream.of(config.workspaces()).map(String::strip)
                .filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(Locale.ROOT)).toList();
        URI web = web(apiUrl);
        insights = new CodeInsights(http, web);
        statuses = new BuildStatuses(http, web);
        comments = new PullRequestComments(http, web);
        LOG.info("Bitbucket CI provider reports to {}", Secrets.redact(apiUrl.toString()));
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public Set<CICapability> capabilities() {
        return EnumSet.of(CICapability.TEST_RUNS, CICapability.BUILD_STATUS, CICapability.PR_COMMENT);
    }

    /** Bitbucket refuses comments of 32,768 characters or more: the report is rendered to fit. */
    @Override
    public int maxCommentLength() {
        return PullRequestComments.BODY_LIMIT;
    }

    /** Runs of the configured workspaces; of every workspace when none are configured. */
    @Override
    public boolean accepts(CIContext context) {
        if (workspaces.isEmpty()) {
            return true;
        }
        Repository repository = Repository.of(context);
        return repository != null && workspaces.contains(repository.workspace().toLowerCase(Locale.ROOT));
    }

    @Override
    public CompletableFuture<TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
        return insights.create(context, initial);
    }

    @Override
    public CompletableFuture<Void> updateTestRun(TestRunHandle run, TestRunResult update) {
        return insights.update(run, update);
    }

    @Override
    public CompletableFuture<Void> completeTestRun(TestRunHandle run, TestRunResult result) {
        return insights.complete(run, result);
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        return statuses.set(context, status);
    }

    @Override
    public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return comments.upsert(context, key, markdown);
    }

    /** A repository, project or workspace access token as a bearer token; else a user name and its password. */
    private static HttpAuth credentials(BitbucketConfig config) {
        boolean token = present(config._token());
        boolean basic = present(config.username()) || present(config._appPassword());
        if (token == basic) {
            throw new IllegalArgumentException(PID + ": give either .token (a repository, project or workspace access "
                    + "token, e.g. .token = ${env:DTF_BITBUCKET_TOKEN}) or username and .appPassword (an API token or "
                    + "app password)" + (token ? ", not both" : ""));
        }
        try {
            return token ? HttpAuth.bearer(config._token()) : HttpAuth.basic(required(config.username(), "username"),
                    required(config._appPassword(), ".appPassword"));
        } catch (IllegalArgumentException unset) {
            throw new IllegalArgumentException(PID + ": " + unset.getMessage(), unset);
        }
    }

    /** Bitbucket's web site beside its API: bitbucket.org for api.bitbucket.org, else the API's own origin. */
    static URI web(URI apiUrl) {
        String host = apiUrl.getHost().startsWith("api.") ? apiUrl.getHost().substring(4) : apiUrl.getHost();
        return URI.create(apiUrl.getScheme() + "://" + host + (apiUrl.getPort() < 0 ? "" : ":" + apiUrl.getPort()));
    }

    private static URI apiUrl(String value) {
        String url = value == null || value.isBlank() ? BITBUCKET_CLOUD : value.strip();
        try {
            URI uri = URI.create(url);
            JsonHttpClient.builder(uri);
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(PID + ": apiUrl must be the http(s) URL of Bitbucket's REST API 2.0 "
                    + "(" + BITBUCKET_CLOUD + "), not " + Secrets.redact(url), bad);
        }
    }

    private static String required(String value, String key) {
        if (!present(value)) {
            throw new IllegalArgumentException(key + " is required with HTTP Basic credentials");
        }
        return value;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
