package io.dtf.ci.teamcity.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import io.dtf.http.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TeamCity provider against a WireMock TeamCity that answers as its REST API describes it: the build
 * resource's {@code PUT /app/rest/builds/<buildLocator>/statusText} and {@code PUT .../comment}, both
 * {@code text/plain} (Manage Builds: https://www.jetbrains.com/help/teamcity/rest/manage-builds.html; REST API
 * reference, BuildRequest: {@code setBuildStatusText} answers "400 Cannot set status text for a build which is not
 * running" for a finished build), with an access token as a bearer token, which needs no CSRF token (CSRF
 * protection: https://www.jetbrains.com/help/teamcity/csrf-protection.html).
 */
class TeamCityProviderContractTest {
    @RegisterExtension
    static final WireMockExtension TEAMCITY = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "eyJ0eXAiOiAiVENWMiJ9.teamcity-token-0123456789";
    private static final String STATUS_TEXT = "/tc/app/rest/builds/id:4711/statusText";
    private static final String COMMENT = "/tc/app/rest/builds/id:4711/comment";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final CommitStatus FAILED = new CommitStatus("dtf/api-tests", BuildStatus.FAILURE,
            "98 of 100 tests passed, 2 failed", URI.create("https://dtf.example/runs/r12"));

    private TeamCityProvider teamcity;

    @BeforeEach
    void setUp() {
        teamcity = new TeamCityProvider(URI.create(TEAMCITY.baseUrl() + "/tc"), TOKEN, Duration.ofSeconds(5), FAST);
    }

    @AfterEach
    void tearDown() {
        teamcity.close();
    }

    private static CIContext context(String buildId) {
        return new CIContext("teamcity", "https://git.example/app.git", "abc123", "main", null, buildId,
                URI.create(TEAMCITY.baseUrl() + "/tc/viewLog.html?buildId=" + buildId),
                Map.of("serverUrl", TEAMCITY.baseUrl() + "/tc", "buildTypeId", "App_Tests"));
    }

    private static ExternalSystemResult failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(30, TimeUnit.SECONDS).join());
        assertTrue(e.getCause() instanceof ExternalSystemException, "not an ExternalSystemException: " + e.getCause());
        return ((ExternalSystemException) e.getCause()).result();
    }

    @Test
    void reportsTheBuildStatusWithoutIo() {
        assertEquals(Set.of(CICapability.BUILD_STATUS), teamcity.capabilities());
        assertTrue(teamcity.withJobToken("x").isEmpty());
        assertEquals(0, TEAMCITY.getAllServeEvents().size());
    }

    @Test
    void acceptsBuildsOfItsServerOnly() {
        assertTrue(teamcity.accepts(context("4711")));
        assertTrue(teamcity.accepts(new CIContext("teamcity", null, null, null, null, "1", null,
                Map.of("serverUrl", TEAMCITY.baseUrl() + "/tc/"))));
        assertFalse(teamcity.accepts(new CIContext("teamcity", null, null, null, null, "1",
                URI.create("https://other.example/viewLog.html?buildId=1"), Map.of("serverUrl", "https://other.example"))));
        assertFalse(teamcity.accepts(new CIContext("teamcity", null, null, null, null, "1", null, Map.of())));
    }

    @Test
    void aRunningBuildGetsTheStatusAsItsStatusTextWithTheTokenAndNoCsrfToken() throws Exception {
        TEAMCITY.stubFor(put(urlEqualTo(STATUS_TEXT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody("dtf/api-tests: failed - 98 of 100 tests passed, 2 failed")));

        teamcity.setBuildStatus(context("4711"), FAILED).get(30, TimeUnit.SECONDS);

        TEAMCITY.verify(putRequestedFor(urlEqualTo(STATUS_TEXT))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("text/plain"))
                .withHeader("X-TC-CSRF-Token", absent())
                .withRequestBody(equalTo("dtf/api-tests: failed - 98 of 100 tests passed, 2 failed")));
        TEAMCITY.verify(0, putRequestedFor(urlEqualTo(COMMENT)));
    }

    @Test
    void aFinishedBuildGetsTheStatusAndTheLinkAsItsComment() throws Exception {
        TEAMCITY.stubFor(put(urlEqualTo(STATUS_TEXT)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/plain")
                .withBody("Error has occurred during request processing, status code: 400 (Bad Request).\n"
                        + "Details: jetbrains.buildServer.server.rest.errors.BadRequestException: Cannot set status "
                        + "text for a build which is not running\nInvalid request. Please check the request URL and data are correct.")));
        TEAMCITY.stubFor(put(urlEqualTo(COMMENT)).willReturn(aResponse().withStatus(204)));

        teamcity.setBuildStatus(context("4711"), FAILED).get(30, TimeUnit.SECONDS);

        TEAMCITY.verify(putRequestedFor(urlEqualTo(COMMENT)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("text/plain"))
                .withRequestBody(equalTo("dtf/api-tests: failed - 98 of 100 tests passed, 2 failed\n"
                        + "https://dtf.example/runs/r12")));
    }

    @Test
    void theStatusTextSaysTheStatusOnceWhenTheDescriptionSaysNoMore() {
        assertEquals("dtf/api-tests: queued", TeamCityProvider.statusText(
                new CommitStatus("dtf/api-tests", BuildStatus.PENDING, "queued", URI.create("https://dtf.example/runs/r12"))));
        assertEquals("dtf/api-tests: running - 3 of 8 tasks passed", TeamCityProvider.statusText(
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "3 of 8 tasks passed", null)));
    }

    @Test
    void aContextWithoutANumericBuildIdIsRefusedWithoutARequest() {
        ExternalSystemResult result = failure(teamcity.setBuildStatus(context("id:1/../../x"), FAILED));
        assertEquals(Status.REJECTED, result.status());
        assertEquals("invalid_context", result.errorCode());
        assertEquals("invalid_context", failure(teamcity.setBuildStatus(context(null), FAILED)).errorCode());
        assertEquals(0, TEAMCITY.getAllServeEvents().size());
    }

    @Test
    void eachErrorAnswerSaysWhetherTryingAgainHelps() {
        Map<Integer, Status> expected = Map.of(401, Status.REJECTED, 403, Status.REJECTED, 404, Status.NOT_FOUND,
                400, Status.REJECTED, 422, Status.REJECTED, 500, Status.UNAVAILABLE, 503, Status.UNAVAILABLE);
        expected.forEach((status, outcome) -> {
            TEAMCITY.resetAll();
            TEAMCITY.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(status).withBody("Access denied")));
            ExternalSystemResult result = failure(teamcity.setBuildStatus(context("4711"), FAILED));
            assertEquals(outcome, result.status(), status + ": " + result.describe());
            assertEquals("http_" + status, result.errorCode());
            assertFalse(result.message().contains(TOKEN), result.message());
            assertEquals(status >= 500 ? 3 : 1, TEAMCITY.findAll(putRequestedFor(urlEqualTo(STATUS_TEXT))).size(),
                    "a 5xx PUT (idempotent) is tried 3 times");
            TEAMCITY.verify(0, putRequestedFor(urlEqualTo(COMMENT)));
        });
    }

    @Test
    void a429WithRetryAfterComesBackRateLimitedWithThatWait() {
        TEAMCITY.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        ExternalSystemResult result = failure(teamcity.setBuildStatus(context("4711"), FAILED));
        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(100)) > 0, "about 120 s: " + result.retryAfter());
    }

    @Test
    void aMissingTokenOrServerUrlIsAClearConfigurationError() {
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> TeamCityProvider.token("${env:DTF_TEST_UNSET_VARIABLE_42}"));
        assertTrue(token.getMessage().contains(".token") && token.getMessage().contains("is not set"), token.getMessage());
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> TeamCityProvider.serverUrl("ftp://teamcity.example"));
        assertTrue(url.getMessage().contains("serverUrl"), url.getMessage());
    }
}
