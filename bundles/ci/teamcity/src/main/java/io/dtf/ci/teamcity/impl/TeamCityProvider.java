package io.dtf.ci.teamcity.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.DtfHttpException;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAuth;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RetryPolicy;
import io.dtf.http.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's status on the TeamCity build that submitted it, through TeamCity's REST API (builds:
 * https://www.jetbrains.com/help/teamcity/rest/manage-builds.html, and the {@code BuildRequest} resource of the
 * REST API reference): while the build runs, as its status text ({@code PUT /app/rest/builds/id:<id>/statusText},
 * {@code text/plain}: {@code dtf/api-tests: failed - 98 of 100 tests passed, 2 failed}); TeamCity sets the status
 * text of running builds only ({@code 400 Cannot set status text for a build which is not running}), so a report
 * that comes after the build's end goes to the build's comment instead ({@code PUT
 * /app/rest/builds/id:<id>/comment}, with the link to the run). Setting the same status again changes nothing more.
 * The test results themselves reach TeamCity through the service messages the {@code dtf} client prints.
 *
 * <p>It signs in with an access token as a bearer token: token-authenticated requests need no CSRF token (TeamCity
 * checks CSRF tokens only for session-authenticated, modifying requests).
 */
@Component(service = CIProvider.class, configurationPid = TeamCityProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=" + TeamCityProvider.NAME)
@Designate(ocd = TeamCityConfig.class, factory = true)
public final class TeamCityProvider implements CIProvider {
    static final String NAME = "teamcity";
    static final String PID = CIProvider.PID_PREFIX + NAME;
    private static final Logger LOG = LoggerFactory.getLogger(TeamCityProvider.class);
    private static final Set<CICapability> CAPABILITIES = Set.of(CICapability.BUILD_STATUS);
    private static final Pattern BUILD_ID = Pattern.compile("\\d{1,19}");
    private static final String NOT_RUNNING = "not running";
    /** The longest status text: one line in TeamCity's build lists. */
    static final int STATUS_TEXT_LIMIT = 300;

    private final URI serverUrl;
    private final JsonHttpClient http;

    @Activate
    public TeamCityProvider(TeamCityConfig config) {
        this(serverUrl(config.serverUrl()), token(config._token()), Duration.ofSeconds(config.timeoutSeconds()),
                RetryPolicy.DEFAULT);
        LOG.info("TeamCity CI provider reports builds of {}", serverUrl);
    }

    TeamCityProvider(URI serverUrl, String token, Duration timeout, RetryPolicy retry) {
        this.serverUrl = serverUrl;
        this.http = JsonHttpClient.builder(serverUrl).auth(HttpAuth.bearer(token)).responseTimeout(timeout)
                .retry(retry).userAgent("dtf-ci-teamcity/1").build();
    }

    @Deactivate
    void close() {
        http.close();
    }

    @Override
    public Set<CICapability> capabilities() {
        return CAPABILITIES;
    }

    /** Builds of this server: the context's {@code serverUrl} is this one, or its build URL is below it. */
    @Override
    public boolean accepts(CIContext context) {
        String named = context.attribute("serverUrl");
        return named != null && !named.isBlank() && key(named).equals(key(serverUrl.toString()))
                || context.buildUrl() != null && key(context.buildUrl().toString()).startsWith(key(serverUrl.toString()));
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        String buildId = context.buildId() == null ? "" : context.buildId().strip();
        if (!BUILD_ID.matcher(buildId).matches()) {
            return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.rejected(
                    "invalid_context", "the CI context has no TeamCity build id (teamcity.build.id), but '"
                            + context.buildId() + "'")));
        }
        return http.put("/app/rest/builds/id:{}/statusText", buildId).body(statusText(status), "text/plain")
                .textAsync().<Void>thenApply(text -> null)
                .exceptionallyCompose(failure -> notRunning(failure)
                        ? http.put("/app/rest/builds/id:{}/comment", buildId).body(comment(status), "text/plain")
                                .sendAsync()
                        : CompletableFuture.failedFuture(failure))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(ExternalResults.exception(failure)));
    }

    /** {@code dtf/api-tests: failed - 98 of 100 tests passed, 2 failed}. */
    static String statusText(CommitStatus status) {
        String word = word(status);
        String description = ReportMarkdown.oneLine(status.description(), STATUS_TEXT_LIMIT);
        return ReportMarkdown.oneLine(status.name() + ": " + word
                + (description.isEmpty() || description.equalsIgnoreCase(word) ? "" : " - " + description),
                STATUS_TEXT_LIMIT);
    }

    /** The status text, then the link to the run in DTF. */
    static String comment(CommitStatus status) {
        return statusText(status) + (status.link() == null ? "" : "\n" + status.link());
    }

    private static String word(CommitStatus status) {
        return switch (status.status()) {
            case PENDING -> "queued";
            case SUCCESS -> "passed";
            case FAILURE -> "failed";
            default -> status.status().name().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean notRunning(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof DtfHttpException refused && refused.status() == 400
                && refused.body().toLowerCase(Locale.ROOT).contains(NOT_RUNNING);
    }

    /** {@code host:port/path/} in lower case, to compare server URLs by. */
    private static String key(String url) {
        try {
            URI uri = new URI(url.strip());
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port
                    + (path.endsWith("/") ? path : path + "/");
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** @throws IllegalArgumentException naming the key when the URL is missing or not an http(s) URL */
    static URI serverUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PID + ": serverUrl is required (e.g. serverUrl = https://teamcity.example.com)");
        }
        try {
            URI url = new URI(value.strip());
            JsonHttpClient.builder(url); // the client's own check: http(s), a host, no user, query or fragment
            return url;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": serverUrl '" + Secrets.redact(value)
                    + "' is not an http(s) URL such as https://teamcity.example.com");
        }
    }

    /** @throws IllegalArgumentException when the token is missing or its variable is not set */
    static String token(String value) {
        String token = Secrets.resolve(value, System::getenv);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(PID + ": .token is required, e.g. .token = ${env:TEAMCITY_TOKEN}"
                    + (value != null && value.contains("${env:") ? " (" + value + " is not set)" : ""));
        }
        return Secrets.register(token.strip());
    }
}
