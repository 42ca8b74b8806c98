package io.dtf.ci.github.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.ci.TestCounts;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.http.HttpTime;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the contract tests share: a WireMock standing in for GitHub's REST API, providers configured as Config Admin
 * would configure them, runs with failed tests, and the headers every request must carry
 * (https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#headers).
 */
abstract class GitHubContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String PAT = "pat-of-the-github-contract-tests";
    static final String INSTALLATION_TOKEN = "ghs_contractTestInstallationToken01234";
    static final String APP_ID = "123456";
    static final long INSTALLATION = 99;
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final KeyPair APP_KEY = rsaKey();

    @RegisterExtension
    static final WireMockExtension GITHUB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** A clock the tests move. */
    final MovableClock clock = new MovableClock(NOW);
    private final List<GitHubCIProvider> providers = new ArrayList<>();

    @AfterEach
    void deactivate() {
        providers.forEach(GitHubCIProvider::deactivate);
    }

    /** A provider of this configuration (keys as the configuration's methods name them: _token for .token). */
    GitHubCIProvider provider(Map<String, Object> config) {
        return provider(config, null);
    }

    GitHubCIProvider provider(Map<String, Object> config, HttpTime time) {
        GitHubCIProvider provider = new GitHubCIProvider();
        provider.activate(config(config), clock, time);
        providers.add(provider);
        return provider;
    }

    /** A personal access token's configuration, without a rate limit that would slow the tests. */
    Map<String, Object> tokenConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("apiUrl", GITHUB.baseUrl());
        config.put("_token", PAT);
        config.put("requestsPerMinute", 1_000_000);
        return config;
    }

    /** A GitHub App's configuration, with its installation, without a rate limit that would slow the tests. */
    Map<String, Object> appConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("apiUrl", GITHUB.baseUrl());
        config.put("appId", APP_ID);
        config.put("_privateKey", pem(APP_KEY));
        config.put("installationId", Long.toString(INSTALLATION));
        config.put("requestsPerMinute", 1_000_000);
        return config;
    }

    /** An App's provider whose installation token WireMock gives. */
    GitHubCIProvider app() {
        stubInstallationToken(INSTALLATION, INSTALLATION_TOKEN, NOW.plus(Duration.ofHours(1)));
        return provider(appConfig());
    }

    static void stubInstallationToken(long installation, String token, Instant expiresAt) {
        GITHUB.stubFor(post(urlPathEqualTo("/app/installations/" + installation + "/access_tokens"))
                .willReturn(json(201, "{\"token\":\"" + token + "\",\"expires_at\":\"" + expiresAt
                        + "\",\"permissions\":{\"checks\":\"write\"},\"repository_selection\":\"all\"}")));
    }

    /** The configuration as Declarative Services makes it: the given values, else the defaults. */
    static GitHubConfig config(Map<String, Object> values) {
        return (GitHubConfig) Proxy.newProxyInstance(GitHubConfig.class.getClassLoader(),
                new Class<?>[] {GitHubConfig.class}, (proxy, method, args) ->
                        values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    static CIContext context() {
        return context(42);
    }

    static CIContext context(Integer pullRequest) {
        return new CIContext("github", "acme/shop", SHA, "feature/login", pullRequest, "1234567",
                URI.create("https://github.com/acme/shop/actions/runs/1234567"), Map.of());
    }

    /** A finished run with {@code failed} failed tests among 1000 (or more). */
    static TestRunResult finished(String run, int failed) {
        List<TestCaseResult> failures = new ArrayList<>();
        for (int i = 0; i < failed; i++) {
            failures.add(new TestCaseResult("suite", "org.example.shop.Checkout" + (i % 7) + "Test", "pays" + i,
                    TestCaseStatus.FAILED, Duration.ofMillis(12), "expected 200 but was 500 in pays" + i,
                    "java.lang.AssertionError: expected 200 but was 500\n\tat org.example.shop.Checkout" + (i % 7)
                            + "Test.pays" + i + "(Checkout" + (i % 7) + "Test.java:" + (10 + i) + ")", false));
        }
        int total = Math.max(1000, failed);
        return new TestRunResult(RunId.of(run), "nightly", failed == 0 ? RunState.PASSED : RunState.FAILED,
                new TaskCounts(Map.of(failed == 0 ? TaskState.PASSED : TaskState.FAILED, 4)),
                new TestCounts(total, total - failed, failed, 0, 0), Duration.ofMinutes(3), failures, 0,
                URI.create("https://dtf.example/runs/" + run), Map.of());
    }

    static TestRunResult queued(String run) {
        return TestRunResult.queued(RunId.of(run), "nightly", URI.create("https://dtf.example/runs/" + run), Map.of());
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** The result a future failed with: an ExternalSystemException's, as every failure of a provider must be. */
    static ExternalSystemResult failure(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof ExternalSystemException,
                "an ExternalSystemException, not " + failed.getCause());
        return ((ExternalSystemException) failed.getCause()).result();
    }

    /** The requests WireMock received, oldest first. */
    static List<LoggedRequest> received() {
        List<LoggedRequest> requests = new ArrayList<>(GITHUB.getAllServeEvents().stream().map(e -> e.getRequest())
                .toList());
        requests.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return requests;
    }

    static List<LoggedRequest> received(String method, String pathRegex) {
        return received().stream().filter(r -> r.getMethod().getName().equals(method) && r.getUrl().split("\\?")[0]
                .matches(pathRegex)).toList();
    }

    static JsonNode body(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBodyAsString());
    }

    /** The headers GitHub's reference asks of every request, with this token. */
    static void assertGitHubHeaders(LoggedRequest request, String token) {
        assertEquals("application/vnd.github+json", request.getHeader("Accept"), request.getUrl());
        assertEquals("2022-11-28", request.getHeader("X-GitHub-Api-Version"), request.getUrl());
        assertEquals("Bearer " + token, request.getHeader("Authorization"), request.getUrl());
        assertTrue(request.containsHeader("User-Agent"), "GitHub refuses requests without a User-Agent");
    }

    static String pem(KeyPair key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bearerOf(String token) {
        return "Bearer " + token;
    }

    static com.github.tomakehurst.wiremock.matching.StringValuePattern bearer(String token) {
        return equalTo(bearerOf(token));
    }

    /** A clock that moves only when told. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
