package io.dtf.ci.gitlab.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.gitlab.impl.GitLabFixture.SHA;
import static io.dtf.ci.gitlab.impl.GitLabFixture.TOKEN;
import static io.dtf.ci.gitlab.impl.GitLabFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import io.dtf.http.testing.ManualHttpTime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Commit statuses against a WireMock GitLab that answers as GitLab's REST API reference describes: "Commits API: Set
 * the pipeline status of a commit", https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit
 * ({@code POST /projects/:id/statuses/:sha} with {@code state} pending, running, success, failed or canceled,
 * {@code name}, {@code target_url}, {@code description}, {@code pipeline_id}; {@code :id} a project's id or its
 * URL-encoded path) and "List the statuses of a commit", https://docs.gitlab.com/api/commits/#list-the-statuses-of-a-commit
 * ({@code GET /projects/:id/repository/commits/:sha/statuses} with {@code name}, {@code pipeline_id},
 * {@code order_by}, {@code sort}), authenticated by {@code PRIVATE-TOKEN} ("REST API authentication",
 * https://docs.gitlab.com/api/rest/authentication/), failing as "REST API: status codes" says (400, 401, 403, 404,
 * 422, 429 with Retry-After, 5xx).
 */
class CommitStatusesContractTest {
    @RegisterExtension
    static final WireMockExtension GITLAB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String STATUSES = "/api/v4/projects/42/statuses/" + SHA;
    private static final String LATEST = "/api/v4/projects/42/repository/commits/" + SHA + "/statuses";
    private static final URI RUN = URI.create("https://dtf.example/runs/r12");

    private final ManualHttpTime time = GitLabFixture.time();
    private GitLabProvider gitlab;
    private CIContext job;

    @BeforeEach
    void start() {
        String api = GITLAB.baseUrl() + "/api/v4";
        gitlab = GitLabFixture.provider(time, Map.of("apiUrl", api, ".token", TOKEN));
        job = GitLabFixture.mergeRequestJob(api, 7);
        GITLAB.stubFor(get(urlPathMatching("/api/v4/projects/[^/]+/repository/commits/[0-9a-f]+/statuses"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
    }

    @AfterEach
    void stop() {
        gitlab.deactivate();
    }

    @Test
    void aRunningRunIsARunningStatusOnTheCommitInTheJobsPipelineLinkedToTheRun() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(created()));

        gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "120 tests queued", RUN))
                .orTimeout(20, TimeUnit.SECONDS).join();

