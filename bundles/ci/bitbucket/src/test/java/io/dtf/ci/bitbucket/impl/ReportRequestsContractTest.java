package io.dtf.ci.bitbucket.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.SHA;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.done;
import static io.dtf.ci.bitbucket.impl.BitbucketFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.TestCounts;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one run costs of Bitbucket Cloud's 1,000 requests an hour ("API request limits",
 * https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/), reported as DTF's reporting hook reports
 * it: at the start a test run and a running status; at the end the test run found again and completed, the final
 * status and the pull request comment; then the end reported again, as a durable hook may.
 */
class ReportRequestsContractTest {
    @RegisterExtension
    static final WireMockExtension BITBUCKET = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String COMMIT = "/2.0/repositories/acme/shop/commit/" + SHA;
    private static final String COMMENTS = "/2.0/repositories/acme/shop/pullrequests/7/comments";
    private static final URI RUN = URI.create("https://dtf.example/runs/r12");

    private final BitbucketProvider bitbucket = BitbucketFixture.provider(BITBUCKET.baseUrl() + "/2.0", Map.of());

    @AfterEach
    void stop() {
        bitbucket.deactivate();
    }

    @Test
    void aRunWith250FailedTestsCosts3RequestsAtItsStart7AtItsEndAnd6WhenTheEndIsRepeated() {
        BITBUCKET.stubFor(delete(urlEqualTo(COMMIT + "/reports/dtf-api-tests")).willReturn(aResponse().withStatus(204)));
        BITBUCKET.stubFor(put(urlEqualTo(COMMIT + "/reports/dtf-api-tests")).willReturn(json(200, "{}")));
        BITBUCKET.stubFor(post(urlEqualTo(COMMIT + "/reports/dtf-api-tests/annotations")).willReturn(json(200, "[]")));
        BITBUCKET.stubFor(post(urlEqualTo(COMMIT + "/statuses/build")).willReturn(json(201, "{}")));
        BITBUCKET.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "{\"values\":[]}")));
        BITBUCKET.stubFor(post(urlEqualTo(COMMENTS)).willReturn(json(201, "{\"id\":9}")));
        BITBUCKET.stubFor(put(urlEqualTo(COMMENTS + "/9")).willReturn(json(200, "{\"id\":9}")));
        CIContext pipeline = BitbucketFixture.pipeline(7);
        TestRunResult finished = finished(250);

        done(bitbucket.createTestRun(pipeline, TestRunResult.queued(RunId.of("r12"), "api-tests", RUN, Map.of())));
        done(bitbucket.setBuildStatus(pipeline, new CommitStatus("dtf/api-tests", BuildStatus.RUNNING, "queued", RUN)));
        int atStart = requests();
        reportEnd(pipeline, finished);
        int atEnd = requests() - atStart;
        reportEnd(pipeline, finished);
        int repeated = requests() - atStart - atEnd;

        assertEquals(3, atStart, "report deleted and made, status");
        assertEquals(1 + 3 + 1 + 2, atEnd, "report, 3 annotation requests, status, comments listed and one made");
        assertEquals(1 + 3 + 1 + 1, repeated, "report, annotations, status, the comment edited");
    }

    private void reportEnd(CIContext pipeline, TestRunResult finished) {
        TestRunHandle handle = done(bitbucket.createTestRun(pipeline, finished));
        done(bitbucket.completeTestRun(handle, finished));
        done(bitbucket.setBuildStatus(pipeline, new CommitStatus("dtf/api-tests", BuildStatus.FAILURE,
                finished.summaryLine(), RUN)));
        done(bitbucket.upsertPrComment(pipeline, "dtf-api-tests", "### ❌ api-tests: failure"));
    }

    private static int requests() {
        return BITBUCKET.findAll(anyRequestedFor(anyUrl())).size();
    }

    private static TestRunResult finished(int failedCount) {
        List<TestCaseResult> failed = new ArrayList<>();
        for (int i = 0; i < failedCount; i++) {
            failed.add(new TestCaseResult("suite", "org.example.LoginTest", "case" + i, TestCaseStatus.FAILED,
                    Duration.ofMillis(5), "expected 401 but was 200", null, false));
        }
        return new TestRunResult(RunId.of("r12"), "api-tests", RunState.FAILED,
                new TaskCounts(Map.of(TaskState.FAILED, 1)), new TestCounts(1_000, 1_000 - failedCount, failedCount, 0, 0),
                Duration.ofMinutes(3), failed, 0, RUN, Map.of());
    }
}
