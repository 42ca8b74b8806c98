package io.dtf.ci.gitlab.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.gitlab.impl.GitLabFixture.SHA;
import static io.dtf.ci.gitlab.impl.GitLabFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one run costs of GitLab's API, reported as DTF's reporting hook reports it: at the start a running status; at
 * the end the final status and the merge request note; then the end reported again, as a durable hook may. GitLab's
 * references: https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit,
 * https://docs.gitlab.com/api/commits/#list-the-statuses-of-a-commit, https://docs.gitlab.com/api/notes/#merge-requests.
 */
class ReportRequestsContractTest {
    @RegisterExtension
    static final WireMockExtension GITLAB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String PROJECT = "/api/v4/projects/42";
    private static final URI RUN = URI.create("https://dtf.example/runs/r12");

    private final GitLabProvider gitlab = GitLabFixture.provider(GitLabFixture.time(),
            Map.of("apiUrl", GITLAB.baseUrl() + "/api/v4", ".token", TOKEN));

    @AfterEach
    void stop() {
        gitlab.deactivate();
    }

    @Test
    void aRunCostsOneRequestAtItsStartFiveAtItsEndAndTwoWhenTheEndIsRepeated() {
        CommitStatus failed = new CommitStatus("dtf/api-tests", BuildStatus.FAILURE, "118 of 120 tests passed, 2 failed", RUN);
        GITLAB.stubFor(post(urlEqualTo(PROJECT + "/statuses/" + SHA)).willReturn(json(201, "{\"id\":93}")));
        GITLAB.stubFor(get(urlPathEqualTo(PROJECT + "/repository/commits/" + SHA + "/statuses")).inScenario("status")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json(200, "[]")).willSetStateTo("failed"));
        GITLAB.stubFor(get(urlPathEqualTo(PROJECT + "/repository/commits/" + SHA + "/statuses")).inScenario("status")
                .whenScenarioStateIs("failed").willReturn(json(200, "[{\"status\":\"failed\",\"name\":\"dtf/api-tests\","
                        + "\"description\":\"" + failed.description() + "\",\"target_url\":\"" + RUN + "\"}]")));
        GITLAB.stubFor(get(urlEqualTo(PROJECT + "/merge_requests/7")).willReturn(json(200, "{\"web_url\":\"https://gitlab.example/mr/7\"}")));
        GITLAB.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/7/notes")).willReturn(json(200, "[]")));
        GITLAB.stubFor(post(urlEqualTo(PROJECT + "/merge_requests/7/notes")).willReturn(json(201, "{\"id\":301}")));
        GITLAB.stubFor(put(urlEqualTo(PROJECT + "/merge_requests/7/notes/301")).willReturn(json(200, "{\"id\":301}")));
        CIContext job = GitLabFixture.mergeRequestJob(GITLAB.baseUrl() + "/api/v4", 7);

        gitlab.setBuildStatus(job, new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "queued", RUN))
                .orTimeout(20, TimeUnit.SECONDS).join();
        int atStart = requests();
        reportEnd(job, failed);
        int atEnd = requests() - atStart;
        reportEnd(job, failed);
        int repeated = requests() - atStart - atEnd;

        assertEquals(1, atStart, "the running status");
        assertEquals(2 + 3, atEnd, "the latest status asked for and the final one set; notes and merge request read, note made");
        assertEquals(1 + 1, repeated, "the latest status asked for (it shows the same); the note edited");
    }

    private void reportEnd(CIContext job, CommitStatus status) {
        gitlab.setBuildStatus(job, status).orTimeout(20, TimeUnit.SECONDS).join();
        gitlab.upsertPrComment(job, "dtf-api-tests", "### ❌ api-tests: failure").orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static int requests() {
        return GITLAB.findAll(anyRequestedFor(anyUrl())).size();
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
