package io.dtf.ci.bitbucket.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.SHA;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.TOKEN;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.done;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.error;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.failure;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Build statuses against a WireMock Bitbucket Cloud that answers as its REST API reference describes: "Commit
 * statuses", https://developer.atlassian.com/cloud/bitbucket/rest/api-group-commit-statuses/ ({@code POST
 * /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build} with {@code key}, {@code state} INPROGRESS,
 * SUCCESSFUL, FAILED or STOPPED, {@code name}, {@code url}, {@code description}, {@code refname}; a key posted again
 * overwrites its status), errors as "Reports" and "API request limits" describe them.
 */
class BuildStatusesContractTest {
    @RegisterExtension
    static final WireMockExtension BITBUCKET = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String STATUSES = "/2.0/repositories/acme/shop/commit/" + SHA + "/statuses/build";
    private static final URI RUN = URI.create("https://dtf.example/runs/r12");

    private BitbucketProvider bitbucket;

    @BeforeEach
    void start() {
        bitbucket = BitbucketFixture.provider(BITBUCKET.baseUrl() + "/2.0", Map.of());
        BITBUCKET.stubFor(post(urlEqualTo(STATUSES)).willReturn(json(201, "{\"type\":\"build\",\"key\":\"dtf-api-tests\"}")));
    }

    @AfterEach
    void stop() {
        bitbucket.deactivate();
    }

    @Test
    void aRunningRunIsAnInProgressStatusKeyedByItsNameAndLinkedToTheRun() {
        done(bitbucket.setBuildStatus(BitbucketFixture.pipeline(7),
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "120 tests queued", RUN)));
        done(bitbucket.setBuildStatus(BitbucketFixture.pipeline(7),
                new CommitStatus("dtf/api-tests", BuildStatus.FAILURE, "118 of 120 tests passed, 2 failed", RUN)));

        BITBUCKET.verify(1, postRequestedFor(urlEqualTo(STATUSES))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"key\":\"dtf-api-tests\",\"state\":\"INPROGRESS\",\"name\":\"dtf/api-tests\","
                        + "\"url\":\"https://dtf.example/runs/r12\",\"description\":\"120 tests queued\","
                        + "\"refname\":\"feature/login\"}")));
        BITBUCKET.verify(1, postRequestedFor(urlEqualTo(STATUSES)).withRequestBody(equalToJson(
                "{\"key\":\"dtf-api-tests\",\"state\":\"FAILED\"}", true, true)));
    }

    @Test
    void eachStatusIsBitbucketsStateAndAnErrorOfDtfShowsAsFailed() {
        assertEquals("INPROGRESS", BuildStatuses.state(BuildStatus.PENDING));
        assertEquals("INPROGRESS", BuildStatuses.state(BuildStatus.RUNNING));
        assertEquals("SUCCESSFUL", BuildStatuses.state(BuildStatus.SUCCESS));
        assertEquals("FAILED", BuildStatuses.state(BuildStatus.FAILURE));
        assertEquals("FAILED", BuildStatuses.state(BuildStatus.ERROR));
        assertEquals("STOPPED", BuildStatuses.state(BuildStatus.CANCELLED));
    }

    @Test
    void aKeyLongerThanBitbucketTakesIsShortenedToOneThatStaysTheSame() {
        String name = "dtf/checkout-end-to-end-tests-on-chrome-and-firefox";
        String key = BuildStatuses.key(name);

        assertTrue(key.length() <= 40, key);
        assertTrue(key.startsWith("dtf-checkout-end-to-end"), key);
        assertEquals(key, BuildStatuses.key(name));
        assertNotEquals(key, BuildStatuses.key(name + "-2"));
    }

    @Test
    void withoutALinkToTheRunTheStatusLeadsToTheBuildAndElseToTheCommit() throws Exception {
        done(bitbucket.setBuildStatus(BitbucketFixture.pipeline(null),
                new CommitStatus("dtf/a", BuildStatus.SUCCESS, "done", null)));
        CIContext noBuild = new CIContext("bitbucket", "acme/shop", SHA, null, null, null, null, Map.of());
        done(bitbucket.setBuildStatus(noBuild, new CommitStatus("dtf/b", BuildStatus.SUCCESS, "done", null)));

        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(BITBUCKET.findAll(postRequestedFor(urlEqualTo(STATUSES))).get(0).getBodyAsString());
        JsonNode second = json.readTree(BITBUCKET.findAll(postRequestedFor(urlEqualTo(STATUSES))).get(1).getBodyAsString());
        assertEquals("https://bitbucket.org/acme/shop/pipelines/results/321", first.get("url").asText());
        assertEquals(BITBUCKET.baseUrl() + "/acme/shop/commits/" + SHA, second.get("url").asText());
        assertTrue(second.get("refname") == null, "no branch, no refname");
    }

    @Test
    void failuresSayWhetherToTryAgain() {
        assertEquals(Status.REJECTED, answered(error(401, "Unauthorized")).status());
        assertEquals(Status.REJECTED, answered(error(403, "Your credentials lack one or more required privilege scopes.")).status());
        assertEquals(Status.NOT_FOUND, answered(error(404, "Repository acme/shop not found")).status());
        ExternalSystemResult invalid = answered(json(400, "{\"type\":\"error\",\"error\":{\"message\":\"key: Ensure this "
                + "value has at most 40 characters\",\"detail\":\"the key is too long\"}}"));
        assertEquals(Status.REJECTED, invalid.status());
        assertTrue(invalid.message().contains("at most 40 characters: the key is too long"), invalid.message());
        assertEquals(Status.UNAVAILABLE, answered(error(502, "Bad Gateway")).status());
        ExternalSystemResult limited = answered(error(429, "Rate limit for this resource has been exceeded")
                .withHeader("Retry-After", "1800"));
        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(1800), limited.retryAfter());
    }

    @Test
    void aContextWithoutRepositoryOrCommitIsRefusedWithoutARequest() {
        CommitStatus running = new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN);
        ExternalSystemResult noCommit = failure(bitbucket.setBuildStatus(
                new CIContext("bitbucket", "acme/shop", null, "main", null, null, null, Map.of()), running));
        ExternalSystemResult noRepository = failure(bitbucket.setBuildStatus(
                new CIContext("bitbucket", null, SHA, "main", null, null, null, Map.of()), running));

        assertEquals(Status.REJECTED, noCommit.status());
        assertTrue(noCommit.message().contains("names no commit"), noCommit.message());
        assertEquals(Status.REJECTED, noRepository.status());
        assertTrue(noRepository.message().contains("names no repository"), noRepository.message());
        assertEquals(0, BITBUCKET.getAllServeEvents().size());
    }

    private ExternalSystemResult answered(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        BITBUCKET.stubFor(post(urlEqualTo(STATUSES)).willReturn(answer));
        return failure(bitbucket.setBuildStatus(BitbucketFixture.pipeline(7),
                new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "running", RUN)));
    }
}
