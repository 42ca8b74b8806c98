package io.dtf.ci.jenkins.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.DtfHttpException;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAuth;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RetryPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's status in the description of the Jenkins build that submitted it, through Jenkins' remote access
 * API (https://www.jenkins.io/doc/book/using/remote-access-api/): the description is read
 * ({@code GET {BUILD_URL}api/json?tree=description}), the run's line put in it ({@link BuildDescription}), and
 * the result sent as a form ({@code POST {BUILD_URL}submitDescription}, {@code description=...}), which Jenkins
 * answers with a redirect to the build. Setting the same status again changes nothing more.
 *
 * <p>It signs in with HTTP Basic, the user and an API token (no CSRF crumb needed), or the user and a password
 * (then with a crumb and its session, {@link Crumbs}, fetched again once when Jenkins answers 403 "No valid
 * crumb"). Credentials go only to the configured Jenkins: a run whose build URL is elsewhere is refused. Updates
 * of one build's description are made one after the other, so that two runs of one build keep both lines.
 */
@Component(service = CIProvider.class, configurationPid = JenkinsProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=" + JenkinsProvider.NAME)
@Designate(ocd = JenkinsConfig.class, factory = true)
public final class JenkinsProvider implements CIProvider {
    static final String NAME = "jenkins";
    static final String PID = CIProvider.PID_PREFIX + NAME;
    private static final Logger LOG = LoggerFactory.getLogger(JenkinsProvider.class);
    private static final Set<CICapability> CAPABILITIES = Set.of(CICapability.BUILD_STATUS);
    private static final String NO_VALID_CRUMB = "no valid crumb";

    private final URI jenkinsUrl;
    private final JsonHttpClient http;
    /** The crumbs of password sign-in; {@code null} with an API token, which needs none. */
    private final Crumbs crumbs;
    /** The last update of each build's description, which the next one waits for. */
    private final Map<URI, CompletableFuture<Void>> updates = new ConcurrentHashMap<>();

    @Activate
    public JenkinsProvider(JenkinsConfig config) {
        this(JenkinsSettings.of(config), RetryPolicy.DEFAULT);
        LOG.info("Jenkins CI provider reports builds of {} as {} with {}", jenkinsUrl, config.user().strip(),
                crumbs == null ? "an API token" : "a password and CSRF crumbs");
    }

    JenkinsProvider(JenkinsSettings settings, RetryPolicy retry) {
        this.jenkinsUrl = settings.jenkinsUrl();
        this.http = JsonHttpClient.builder(jenkinsUrl).responseTimeout(settings.timeout()).retry(retry)
                .auth(HttpAuth.basic(settings.user(), settings.apiToken() != null ? settings.apiToken()
                        : settings.password()))
                .userAgent("dtf-ci-jenkins/1").build();
        this.crumbs = settings.apiToken() != null ? null : new Crumbs(http);
    }

    @Deactivate
    void close() {
        http.close();
    }

    @Override
    public Set<CICapability> capabilities() {
        return CAPABILITIES;
    }

    /** Builds of this Jenkins: the build URL is below its URL, or the context says it is this Jenkins. */
    @Override
    public boolean accepts(CIContext context) {
        String named = context.attribute("jenkinsUrl");
        if (context.buildUrl() != null && below(context.buildUrl())) {
            return true;
        }
        try {
            return named != null && !named.isBlank() && key(URI.create(withSlash(named.strip()))).equals(key(jenkinsUrl));
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
        URI build;
        try {
            build = buildUrl(context);
        } catch (ExternalSystemException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = updates.put(build, done);
        (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous.handle((v, e) -> null))
                .thenCompose(ready -> describe(build, status))
                .whenComplete((v, failure) -> {
                    updates.remove(build, done);
                    if (failure == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(ExternalResults.exception(failure));
                    }
                });
        return done;
    }

    private CompletableFuture<Void> describe(URI build, CommitStatus status) {
        return http.request("GET", URI.create(build + "api/json?tree=description")).asAsync(JsonNode.class)
                .thenCompose(current -> submit(build, BuildDescription.merge(
                        current == null ? null : current.path("description").asText(null), status)));
    }

    private CompletableFuture<Void> submit(URI build, String description) {
        String form = "description=" + URLEncoder.encode(description, StandardCharsets.UTF_8);
        if (crumbs == null) {
            return post(build, form, Crumbs.Crumb.NONE);
        }
        return crumbs.crumb().thenCompose(crumb -> post(build, form, crumb).exceptionallyCompose(failure ->
                refusedCrumb(failure) ? crumbs.renew(crumb).thenCompose(fresh -> post(build, form, fresh))
                        : CompletableFuture.failedFuture(failure)));
    }

    /** The form, sent; Jenkins' answer, a 302 to the build, is its success. */
    private CompletableFuture<Void> post(URI build, String form, Crumbs.Crumb crumb) {
        return crumb.on(http.request("POST", URI.create(build + "submitDescription")))
                .body(form, "application/x-www-form-urlencoded").idempotent(true).sendAsync()
                .exceptionallyCompose(failure -> answer(failure) instanceof DtfHttpException redirect
                        && redirect.status() >= 300 && redirect.status() < 400
                        ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure));
    }

    private static boolean refusedCrumb(Throwable failure) {
        return answer(failure) instanceof DtfHttpException refused && refused.status() == 403
                && refused.body().toLowerCase(Locale.ROOT).contains(NO_VALID_CRUMB);
    }

    private static Throwable answer(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The build's URL, ending with {@code /}, when it is below the configured Jenkins; else a refusal. */
    private URI buildUrl(CIContext context) {
        if (context.buildUrl() == null) {
            throw refusal("invalid_context", "the CI context has no build URL (BUILD_URL) to describe");
        }
        URI build = URI.create(withSlash(context.buildUrl().toString()));
        if (!below(build)) {
            throw refusal("foreign_build", "the build " + build + " is not on " + jenkinsUrl
                    + ", the Jenkins this provider has credentials for");
        }
        return build;
    }

    private boolean below(URI url) {
        return key(url).startsWith(key(jenkinsUrl));
    }

    /** {@code scheme://host:port/path/} in lower case but for the path, to compare URLs by. */
    private static String key(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT) + "://"
                + String.valueOf(url.getHost()).toLowerCase(Locale.ROOT) + ":" + port
                + withSlash(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static ExternalSystemException refusal(String code, String message) {
        return new ExternalSystemException(ExternalSystemResult.rejected(code, message));
    }
}
