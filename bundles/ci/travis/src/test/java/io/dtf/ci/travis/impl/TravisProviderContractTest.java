package io.dtf.ci.travis.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ci.BuildDetails;
import io.dtf.api.ci.CICapability;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Travis CI provider against API v3 as its reference describes it (https://developer.travis-ci.com/, resource
 * "Build", action "Find": {@code GET /build/{build.id}}, the standard representation), with the headers every v3
 * request carries ({@code Travis-API-Version: 3}, {@code Authorization: token <token>}) and errors as Travis CI sends
 * them ({@code {"@type": "error", "error_type": ..., "error_message": ...}}).
 */
class TravisProviderContractTest {
    private static final String TOKEN = "travis-token-test-3b8e51f0c2";
    private static final String BUILD_PATH = "/build/86601346";
    private static final CIContext CONTEXT = new CIContext("travis", "acme/shop", "4f2c9e1", "feature/login", 42,
            "86601346", URI.create("https://app.travis-ci.com/github/acme/shop/builds/86601346"),
            Map.of("repoSlug", "acme/shop", "buildNumber", "1287", "jobId", "511386361"));

    @RegisterExtension
    static final WireMockExtension TRAVIS = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private TravisProvider provider;

    @BeforeEach
    void activate() {
        provider = provider(Map.of());
    }

    @AfterEach
    void deactivate() {
        provider.deactivate();
    }

