package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CommentMarker;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeCIProviderTest {
    private static final CIContext PR = new CIContext("github", "web/shop", "abc123", "feature", 7, "42", null, Map.of());
    private static final RunId RUN = RunId.of("r7");

    private final FakeCIProvider github = new FakeCIProvider();

    private static ExternalSystemException failure(CompletableFuture<?> future) {
        return assertInstanceOf(ExternalSystemException.class,
                assertThrows(ExecutionException.class, future::get).getCause());
    }

    private static TestRunResult finished(RunState state) {
        return new TestRunResult(RUN, "api", state, null, null, Duration.ofMinutes(1), List.of(), 0, null, Map.of());
    }

    @Test
    void aRunHasOneTestRunHoweverOftenItIsCreated(@TempDir Path dir) throws Exception {
        TestRunHandle first = github.createTestRun(PR, TestRunResult.queued(RUN, "api", null, Map.of())).get();
        TestRunHandle again = github.createTestRun(PR, TestRunResult.queued(RUN, "api", null, Map.of())).get();
        github.completeTestRun(first, finished(RunState.PASSED)).get();
        github.uploadArtifact(first, Files.writeString(dir.resolve("junit.xml"), "<testsuite/>"), "junit.xml").get();

        assertEquals(first, again);
        assertEquals(first, github.testRun(RUN).orElseThrow());
        assertTrue(github.completed(first));
        assertEquals(RunState.PASSED, github.reported(first).get(2).state());
        assertEquals(List.of("junit.xml"), github.artifacts(first));
        assertEquals(List.of("createTestRun r7", "createTestRun r7", "completeTestRun 1 PASSED",
                "uploadArtifact 1 junit.xml"), github.calls());
    }

    @Test
    void aCommentIsReplacedByKeyAndAStatusByName() throws Exception {
        github.upsertPrComment(PR, "api", "2 failed").get();
        github.upsertPrComment(PR, "api", "all passed").get();
        github.setBuildStatus(PR, new CommitStatus("dtf/api", BuildStatus.RUNNING, "", null)).get();
        github.setBuildStatus(PR, new CommitStatus("dtf/api", BuildStatus.SUCCESS, "100 passed", null)).get();

        assertEquals(1, github.commentCount());
        assertEquals(CommentMarker.mark("api", "all passed"), github.comment(PR, "api").orElseThrow());
        assertEquals(BuildStatus.SUCCESS, github.status(PR, "dtf/api").orElseThrow().status());
        CIContext push = new CIContext("github", "web/shop", "abc123", "main", null, "43", null, Map.of());
        assertFalse(failure(github.upsertPrComment(push, "api", "x")).retryable());
    }

    @Test
    void failsAsScriptedAndAsItsCapabilitiesSay() throws Exception {
        github.failNext(ExternalSystemResult.unavailable("http_502", "bad gateway"));
        assertTrue(failure(github.setBuildStatus(PR, new CommitStatus("dtf", BuildStatus.PENDING, "", null)))
                .retryable());
        github.setBuildStatus(PR, new CommitStatus("dtf", BuildStatus.PENDING, "", null)).get();

        github.capabilities(CICapability.BUILD_STATUS).accepting(context -> context.pullRequest() != null);
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                failure(github.upsertPrComment(PR, "api", "x")).result().errorCode());
        assertTrue(github.accepts(PR));
        assertFalse(github.accepts(new CIContext("github", "r", null, null, null, null, null, null)));
        TestRunHandle unknown = new TestRunHandle("fake", "9", null, PR, Map.of());
        github.capabilities(CICapability.values());
        assertEquals(ExternalSystemResult.Status.NOT_FOUND,
                failure(github.updateTestRun(unknown, finished(RunState.RUNNING))).result().status());
    }
}