        GITLAB.verify(1, postRequestedFor(urlEqualTo(STATUSES))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"state\":\"running\",\"name\":\"dtf/api-tests\","
                        + "\"description\":\"120 tests queued\",\"target_url\":\"https://dtf.example/runs/r12\","
                        + "\"pipeline_id\":9001}")));
    }

    @Test
    void eachStatusIsGitLabsStateAndAnErrorOfDtfShowsAsFailed() {
        assertEquals("pending", CommitStatuses.state(BuildStatus.PENDING));
        assertEquals("running", CommitStatuses.state(BuildStatus.RUNNING));
        assertEquals("success", CommitStatuses.state(BuildStatus.SUCCESS));
        assertEquals("failed", CommitStatuses.state(BuildStatus.FAILURE));
        assertEquals("failed", CommitStatuses.state(BuildStatus.ERROR));
        assertEquals("canceled", CommitStatuses.state(BuildStatus.CANCELLED));
    }

    @Test
    void withoutAProjectIdTheProjectIsItsUrlEncodedPathAndTheRefItsBranch() {
        String byPath = "/api/v4/projects/acme%2Fweb%2Fshop/statuses/" + SHA;
        GITLAB.stubFor(post(urlEqualTo(byPath)).willReturn(created()));
        CIContext pushJob = new CIContext("gitlab", "acme/web/shop", SHA, "main", null, "778", null, Map.of());

        gitlab.setBuildStatus(pushJob, new CommitStatus("dtf/nightly", BuildStatus.SUCCESS, "120 of 120 tests passed", null))
                .orTimeout(20, TimeUnit.SECONDS).join();

        GITLAB.verify(1, postRequestedFor(urlEqualTo(byPath)).withRequestBody(equalToJson(
                "{\"state\":\"success\",\"name\":\"dtf/nightly\",\"description\":\"120 of 120 tests passed\",\"ref\":\"main\"}")));
    }

    @Test
    void settingTheStatusItAlreadyHasIsDoneThoughGitLabRefusesTheTransition() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).inScenario("repeat").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(created()).willSetStateTo("running"));
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).inScenario("repeat").whenScenarioStateIs("running")
                .willReturn(refusedTransition("run", "running")));
        CommitStatus running = new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN);

        gitlab.setBuildStatus(job, running).orTimeout(20, TimeUnit.SECONDS).join();
        gitlab.setBuildStatus(job, running).orTimeout(20, TimeUnit.SECONDS).join();
        gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.PENDING, "queued", RUN))
                .orTimeout(20, TimeUnit.SECONDS).join();

        GITLAB.verify(3, postRequestedFor(urlEqualTo(STATUSES)));
    }

    @Test
    void aTransitionRefusedFromAnotherStateIsARefusal() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(refusedTransition("run", "pending_approval")));

        ExternalSystemResult refused = failure(gitlab.setBuildStatus(job,
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN)));

        assertEquals(Status.REJECTED, refused.status(), refused.describe());
        assertEquals("http_400", refused.errorCode());
    }

    @Test
    void badCredentialsAndMissingProjectsAreParkedWithGitLabsReason() {
        assertEquals(Status.REJECTED, answered(401, "{\"message\":\"401 Unauthorized\"}").status());
        assertEquals(Status.REJECTED, answered(403, "{\"message\":\"403 Forbidden\"}").status());
        ExternalSystemResult missing = answered(404, "{\"message\":\"404 Project Not Found\"}");
        assertEquals(Status.NOT_FOUND, missing.status());
        assertTrue(missing.message().contains("404 Project Not Found"), missing.message());
        ExternalSystemResult invalid = answered(422, "{\"message\":{\"target_url\":[\"is blocked\"]}}");
        assertEquals(Status.REJECTED, invalid.status());
        assertEquals("http_422", invalid.errorCode());
        for (ExternalSystemResult result : List.of(missing, invalid)) {
            assertFalse(result.message().contains(TOKEN), "the token is never shown: " + result.message());
        }
    }

    @Test
    void aRateLimitLongerThanACallWaitsIsRateLimitedWithGitLabsRetryAfter() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"429 Too Many Requests\"}")));

        ExternalSystemResult limited = failure(gitlab.setBuildStatus(job,
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN)));

        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
        assertTrue(limited.status().retryable());
    }

    @Test
    void aShortRetryAfterIsWaitedForAndTheStatusSetThen() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("free"));
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).inScenario("limited").whenScenarioStateIs("free").willReturn(created()));

        gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.SUCCESS, "done", RUN))
                .orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(List.of(Duration.ofSeconds(3)), time.waits());
        GITLAB.verify(2, postRequestedFor(urlEqualTo(STATUSES)));
    }

    @Test
    void aServerErrorIsTriedAgainThenReportedAsUnavailable() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));

        ExternalSystemResult down = failure(gitlab.setBuildStatus(job,
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN)));

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertTrue(down.status().retryable());
        GITLAB.verify(4, postRequestedFor(urlEqualTo(STATUSES)));
    }

    @Test
    void aFinishedStatusThatMayHaveBeenMadeIsNotSentTwiceByTheClient() {
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));

        ExternalSystemResult down = failure(gitlab.setBuildStatus(job,
                new CommitStatus("dtf/api-tests", BuildStatus.FAILURE, "2 failed", RUN)));

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        GITLAB.verify(1, postRequestedFor(urlEqualTo(STATUSES)));
    }

    @Test
    void aFinishedStatusThatGitLabShowsAlreadyIsNotMadeAgain() {
        GITLAB.stubFor(get(urlPathEqualTo(LATEST)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":95,\"sha\":\"" + SHA + "\",\"status\":\"failed\",\"name\":\"dtf/api-tests\","
                        + "\"description\":\"118 of 120 tests passed, 2 failed\",\"target_url\":\"" + RUN + "\"}]")));
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(created()));

        gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.FAILURE,
                "118 of 120 tests passed, 2 failed", RUN)).orTimeout(20, TimeUnit.SECONDS).join();
        gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.SUCCESS,
                "120 of 120 tests passed", RUN)).orTimeout(20, TimeUnit.SECONDS).join();

        GITLAB.verify(2, getRequestedFor(urlPathEqualTo(LATEST)).withQueryParam("name", equalTo("dtf/api-tests"))
                .withQueryParam("pipeline_id", equalTo("9001")).withQueryParam("order_by", equalTo("id"))
                .withQueryParam("sort", equalTo("desc")).withQueryParam("per_page", equalTo("1"))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        GITLAB.verify(1, postRequestedFor(urlEqualTo(STATUSES)));
        GITLAB.verify(postRequestedFor(urlEqualTo(STATUSES)).withRequestBody(equalToJson("{\"state\":\"success\"}", true, true)));
    }

    @Test
    void aContextWithoutCommitIsRefusedWithoutARequest() {
        CIContext noCommit = new CIContext("gitlab", "acme/shop", null, "main", null, null, null, Map.of("projectId", "42"));

        ExternalSystemResult refused = failure(gitlab.setBuildStatus(noCommit,
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN)));

        assertEquals(Status.REJECTED, refused.status());
        assertTrue(refused.message().contains("no commit"), refused.message());
        assertNull(GITLAB.getAllServeEvents().stream().findAny().orElse(null));
    }

    private ExternalSystemResult answered(int status, String body) {
        GITLAB.resetAll();
        GITLAB.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        return failure(gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":93,\"sha\":\"" + SHA + "\",\"status\":\"running\",\"name\":\"dtf/api-tests\"}");
    }

    /** GitLab's answer to a transition its state machine does not have. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refusedTransition(String event, String from) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Cannot transition status via :" + event + " from :" + from
                        + " (Reason(s): Status cannot transition via \\\"" + event + "\\\")\"}");
    }
}