    @Test
    void buildDetailsAreTheBuildByItsId() {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).willReturn(okJson(resource("build.json"))));

        BuildDetails details = provider.buildDetails(CONTEXT).join();

        assertEquals("acme/shop #1287", details.name());
        assertEquals("failed", details.state());
        assertEquals(URI.create("https://travis-ci.com/acme/shop/builds/86601346"), details.url());
        assertEquals(Map.of("event_type", "pull_request",
                "branch", "main",
                "pull_request_number", "42",
                "duration", "754",
                "started_at", "2026-12-07T08:01:02Z",
                "finished_at", "2026-12-07T08:13:36Z",
                "commit", "4f2c9e1a7b3d5e6f708192a3b4c5d6e7f8091a2b",
                "previous_state", "passed"), details.attributes());
        TRAVIS.verify(1, getRequestedFor(urlEqualTo(BUILD_PATH))
                .withHeader("Travis-API-Version", equalTo("3"))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
        assertEquals(1, TRAVIS.getAllServeEvents().size());
    }

    @Test
    void aBuildJustCreatedHasNoneOfWhatItWillHave() {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).willReturn(okJson("{\"@type\":\"build\",\"id\":86601346,"
                + "\"number\":\"1288\",\"state\":\"created\",\"duration\":null,\"event_type\":\"push\","
                + "\"pull_request_number\":null,\"started_at\":null,\"finished_at\":null,"
                + "\"repository\":{\"id\":25190,\"name\":\"shop\",\"slug\":\"acme/shop\"},\"branch\":{\"name\":\"main\"}}")));

        BuildDetails details = provider.buildDetails(CONTEXT).join();

        assertEquals("created", details.state());
        assertEquals(Map.of("event_type", "push", "branch", "main"), details.attributes());
    }

    @Test
    void theLinkIsOnTheConfiguredWebUrl() {
        TravisProvider enterprise = provider(Map.of("webUrl", "https://travis.example.com/"));
        try {
            TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).willReturn(okJson(resource("build.json"))));
            assertEquals(URI.create("https://travis.example.com/acme/shop/builds/86601346"),
                    enterprise.buildDetails(CONTEXT).join().url());
        } finally {
            enterprise.deactivate();
        }
    }

    @Test
    void badCredentialsAreRejectedAndNeverShowTheToken() {
        ExternalSystemResult result = failureOf(401, "{\"@type\":\"error\",\"error_type\":\"login_required\","
                + "\"error_message\":\"login required\"}");
        assertEquals(Status.REJECTED, result.status());
        assertEquals("http_401", result.errorCode());
        assertFalse(result.message().contains(TOKEN), result.message());
        assertEquals(1, TRAVIS.getAllServeEvents().size(), "not tried again");
    }

    @Test
    void aRepositoryTheTokenMayNotSeeIsRejected() {
        ExternalSystemResult result = failureOf(403, "{\"@type\":\"error\",\"error_type\":\"insufficient_access\","
                + "\"error_message\":\"operation requires read access to build\",\"resource_type\":\"build\"}");
        assertEquals(Status.REJECTED, result.status());
        assertEquals("http_403", result.errorCode());
    }

    @Test
    void anUnknownBuildIsNotFound() {
        ExternalSystemResult result = failureOf(404, "{\"@type\":\"error\",\"error_type\":\"not_found\","
                + "\"error_message\":\"build not found (or insufficient access)\",\"resource_type\":\"build\"}");
        assertEquals(Status.NOT_FOUND, result.status());
        assertEquals(1, TRAVIS.getAllServeEvents().size());
    }

    /** 20 s: longer than a call waits for a limit; 120 s: longer than a retry waits for a Retry-After. */
    @ParameterizedTest
    @ValueSource(ints = {20, 120})
    void aLongRateLimitGoesBackToTheDurableHookAtOnceWithTheWaitItAskedFor(int seconds) {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", String.valueOf(seconds))));

        long start = System.nanoTime();
        ExternalSystemResult result = failure(provider.buildDetails(CONTEXT));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(seconds - 5)) > 0, "about " + seconds + " s: "
                + result.retryAfter());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TravisProvider.MAX_RATE_LIMIT_WAIT) < 0,
                "the durable hook waits, not the call");
        assertEquals(1, TRAVIS.getAllServeEvents().size());
    }

    @Test
    void aShortRetryAfterIsWaitedForAndTheCallGoesThrough() {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(okJson(resource("build.json"))));

        assertEquals("failed", provider.buildDetails(CONTEXT).join().state());
        assertEquals(2, TRAVIS.getAllServeEvents().size());
        TRAVIS.verify(2, getRequestedFor(urlEqualTo(BUILD_PATH)).withHeader("Travis-API-Version", equalTo("3")));
    }

    @Test
    void aServerErrorIsTriedAgain() {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(resource("build.json"))));

        assertEquals("acme/shop #1287", provider.buildDetails(CONTEXT).join().name());
        assertEquals(2, TRAVIS.getAllServeEvents().size());
    }

    @Test
    void aServerThatKeepsFailingIsUnavailableSoThatTheReportIsTriedLater() {
        ExternalSystemResult result = failureOf(500, "{\"@type\":\"error\",\"error_message\":\"internal error\"}");
        assertEquals(Status.UNAVAILABLE, result.status());
        assertTrue(result.status().retryable());
        assertTrue(TRAVIS.getAllServeEvents().size() > 1, "tried again within the call");
    }

    @Test
    void theCallerIsNotHeldWhileTravisAnswers() {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).willReturn(okJson(resource("build.json")).withFixedDelay(1500)));

        CompletableFuture<BuildDetails> details = provider.buildDetails(CONTEXT);

        assertFalse(details.isDone(), "returned before the answer came");
        assertEquals("failed", details.join().state());
    }

    @Test
    void aContextWithoutBuildIdIsRejectedWithoutARequest() {
        for (String id : new String[] {null, "1287.1", "abc"}) {
            CIContext context = new CIContext("travis", "acme/shop", null, null, null, id, null, Map.of());
            ExternalSystemResult result = failure(provider.buildDetails(context));
            assertEquals(Status.REJECTED, result.status());
            assertTrue(result.message().contains("TRAVIS_BUILD_ID"), result.message());
        }
        assertEquals(0, TRAVIS.getAllServeEvents().size());
    }

    @Test
    void itReportsBuildDetailsOnly() {
        assertEquals(Set.of(CICapability.BUILD_DETAILS), provider.capabilities());
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                failure(provider.upsertPrComment(CONTEXT, "dtf-nightly", "text")).errorCode());
        assertTrue(provider.withJobToken("job-token").isEmpty(), "Travis CI gives a job no API token");
    }

    @Test
    void aConfigurationForSomeRepositoriesAcceptsOnlyTheirRuns() {
        assertTrue(provider.accepts(CONTEXT), "no repositories configured: every repository");
        TravisProvider acme = provider(Map.of("repositories", new String[] {"acme/*", "other/app"}));
        try {
            assertTrue(acme.accepts(CONTEXT));
            assertTrue(acme.accepts(withRepository("Other/App")), "GitHub's names ignore case");
            assertFalse(acme.accepts(withRepository("acme-evil/shop")));
            assertFalse(acme.accepts(withRepository("acme/shop/extra")));
            assertFalse(acme.accepts(withRepository("other/apps")));
            assertFalse(acme.accepts(new CIContext("travis", null, null, null, null, "1", null, Map.of())));
        } finally {
            acme.deactivate();
        }
    }

    @Test
    void aConfigurationWithoutTokenIsRefusedNamingTheKey() {
        Map<String, Object> values = config(Map.of());
        values.put("_token", "${env:DTF_TEST_VARIABLE_THAT_IS_NOT_SET}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TravisProvider().activate(proxy(values)));
        assertTrue(e.getMessage().contains(".token"), e.getMessage());
        assertTrue(e.getMessage().contains("${env:DTF_TEST_VARIABLE_THAT_IS_NOT_SET} is not set"), e.getMessage());
    }

    private ExternalSystemResult failureOf(int status, String body) {
        TRAVIS.stubFor(get(urlEqualTo(BUILD_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        return failure(provider.buildDetails(CONTEXT));
    }

    private static ExternalSystemResult failure(CompletableFuture<?> call) {
        CompletionException e = assertThrows(CompletionException.class, call::join);
        assertTrue(e.getCause() instanceof ExternalSystemException, String.valueOf(e.getCause()));
        return ((ExternalSystemException) e.getCause()).result();
    }

    private static CIContext withRepository(String slug) {
        return new CIContext("travis", slug, null, null, null, "1", null, Map.of());
    }

    private static TravisProvider provider(Map<String, Object> overrides) {
        TravisProvider provider = new TravisProvider();
        provider.activate(proxy(config(overrides)));
        return provider;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.ci.travis-<name>.cfg. */
    private static Map<String, Object> config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("apiUrl", TRAVIS.baseUrl(), "webUrl",
                TravisProvider.DEFAULT_WEB_URL, "_token", TOKEN, "repositories", new String[0], "timeoutSeconds", 5));
        values.putAll(overrides);
        return values;
    }

    private static TravisConfig proxy(Map<String, Object> values) {
        return (TravisConfig) Proxy.newProxyInstance(TravisConfig.class.getClassLoader(),
                new Class<?>[] {TravisConfig.class}, (p, method, args) -> values.get(method.getName()));
    }

    private static String resource(String name) {
        try (InputStream in = TravisProviderContractTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
