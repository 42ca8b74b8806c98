package io.dtf.ci.circleci.impl;

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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CircleCI ({@code dtf.ci.provider=circleci}), through API v2 (https://circleci.com/docs/api/v2/index.html). CircleCI
 * takes test results from no API: they come from the job's own {@code store_test_results} step, which reads the JUnit
 * XML the {@code dtf} client writes in the job. So this provider only tells what CircleCI knows of a run's job
 * ({@link #buildDetails}): the job by its number in the project ({@code GET /project/{project-slug}/job/{job-number}}),
 * and the pipeline it ran in ({@code GET /pipeline/{pipeline-id}}) for the pipeline's number and trigger.
 *
 * <p>The run's context names the project by the {@code projectSlug} attribute ({@code gh/acme/shop}) and the job
 * by its {@link CIContext#buildId() build id} ({@code CIRCLE_BUILD_NUM}), as the {@code dtf} client sends them.
 * One instance per factory configuration ({@code etc/io.dtf.ci.circleci-<name>.cfg}); {@link #accepts} tells them
 * apart by their project slugs.
 */
@Component(service = CIProvider.class, configurationPid = CircleCiProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = CIProvider.PROPERTY + "=" + CircleCiProvider.NAME)
@Designate(ocd = CircleCiConfig.class, factory = true)
public class CircleCiProvider implements CIProvider {
    static final String NAME = "circleci";
    static final String PID = CIProvider.PID_PREFIX + NAME;
    static final String DEFAULT_API_URL = "https://circleci.com/api/v2";
    /** The context attribute with the project slug ({@code gh/acme/shop}). */
    static final String PROJECT_SLUG = "projectSlug";
    /**
     * The longest a call waits for a rate limit itself: a longer {@code Retry-After} fails the call as
     * {@code RATE_LIMITED} with that wait, and the durable hook tries again after it instead of holding the report.
     */
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(CircleCiProvider.class);

    private JsonHttpClient http;
    private List<Pattern> projects;

    @Activate
    void activate(CircleCiConfig config) {
        if (config._token() == null || config._token().isBlank()) {
            throw new IllegalArgumentException(PID + ": .token is required, a CircleCI personal API token "
                    + "(e.g. .token = ${env:CIRCLECI_TOKEN})");
        }
        URI api = URI.create(config.apiUrl() == null || config.apiUrl().isBlank() ? DEFAULT_API_URL : config.apiUrl().strip());
        projects = Arrays.stream(config.projectSlugs() == null ? new String[0] : config.projectSlugs())
                .map(String::strip).filter(s -> !s.isEmpty()).map(CircleCiProvider::slugPattern).toList();
        http = JsonHttpClient.builder(api).auth(HttpAuth.apiKey("Circle-Token", config._token()))
                .responseTimeout(Duration.ofSeconds(Math.max(1, config.timeoutSeconds())))
                .maxRateLimitWait(MAX_RATE_LIMIT_WAIT).userAgent("dtf-ci-circleci/1.0").build();
        LOG.info("CircleCI provider reads jobs from {} for {}", Secrets.redact(api.toString()),
                projects.isEmpty() ? "every project" : String.join(", ", config.projectSlugs()));
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

    /** Runs of the configured projects; every run with a project slug when none is configured. */
    @Override
    public boolean accepts(CIContext context) {
        if (projects.isEmpty()) {
            return true;
        }
        String slug = context.attribute(PROJECT_SLUG);
        return slug != null && projects.stream().anyMatch(p -> p.matcher(slug).matches());
    }

    /**
     * The job of the context's build: named {@code <workflow> / <job> #<number>}, in its CircleCI status
     * ({@code success}, {@code failed}, {@code running}...), with its web page, and CircleCI's own names for the
     * rest: {@code pipeline.id}, {@code pipeline.number}, {@code trigger.type}, {@code trigger.actor.login},
     * {@code latest_workflow.id}, {@code latest_workflow.name}, {@code started_at}, {@code stopped_at},
     * {@code duration} (ms), {@code project.slug}.
     */
    @Override
    public CompletableFuture<BuildDetails> buildDetails(CIContext context) {
        String slug = context.attribute(PROJECT_SLUG);
        String[] slugParts = slug == null ? new String[0] : slug.split("/", -1);
        if (slugParts.length != 3 || Arrays.stream(slugParts).anyMatch(String::isBlank)) {
            return rejected("bad_context", "the run's CircleCI context has no project slug <vcs>/<org>/<project> in "
                    + "its attribute " + PROJECT_SLUG + " (was " + slug + ")");
        }
        String job = context.buildId();
        if (job == null || !job.matches("[1-9][0-9]{0,18}")) {
            return rejected("bad_context", "the run's CircleCI context has no job number as its build id (was "
                    + job + ")");
        }
        return http.get("/project/{}/{}/{}/job/{}", slugParts[0], slugParts[1], slugParts[2], job)
                .asAsync(JsonNode.class)
                .thenCompose(answer -> {
                    String pipeline = text(answer.path("pipeline").path("id"));
                    if (pipeline == null) {
                        return CompletableFuture.completedFuture(details(context, answer, null));
                    }
                    return http.get("/pipeline/{}", pipeline).asAsync(JsonNode.class)
                            .thenApply(pipelineAnswer -> details(context, answer, pipelineAnswer));
                })
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(ExternalResults.exception(failure)));
    }

    private static BuildDetails details(CIContext context, JsonNode job, JsonNode pipeline) {
        String workflowName = text(job.path("latest_workflow").path("name"));
        String jobName = text(job.path("name"));
        String number = text(job.path("number"));
        String name = (workflowName == null ? "" : workflowName + " / ") + (jobName == null ? "job" : jobName)
                + " #" + (number == null ? context.buildId() : number);
        String webUrl = text(job.path("web_url"));
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "project.slug", job.path("project").path("slug"));
        put(attributes, "pipeline.id", job.path("pipeline").path("id"));
        put(attributes, "latest_workflow.id", job.path("latest_workflow").path("id"));
        put(attributes, "latest_workflow.name", job.path("latest_workflow").path("name"));
        put(attributes, "started_at", job.path("started_at"));
        put(attributes, "stopped_at", job.path("stopped_at"));
        put(attributes, "duration", job.path("duration"));
        if (pipeline != null) {
            put(attributes, "pipeline.number", pipeline.path("number"));
            put(attributes, "trigger.type", pipeline.path("trigger").path("type"));
            put(attributes, "trigger.actor.login", pipeline.path("trigger").path("actor").path("login"));
        }
        return new BuildDetails(name, text(job.path("status")), webUrl == null ? context.buildUrl() : webUri(webUrl, context),
                attributes);
    }

    /** The job's web page as CircleCI gives it; the context's build URL when CircleCI's is no URI. */
    private static URI webUri(String webUrl, CIContext context) {
        try {
            return URI.create(webUrl);
        } catch (IllegalArgumentException notAUri) {
            return context.buildUrl();
        }
    }

    private static void put(Map<String, String> attributes, String name, JsonNode value) {
        String text = text(value);
        if (text != null) {
            attributes.put(name, text);
        }
    }

    /** A JSON value as text; {@code null} when missing, null or a container. */
    private static String text(JsonNode value) {
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }

    private static <T> CompletableFuture<T> rejected(String code, String message) {
        return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.rejected(code, message)));
    }

    /** A project slug pattern: {@code *} is any text within one part of the slug. */
    static Pattern slugPattern(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining("[^/]*")));
    }
}
