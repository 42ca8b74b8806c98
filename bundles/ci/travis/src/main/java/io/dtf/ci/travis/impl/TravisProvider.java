package io.dtf.ci.travis.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.BuildDetails;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAuth;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Travis CI ({@code dtf.ci.provider=travis}), through API v3 (https://developer.travis-ci.com/): every request with
 * {@code Travis-API-Version: 3} and {@code Authorization: token <token>}. Travis CI shows test results only in the
 * job's log and the JUnit XML the {@code dtf} client writes there, so this provider only tells what Travis CI knows
 * of a run's build ({@link #buildDetails}): {@code GET /build/{build.id}}.
 *
 * <p>The run's context names the build by its {@link CIContext#buildId() build id} ({@code TRAVIS_BUILD_ID}), as the
 * {@code dtf} client sends it. One instance per factory configuration ({@code etc/io.dtf.ci.travis-<name>.cfg});
 * {@link #accepts} tells them apart by their repositories.
 */
@Component(service = CIProvider.class, configurationPid = TravisProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=" + TravisProvider.NAME)
@Designate(ocd = TravisConfig.class, factory = true)
public class TravisProvider implements CIProvider {
    static final String NAME = "travis";
    static final String PID = CIProvider.PID_PREFIX + NAME;
    static final String DEFAULT_API_URL = "https://api.travis-ci.com";
    static final String DEFAULT_WEB_URL = "https://travis-ci.com";
    /** The API version every request names; without it Travis CI answers with API v2. */
    static final String API_VERSION = "3";
    /**
     * The longest a call waits for a rate limit itself: a longer {@code Retry-After} fails the call as
     * {@code RATE_LIMITED} with that wait, and the durable hook tries again after it instead of holding the report.
     */
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(TravisProvider.class);

    private JsonHttpClient http;
    private String webUrl;
    private Predicate<String> repositories;

    @Activate
    void activate(TravisConfig config) {
        String token = Secrets.resolve(config._token(), System::getenv);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(PID + ": .token is required, a Travis CI API token "
                    + "(e.g. .token = ${env:TRAVIS_TOKEN})"
                    + (config._token() != null && config._token().contains("${env:") ? "; " + config._token() + " is not set" : ""));
        }
        Secrets.register(token.strip());
        URI api = URI.create(blankOr(config.apiUrl(), DEFAULT_API_URL));
        webUrl = blankOr(config.webUrl(), DEFAULT_WEB_URL).replaceAll("/+$", "");
        String[] wanted = config.repositories() == null ? new String[0] : config.repositories();
        repositories = Arrays.stream(wanted).map(String::strip).filter(s -> !s.isEmpty())
                .map(TravisProvider::repositoryMatcher).reduce(Predicate::or).orElse(repository -> true);
        http = JsonHttpClient.builder(api).auth(HttpAuth.apiKey("Authorization", "token " + token.strip()))
                .responseTimeout(Duration.ofSeconds(Math.max(1, config.timeoutSeconds())))
                .maxRateLimitWait(MAX_RATE_LIMIT_WAIT).userAgent("dtf-ci-travis/1.0").build();
        LOG.info("Travis CI provider reads builds from {}", Secrets.redact(api.toString()));
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public Set<CICapability> capabilities() {
        return Set.of(CICapability.BUILD_DETAILS);
    }

    /** Runs of the configured repositories; every run when none is configured. */
    @Override
    public boolean accepts(CIContext context) {
        String slug = context.attribute("repoSlug") != null ? context.attribute("repoSlug") : context.repository();
        return repositories.test(slug == null ? "" : slug);
    }

    /**
     * The context's build: named {@code <owner>/<repository> #<number>}, in its Travis CI state ({@code created},
     * {@code started}, {@code passed}, {@code failed}, {@code errored}, {@code canceled}), with its page
     * ({@code <web URL>/<slug>/builds/<id>}), and Travis CI's own names for the rest: {@code event_type},
     * {@code branch}, {@code pull_request_number}, {@code duration} (s), {@code started_at}, {@code finished_at},
     * {@code commit} (its sha), {@code previous_state}.
     */
    @Override
    public CompletableFuture<BuildDetails> buildDetails(CIContext context) {
        String build = context.buildId();
        if (build == null || !build.matches("[1-9][0-9]{0,18}")) {
            return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.rejected(
                    "bad_context", "the run's Travis CI context has no build id (TRAVIS_BUILD_ID) as its build id (was "
                            + build + ")")));
        }
        return http.get("/build/{}", build).header("Travis-API-Version", API_VERSION).asAsync(JsonNode.class)
                .thenApply(answer -> details(context, answer))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(ExternalResults.exception(failure)));
    }

    private BuildDetails details(CIContext context, JsonNode build) {
        String slug = text(build.path("repository").path("slug"));
        if (slug == null) {
            slug = context.repository();
        }
        String id = text(build.path("id"));
        String number = text(build.path("number"));
        String name = (slug == null ? "build" : slug) + " #" + (number == null ? context.buildId() : number);
        URI url = slug == null || id == null ? context.buildUrl()
                : URI.create(webUrl + "/" + encodedPath(slug) + "/builds/" + JsonHttpClient.encodeSegment(id));
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "event_type", build.path("event_type"));
        put(attributes, "branch", build.path("branch").path("name"));
        put(attributes, "pull_request_number", build.path("pull_request_number"));
        put(attributes, "duration", build.path("duration"));
        put(attributes, "started_at", build.path("started_at"));
        put(attributes, "finished_at", build.path("finished_at"));
        put(attributes, "commit", build.path("commit").path("sha"));
        put(attributes, "previous_state", build.path("previous_state"));
        return new BuildDetails(name, text(build.path("state")), url, attributes);
    }

    /** {@code owner/name} with each part percent-encoded. */
    private static String encodedPath(String slug) {
        return String.join("/", Arrays.stream(slug.split("/", -1)).map(JsonHttpClient::encodeSegment).toList());
    }

    private static void put(Map<String, String> attributes, String name, JsonNode value) {
        String text = text(value);
        if (text != null) {
            attributes.put(name, text);
        }
    }

    /** A JSON value as text; {@code null} when missing, null or a container. */
    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static String blankOr(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value.strip();
    }

    /** Whether a repository is {@code pattern}'s, where {@code *} is a whole owner or name. */
    static Predicate<String> repositoryMatcher(String pattern) {
        List<String> wanted = List.of(pattern.split("/", -1));
        return repository -> {
            List<String> parts = List.of(repository.split("/", -1));
            if (parts.size() != wanted.size()) {
                return false;
            }
            for (int i = 0; i < parts.size(); i++) {
                if (!wanted.get(i).equals("*") && !wanted.get(i).equalsIgnoreCase(parts.get(i))) {
                    return false;
                }
            }
            return true;
        };
    }
}
