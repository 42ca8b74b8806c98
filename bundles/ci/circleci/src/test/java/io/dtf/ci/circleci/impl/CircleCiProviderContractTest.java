package io.dtf.ci.circleci.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ci.BuildDetails;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CircleCI provider against CircleCI API v2 as its reference describes it
 * (https://circleci.com/docs/api/v2/index.html): "Get job details" {@code GET /project/{project-slug}/job/{job-number}}
 * and "Get a pipeline by ID" {@code GET /pipeline/{pipeline-id}}, authenticated by a personal API token in the
 * {@code Circle-Token} header, answers as the reference's examples, errors as {@code {"message": ...}}.
 */
class CircleCiProviderContractTest {
    private static final String TOKEN = "circle-token-test-7d1e0c9b5a";
    private static final String JOB_PATH = "/api/v2/project/gh/acme/shop/job/4321";
    private static final String PIPELINE_PATH = "/api/v2/pipeline/5034460f-c7c4-4c43-9457-de07e2029e7b";
    private static final CIContext CONTEXT = new CIContext("circleci", "acme/shop", "4f2c9e1", "feature/login", 42,
            "4321", URI.create("https://circleci.com/gh/acme/shop/4321"),
            Map.of("projectSlug", "gh/acme/shop", "workflowId", "6b2a1f0e-4b1c-4a8e-9d3e-0f1e2d3c4b5a", "job", "test"));

    @RegisterExtension
    static final WireMockExtension CIRCLECI = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private CircleCiProvider provider;

    @BeforeEach
    void activate() {
        provider = provider(Map.of());
    }

    @AfterEach
    void deactivate() {
        provider.deactivate();
    }

    @Test
    void buildDetailsAreTheJobByItsNumberInTheProjectAndItsPipeline() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(okJson(resource("job.json"))));
        CIRCLECI.stubFor(get(urlEqualTo(PIPELINE_PATH)).willReturn(okJson(resource("pipeline.json"))));

        BuildDetails details = provider.buildDetails(CONTEXT).join();

        assertEquals("build-and-test / test #4321", details.name());
        assertEquals("success", details.state());
        assertEquals(URI.create("https://app.circleci.com/pipelines/gh/acme/shop/812/workflows/"
                + "6b2a1f0e-4b1c-4a8e-9d3e-0f1e2d3c4b5a/jobs/4321"), details.url());
        assertEquals(Map.of("project.slug", "gh/acme/shop",
                "pipeline.id", "5034460f-c7c4-4c43-9457-de07e2029e7b",
                "pipeline.number", "812",
                "trigger.type", "webhook",
                "trigger.actor.login", "octocat",
                "latest_workflow.id", "6b2a1f0e-4b1c-4a8e-9d3e-0f1e2d3c4b5a",
                "latest_workflow.name", "build-and-test",
                "started_at", "2026-12-07T08:01:02Z",
                "stopped_at", "2026-12-07T08:02:03Z",
                "duration", "61234"), details.attributes());
        for (String path : new String[] {JOB_PATH, PIPELINE_PATH}) {
            CIRCLECI.verify(1, getRequestedFor(urlEqualTo(path)).withHeader("Circle-Token", equalTo(TOKEN))
                    .withHeader("Authorization", absent()));
        }
        assertEquals(2, CIRCLECI.getAllServeEvents().size());
    }

    @Test
    void aJobWithoutAPipelineIsOneRequest() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(okJson(
                "{\"name\":\"test\",\"number\":4321,\"status\":\"running\",\"web_url\":\"https://app.circleci.com/x\"}")));

        BuildDetails details = provider.buildDetails(CONTEXT).join();

        assertEquals("test #4321", details.name());
        assertEquals("running", details.state());
        assertEquals(Map.of(), details.attributes());
        assertEquals(1, CIRCLECI.getAllServeEvents().size());
    }

    @Test
    void theSlugsPartsAreEncodedOneByOne() {
        CIRCLECI.stubFor(get(urlEqualTo("/api/v2/project/circleci/a%20b/c%3Fd/job/7")).willReturn(okJson(
                "{\"name\":\"t\",\"number\":7,\"status\":\"failed\"}")));
        CIContext odd = new CIContext("circleci", null, null, null, null, "7", URI.create("https://circleci.com/x/7"),
                Map.of("projectSlug", "circleci/a b/c?d"));

        BuildDetails details = provider.buildDetails(odd).join();

        assertEquals("failed", details.state());
        assertEquals(URI.create("https://circleci.com/x/7"), details.url(), "the context's link without a web_url");
    }

    @Test
    void badCredentialsAreRejectedAndNeverShowTheToken() {
        ExternalSystemResult result = failureOf(401, "{\"message\":\"Invalid token provided.\"}");
        assertEquals(Status.REJECTED, result.status());
        assertEquals("http_401", result.errorCode());
        assertFalse(result.message().contains(TOKEN), result.message());
        assertEquals(1, CIRCLECI.getAllServeEvents().size(), "not tried again");
    }

    @Test
    void aProjectTheTokenMayNotSeeIsRejected() {
        ExternalSystemResult result = failureOf(403, "{\"message\":\"Permission denied\"}");
        assertEquals(Status.REJECTED, result.status());
        assertEquals("http_403", result.errorCode());
    }

    @Test
    void anUnknownJobIsNotFound() {
        ExternalSystemResult result = failureOf(404, "{\"message\":\"Job not found\"}");
        assertEquals(Status.NOT_FOUND, result.status());
        assertEquals(1, CIRCLECI.getAllServeEvents().size());
    }

    @Test
    void aLongRateLimitGoesBackToTheCallerWithTheWaitItAskedFor() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Rate limit exceeded\"}")));

        ExternalSystemResult result = failure(provider.buildDetails(CONTEXT));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(100)) > 0, "about 120 s: " + result.retryAfter());
        assertEquals(1, CIRCLECI.getAllServeEvents().size(), "no try within the wait");
    }

    @Test
    void aRetryAfterLongerThanACallWaitsIsNotWaitedForInTheCall() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));

        long start = System.nanoTime();
        ExternalSystemResult result = failure(provider.buildDetails(CONTEXT));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(CircleCiProvider.MAX_RATE_LIMIT_WAIT) > 0, "about 20 s: " + result.retryAfter());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(CircleCiProvider.MAX_RATE_LIMIT_WAIT) < 0,
                "the durable hook waits, not the call");
    }

    @Test
    void aShortRetryAfterIsWaitedForAndTheCallGoesThrough() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(okJson("{\"name\":\"test\",\"number\":4321,\"status\":\"success\"}")));

        long start = System.nanoTime();
        BuildDetails details = provider.buildDetails(CONTEXT).join();

        assertEquals("success", details.state());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(900)) >= 0,
                "waited for Retry-After");
        assertEquals(2, CIRCLECI.getAllServeEvents().size());
    }

    @Test
    void aServerErrorIsTriedAgain() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson("{\"name\":\"test\",\"number\":4321,\"status\":\"success\"}")));

        assertEquals("success", provider.buildDetails(CONTEXT).join().state());
        assertEquals(2, CIRCLECI.getAllServeEvents().size());
    }

    @Test
    void aServerThatKeepsFailingIsUnavailableSoThatTheReportIsTriedLater() {
        ExternalSystemResult result = failureOf(500, "{\"message\":\"Internal server error\"}");
        assertEquals(Status.UNAVAILABLE, result.status());
        assertTrue(result.status().retryable());
        assertTrue(CIRCLECI.getAllServeEvents().size() > 1, "tried again within the call");
    }

    @Test
    void aFailedPipelineRequestFailsTheDetails() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(okJson(resource("job.json"))));
        CIRCLECI.stubFor(get(urlEqualTo(PIPELINE_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Pipeline not found\"}")));

        assertEquals(Status.NOT_FOUND, failure(provider.buildDetails(CONTEXT)).status());
    }

    @Test
    void theCallerIsNotHeldWhileCircleCiAnswers() {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(okJson("{\"name\":\"test\",\"number\":4321,\"status\":\"success\"}")
                .withFixedDelay(1500)));

        CompletableFuture<BuildDetails> details = provider.buildDetails(CONTEXT);

        assertFalse(details.isDone(), "returned before the answer came");
        assertEquals("success", details.join().state());
    }

    @Test
    void aContextWithoutProjectSlugOrJobNumberIsRejectedWithoutARequest() {
        CIContext noSlug = new CIContext("circleci", "acme/shop", null, null, null, "4321", null, Map.of());
        ExternalSystemResult result = failure(provider.buildDetails(noSlug));
        assertEquals(Status.REJECTED, result.status());
        assertTrue(result.message().contains("projectSlug"), result.message());

        CIContext noNumber = new CIContext("circleci", "acme/shop", null, null, null, "build-abc", null,
                Map.of("projectSlug", "gh/acme/shop"));
        result = failure(provider.buildDetails(noNumber));
        assertEquals(Status.REJECTED, result.status());
        assertTrue(result.message().contains("job number"), result.message());
        assertEquals(0, CIRCLECI.getAllServeEvents().size());
    }

    @Test
    void itReportsBuildDetailsOnly() {
        assertEquals(Set.of(CICapability.BUILD_DETAILS), provider.capabilities());
        ExternalSystemResult status = failure(provider.setBuildStatus(CONTEXT,
                new CommitStatus("dtf/nightly", BuildStatus.SUCCESS, "ok", null)));
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, status.errorCode());
        assertTrue(provider.withJobToken("job-token").isEmpty(), "CircleCI has no job token for its API");
    }

    @Test
    void aConfigurationForSomeProjectsAcceptsOnlyTheirRuns() {
        assertTrue(provider.accepts(CONTEXT), "no projects configured: every project");
        CircleCiProvider acme = provider(Map.of("projectSlugs", new String[] {"gh/acme/*", "bb/other/app"}));
        try {
            assertTrue(acme.accepts(CONTEXT));
            assertTrue(acme.accepts(withSlug("bb/other/app")));
            assertFalse(acme.accepts(withSlug("gh/acme-evil/shop")));
            assertFalse(acme.accepts(withSlug("gh/acme/shop/extra")), "* stays within one part");
            assertFalse(acme.accepts(withSlug("bb/other/apps")));
            assertFalse(acme.accepts(new CIContext("circleci", null, null, null, null, "1", null, Map.of())));
        } finally {
            acme.deactivate();
        }
    }

    @Test
    void aConfigurationWithoutTokenIsRefusedNamingTheKey() {
        Map<String, Object> values = config(Map.of());
        values.put("_token", " ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CircleCiProvider().activate(proxy(values)));
        assertTrue(e.getMessage().contains(".token"), e.getMessage());
        assertNull(e.getCause());
    }

    private ExternalSystemResult failureOf(int status, String body) {
        CIRCLECI.stubFor(get(urlEqualTo(JOB_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        return failure(provider.buildDetails(CONTEXT));
    }

    private static ExternalSystemResult failure(CompletableFuture<?> call) {
        CompletionException e = assertThrows(CompletionException.class, call::join);
        assertTrue(e.getCause() instanceof ExternalSystemException, String.valueOf(e.getCause()));
        return ((ExternalSystemException) e.getCause()).result();
    }

    private static CIContext withSlug(String slug) {
        return new CIContext("circleci", null, null, null, null, "1", null, Map.of("projectSlug", slug));
    }

    private static CircleCiProvider provider(Map<String, Object> overrides) {
        CircleCiProvider provider = new CircleCiProvider();
        provider.activate(proxy(config(overrides)));
        return provider;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.ci.circleci-<name>.cfg. */
    private static Map<String, Object> config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("apiUrl", CIRCLECI.baseUrl() + "/api/v2", "_token", TOKEN,
                "projectSlugs", new String[0], "timeoutSeconds", 5));
        values.putAll(overrides);
        return values;
    }

    private static CircleCiConfig proxy(Map<String, Object> values) {
        return (CircleCiConfig) Proxy.newProxyInstance(CircleCiConfig.class.getClassLoader(),
                new Class<?>[] {CircleCiConfig.class}, (p, method, args) -> values.get(method.getName()));
    }

    private static String resource(String name) {
        try (InputStream in = CircleCiProviderContractTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
