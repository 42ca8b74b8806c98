package io.dtf.ci.github.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.task.CIContext;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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
 * The GitHub CI provider ({@code dtf.ci.provider=github}): one instance per factory configuration
 * ({@code etc/io.dtf.ci.github-<name>.cfg}), for github.com or a GitHub Enterprise server. With a GitHub App it
 * reports check runs with annotations and the pull request comment; with a personal access token, commit statuses
 * and the comment; with a job's {@code GITHUB_TOKEN} ({@link #withJobToken}), check runs too. Its public
 * configuration (no secrets) is its service properties.
 */
@Component(service = CIProvider.class, configurationPid = GitHubCIProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=github")
@Designate(ocd = GitHubConfig.class, factory = true)
public class GitHubCIProvider implements CIProvider {
    static final String PID = CIProvider.PID_PREFIX + "github";
    private static final Logger LOG = LoggerFactory.getLogger(GitHubCIProvider.class);

    private GitHubHttp http;
    private GitHubReporter reporter;

    @Activate
    void activate(GitHubConfig config) {
        activate(config, Clock.systemUTC(), null);
    }

    /** Activation on another clock and time (tests): {@code time} {@code null} for the system's. */
    void activate(GitHubConfig config, Clock clock, HttpTime time) {
        URI apiUrl = apiUrl(config.apiUrl());
        String checkName = config.checkName() == null || config.checkName().isBlank() ? "dtf" : config.checkName().strip();
        String statuses = config.statusesEnabled() == null ? "auto" : config.statusesEnabled().strip().toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "true", "false").contains(statuses)) {
            throw new IllegalArgumentException(PID + ": statusesEnabled must be auto, true or false, not '"
                    + config.statusesEnabled() + "'");
        }
        if (config.requestsPerMinute() < 1) {
            throw new IllegalArgumentException(PID + ": requestsPerMinute must be at least 1, not "
                    + config.requestsPerMinute());
        }
        JsonHttpClient.Builder builder = JsonHttpClient.builder(apiUrl)
                .responseTimeout(Duration.ofSeconds(Math.max(1, config.timeoutSeconds())))
                .rateLimit(GitHubHttp.CONTENT, RateLimit.perMinute(config.requestsPerMinute()))
                .userAgent("dtf-ci-github");
        if (time != null) {
            builder.time(time);
        }
        http = new GitHubHttp(builder.build());
        Credentials credentials;
        try {
            credentials = credentials(config, http, clock);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        CheckRuns checkRuns = new CheckRuns(http, credentials, clock, checkName, config.maxAnnotations(),
                config.testSourceRoot(), new CheckRuns.Memory());
        reporter = new GitHubReporter(credentials, checkRuns, new CommitStatuses(http, credentials),
                new PrComments(http, credentials, new PrComments.Memory()),
                new GitHubReporter.ReportSettings(config.commentsEnabled(), statuses,
                        Accepting.of(apiUrl, config.owners(), config.repositories())));
        LOG.info("GitHub CI provider for {} with {}: reports {}", apiUrl, !credentials.present()
                        ? "no credentials (only runs that forward their job's token)"
                        : credentials.checkRuns() ? "GitHub App " + config.appId().strip() : "a personal access token",
                reporter.capabilities());
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    private static URI apiUrl(String value) {
        String url = value == null || value.isBlank() ? "https://api.github.com" : value.strip();
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": apiUrl '" + url + "' is not an http(s) URL such as "
                    + "https://api.github.com or https://HOST/api/v3");
        }
    }

    /**
     * A GitHub App's (appId and .privateKey) or a personal access token's (.token), not both; none for a server
     * whose runs forward their jobs' tokens.
     */
    private static Credentials credentials(GitHubConfig config, GitHubHttp http, Clock clock) {
        boolean app = !blank(config.appId()) || !blank(config._privateKey());
        boolean token = !blank(config._token());
        if (app && token) {
            throw new IllegalArgumentException(PID + ": give either a GitHub App (appId and .privateKey) or a "
                    + "personal access token (.token), not both");
        }
        if (!app && !token) {
            return Credentials.NONE;
        }
        if (token) {
            return Credentials.fixed(HttpAuth.bearer(config._token()), false);
        }
        if (blank(config.appId()) || blank(config._privateKey())) {
            throw new IllegalArgumentException(PID + ": a GitHub App needs both appId and .privateKey"
                    + (blank(config.appId()) ? " (appId is not set)" : " (.privateKey is not set)"));
        }
        Long installation = null;
        if (!blank(config.installationId())) {
            try {
                installation = Long.parseLong(config.installationId().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PID + ": installationId must be a number, not '"
                        + config.installationId() + "'");
            }
        }
        return new AppInstallations(http, config.appId().strip(), privateKey(config._privateKey()), installation, clock);
    }

    /** The PEM text, given itself or as the path of its file. */
    private static String privateKey(String value) {
        String resolved = Secrets.resolve(value, System::getenv);
        if (blank(resolved)) {
            throw new IllegalArgumentException(PID + ": .privateKey is empty (" + value + " is not set)");
        }
        if (resolved.contains("-----BEGIN")) {
            return resolved;
        }
        try {
            return Files.readString(Path.of(resolved.strip()), StandardCharsets.US_ASCII);
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException(PID + ": .privateKey is neither PEM text nor a readable file: "
                    + e.getClass().getSimpleName());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public Set<CICapability> capabilities() {
        return reporter.capabilities();
    }

    @Override
    public boolean accepts(CIContext context) {
        return reporter.accepts(context);
    }

    @Override
    public CompletableFuture<TestRunHandle> createTestRun(CIContext context, TestRunResult initial) {
        return reporter.createTestRun(context, initial);
    }

    @Override
    public CompletableFuture<Void> updateTestRun(TestRunHandle run, TestRunResult update) {
        return reporter.updateTestRun(run, update);
    }

    @Override
    public CompletableFuture<Void> completeTestRun(TestRunHandle run, TestRunResult result) {
        return reporter.completeTestRun(run, result);
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        return reporter.setBuildStatus(context, status);
    }

    @Override
    public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
        return reporter.upsertPrComment(context, key, markdown);
    }

    @Override
    public Optional<CIProvider> withJobToken(String token) {
        return reporter.withJobToken(token);
    }
}
