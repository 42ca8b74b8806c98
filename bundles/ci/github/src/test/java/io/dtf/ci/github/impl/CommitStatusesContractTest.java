package io.dtf.ci.github.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Commit statuses as GitHub's reference describes them: "Create a commit status"
 * (https://docs.github.com/en/rest/commits/statuses#create-a-commit-status: state error, failure, pending or
 * success; target_url; description; context), and how every request fails: "Troubleshooting the REST API"
 * (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api) and "Rate limits for the REST
 * API" (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api: 429 or 403 with
 * Retry-After for secondary limits).
 */
class CommitStatusesContractTest extends GitHubContract {
    private static final String STATUSES = "/repos/acme/shop/statuses/" + SHA;
    private static final CommitStatus FAILED = new CommitStatus("dtf/nightly", BuildStatus.FAILURE,
            "998 of 1000 tests passed, 2 failed", URI.create("https://dtf.example/runs/r1"));

    @Test
    void eachBuildStatusIsGitHubsStateOnTheRunsCommit() throws Exception {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(201, "{\"id\":1,\"state\":\"failure\"}")));
        GitHubCIProvider github = provider(tokenConfig());
        Map<BuildStatus, String> states = Map.of(BuildStatus.PENDING, "pending", BuildStatus.RUNNING, "pending",
                BuildStatus.SUCCESS, "success", BuildStatus.FAILURE, "failure", BuildStatus.ERROR, "error",
                BuildStatus.CANCELLED, "error");

        for (Map.Entry<BuildStatus, String> state : states.entrySet()) {
            GITHUB.resetRequests();
            done(github.setBuildStatus(context(), new CommitStatus("dtf/nightly", state.getKey(), "x", null)));
            assertEquals(state.getValue(), body(received("POST", STATUSES).get(0)).path("state").asText(),
                    state.getKey().name());
        }
    }

    @Test
    void theStatusCarriesItsContextLinkAndADescriptionOfAtMost140Characters() throws Exception {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(201, "{\"id\":1}")));
        GitHubCIProvider github = provider(tokenConfig());

        done(github.setBuildStatus(context(), FAILED));
        done(github.setBuildStatus(context(), new CommitStatus("dtf/nightly", BuildStatus.FAILURE, "x".repeat(500), null)));

        List<LoggedRequest> posts = received("POST", STATUSES);
        assertGitHubHeaders(posts.get(0), PAT);
        JsonNode first = body(posts.get(0));
        assertEquals("failure", first.path("state").asText());
        assertEquals("https://dtf.example/runs/r1", first.path("target_url").asText());
        assertEquals("998 of 1000 tests passed, 2 failed", first.path("description").asText());
        assertEquals("dtf/nightly", first.path("context").asText());
        JsonNode second = body(posts.get(1));
        assertEquals(140, second.path("description").asText().length());
        assertTrue(second.path("target_url").isMissingNode(), "no link, no target_url");
    }

    @Test
    void aContextWithoutCommitOrRepositoryIsRejectedNamingWhatIsMissing() {
        GitHubCIProvider github = provider(tokenConfig());
        CIContext noCommit = new CIContext("github", "acme/shop", null, "main", null, null, null, Map.of());
        CIContext noRepository = new CIContext("github", null, SHA, "main", null, null, null, Map.of());

        ExternalSystemResult commit = failure(github.setBuildStatus(noCommit, FAILED));
        ExternalSystemResult repository = failure(github.setBuildStatus(noRepository, FAILED));

        assertEquals(ExternalSystemResult.Status.REJECTED, commit.status());
        assertTrue(commit.message().contains("no commit"), commit.message());
        assertTrue(repository.message().contains("no GitHub repository"), repository.message());
        assertTrue(received().isEmpty());
    }

    @Test
    void badCredentialsAreRejectedAndParked() {
        assertEquals("http_401", refused(401, "{\"message\":\"Bad credentials\"}").errorCode());
        assertEquals(ExternalSystemResult.Status.REJECTED,
                refused(403, "{\"message\":\"Resource not accessible by personal access token\"}").status());
    }

    @Test
    void anUnknownRepositoryIsNotFound() {
        assertEquals(ExternalSystemResult.Status.NOT_FOUND, refused(404, "{\"message\":\"Not Found\"}").status());
    }

    @Test
    void aValidationFailureIsRejectedWithGitHubsMessage() {
        ExternalSystemResult result = refused(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                + "\"Status\",\"code\":\"custom\",\"message\":\"This SHA and context has reached the maximum number of "
                + "statuses.\"}]}");
        assertEquals(ExternalSystemResult.Status.REJECTED, result.status());
        assertEquals("http_422", result.errorCode());
        assertTrue(result.message().contains("Validation Failed"), result.message());
    }

    @Test
    void a429AsksForTheWaitOfItsRetryAfter() {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(429, "{\"message\":\"Too many requests\"}")
                .withHeader("Retry-After", "120")));

        ExternalSystemResult result = failure(provider(tokenConfig()).setBuildStatus(context(), FAILED));

        assertEquals(ExternalSystemResult.Status.RATE_LIMITED, result.status());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(110)) >= 0
                && result.retryAfter().compareTo(Duration.ofSeconds(120)) <= 0, "wait " + result.retryAfter());
        assertEquals(1, received("POST", STATUSES).size(), "not sent again before the wait");
    }

    @Test
    void aSecondaryRateLimitsForbiddenIsRateLimitedNotRejected() {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(403, "{\"message\":\"You have exceeded a "
                + "secondary rate limit. Please wait a few minutes before you try again.\"}").withHeader("Retry-After", "90")));

        ExternalSystemResult result = failure(provider(tokenConfig()).setBuildStatus(context(), FAILED));

        assertEquals(ExternalSystemResult.Status.RATE_LIMITED, result.status());
        assertTrue(result.retryAfter().compareTo(Duration.ofSeconds(80)) >= 0, "wait " + result.retryAfter());
    }

    @Test
    void a5xxIsTriedAgainAndWhenItLastsIsUnavailableForLater() throws Exception {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(502, "{\"message\":\"Server Error\"}")).willSetStateTo("up"));
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(json(201, "{\"id\":1}")));
        GitHubCIProvider github = provider(tokenConfig());

        done(github.setBuildStatus(context(), FAILED));
        assertEquals(2, received("POST", STATUSES).size(), "a status may be set again: retried at once");

        GITHUB.resetAll();
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(500, "{\"message\":\"Server Error\"}")));
        ExternalSystemResult down = failure(github.setBuildStatus(context(), FAILED));
        assertEquals(ExternalSystemResult.Status.UNAVAILABLE, down.status());
        assertTrue(down.retryable());
    }

    @Test
    void noAnswerIsUnavailableForLater() {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        ExternalSystemResult result = failure(provider(tokenConfig()).setBuildStatus(context(), FAILED));

        assertEquals(ExternalSystemResult.Status.UNAVAILABLE, result.status());
    }

    @Test
    void theCallerIsNeverHeldWhileGitHubAnswers() throws Exception {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(201, "{\"id\":1}").withFixedDelay(1_000)));
        GitHubCIProvider github = provider(tokenConfig());

        long start = System.nanoTime();
        CompletableFuture<Void> status = github.setBuildStatus(context(), FAILED);
        long heldMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(heldMillis < 500, "the call returned after " + heldMillis + " ms");
        assertFalse(status.isDone());
        done(status);
    }

    private ExternalSystemResult refused(int status, String body) {
        GITHUB.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(status, body)));
        return failure(provider(tokenConfig()).setBuildStatus(context(), FAILED));
    }
}
