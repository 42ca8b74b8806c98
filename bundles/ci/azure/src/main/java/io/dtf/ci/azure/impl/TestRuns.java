package io.dtf.ci.azure.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.TestCaseResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A DTF run's Azure DevOps test run (Test API 7.1, https://learn.microsoft.com/en-us/rest/api/azure/devops/test/runs?view=azure-devops-rest-7.1):
 * made once, found again, filled with results in batches and completed, each step safe to repeat.
 *
 * <ul>
 *   <li>Found again by its name, which ends with {@code [dtf:<run id>]}: first in memory, else among the test runs
 *   of the build ("Runs - List" by {@code buildUri}), else, for a context without a build, among the test runs of
 *   the last week with that title ("Runs - Query" by {@code runTitle}); only then made ("Runs - Create").</li>
 *   <li>Completed once ({@code Aborted} for a cancelled DTF run): a test run already over is left as it is. Before adding results, those the test
 *   run already holds are listed and left out, so that a completion cut short (a lost answer, a 5xx in the middle
 *   of the batches) adds the rest when it is repeated, and nothing twice.</li>
 * </ul>
 */
final class TestRuns {
    /**
     * Results per "Results - Add" request: what Microsoft's own agent sends (azure-pipelines-agent,
     * TestRunPublisher BATCH_SIZE), and the most "Results - List" returns in one page.
     */
    static final int BATCH_SIZE = 1000;
    /** Test runs per page when looking for one; the most "Runs - Query" gives. */
    static final int RUNS_PAGE = 100;
    /** How far back "Runs - Query" may look at once. */
    static final Duration QUERY_WINDOW = Duration.ofDays(7);
    /** The states of a test run that is over: completed, or aborted for a cancelled DTF run. */
    static final String COMPLETED = "Completed";
    static final String ABORTED = "Aborted";
    /** How many DTF runs' test run ids are remembered. */
    static final int REMEMBERED = 10_000;

    private final Map<String, TestRunRef> known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TestRunRef> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Clock clock;

    TestRuns(Clock clock) {
        this.clock = clock;
    }

    /** A test run's id and page. */
    record TestRunRef(long id, URI url) {
        static TestRunRef of(JsonNode run) {
            String page = run.path("webAccessUrl").asText(null);
            return new TestRunRef(run.path("id").asLong(), page == null ? null : URI.create(page));
        }
    }

    /** Body of "Runs - Create". */
    record RunCreate(String name, boolean automated, String state, BuildRef build, String comment) {
    }

    /** A reference to the build a test run belongs to. */
    record BuildRef(String id) {
    }

    /** Body of "Runs - Update". */
    record RunUpdate(String state, Instant completedDate, String comment) {
    }

    /** The name of the test run of a DTF run: its name, then the marker by which it is found again. */
    static String name(TestRunResult result) {
        return ReportMarkdown.oneLine(result.name(), 200) + " " + marker(result);
    }

    private static String marker(TestRunResult result) {
        return "[dtf:" + result.run().value() + "]";
    }

    CompletableFuture<TestRunHandle> createOrFind(AzureApi api, CIContext context, String project,
                                                  TestRunResult initial) {
        String key = project + '\n' + initial.run().value();
        TestRunRef remembered = known.get(key);
        CompletableFuture<TestRunRef> ref = remembered != null ? CompletableFuture.completedFuture(remembered)
                : find(api, context, project, initial)
                        .thenCompose(found -> found != null ? CompletableFuture.completedFuture(found)
                                : create(api, context, project, initial));
        return ref.thenApply(run -> {
            known.put(key, run);
            return new TestRunHandle(AzureDevOpsProvider.NAME, Long.toString(run.id()), run.url(), context,
                    Map.of(AzureContext.PROJECT, project, "dtfRun", initial.run().value()));
        });
    }

    private CompletableFuture<TestRunRef> find(AzureApi api, CIContext context, String project, TestRunResult run) {
        String name = name(run);
        if (context.buildId() != null && !context.buildId().isBlank()) {
            return findInBuild(api, project, "vstfs:///Build/Build/" + context.buildId().strip(), name, 0);
        }
        Instant now = clock.instant();
        return api.get("/{}/_apis/test/runs", project)
                .query("minLastUpdatedDate", now.minus(QUERY_WINDOW).plus(Duration.ofMinutes(1)).toString())
                .query("maxLastUpdatedDate", now.plus(Duration.ofMinutes(1)).toString())
                .query("runTitle", name).query("$top", RUNS_PAGE)
                .asAsync(JsonNode.class).thenApply(page -> named(AzureApi.values(page), name));
    }

    private CompletableFuture<TestRunRef> findInBuild(AzureApi api, String project, String buildUri, String name,
                                                      int skip) {
        return api.get("/{}/_apis/test/runs", project).query("buildUri", buildUri).query("automated", true)
                .query("$skip", skip).query("$top", RUNS_PAGE).asAsync(JsonNode.class)
                .thenCompose(page -> {
                    List<JsonNode> runs = AzureApi.values(page);
                    TestRunRef found = named(runs, name);
                    return found != null || runs.size() < RUNS_PAGE ? CompletableFuture.completedFuture(found)
                            : findInBuild(api, project, buildUri, name, skip + runs.size());
                });
    }

    private static TestRunRef named(List<JsonNode> runs, String name) {
        return runs.stream().filter(run -> name.equals(run.path("name").asText())).findFirst()
                .map(TestRunRef::of).orElse(null);
    }

    private static CompletableFuture<TestRunRef> create(AzureApi api, CIContext context, String project,
                                                        TestRunResult run) {
        String build = context.buildId() == null || context.buildId().isBlank() ? null : context.buildId().strip();
        return api.post("/{}/_apis/test/runs", project)
                .json(new RunCreate(name(run), true, "InProgress", build == null ? null : new BuildRef(build),
                        comment(run)))
                .asAsync(JsonNode.class).thenApply(TestRunRef::of);
    }

    /** Shows progress in the test run's comment. */
    CompletableFuture<Void> update(AzureApi api, TestRunHandle run, TestRunResult update) {
        return api.patch("/{}/_apis/test/runs/{}", project(run), run.id()).idempotent(true)
                .json(new RunUpdate(null, null, comment(update))).sendAsync();
    }

    CompletableFuture<Void> complete(AzureApi api, TestRunHandle run, TestRunResult result) {
        String project = project(run);
        return api.get("/{}/_apis/test/runs/{}", project, run.id()).asAsync(JsonNode.class).thenCompose(current -> {
            String state = current.path("state").asText();
            if (COMPLETED.equalsIgnoreCase(state) || ABORTED.equalsIgnoreCase(state)) {
                return CompletableFuture.completedFuture(null);
            }
            return listResults(api, project, run.id(), 0, new HashMap<>())
                    .thenCompose(added -> addBatches(api, project, run.id(), missing(result.failedTests(), added), 0))
                    .thenCompose(done -> api.patch("/{}/_apis/test/runs/{}", project, run.id()).idempotent(true)
                            .json(new RunUpdate(result.status() == BuildStatus.CANCELLED ? ABORTED : COMPLETED,
                                    clock.instant(), comment(result))).sendAsync());
        });
    }

    /** Counts, by {@link AzureTestResult#key()}, the results the test run holds, page by page. */
    private CompletableFuture<Map<String, Integer>> listResults(AzureApi api, String project, String runId, int skip,
                                                                Map<String, Integer> counted) {
        return api.get("/{}/_apis/test/Runs/{}/results", project, runId).query("$skip", skip)
                .query("$top", BATCH_SIZE).asAsync(JsonNode.class).thenCompose(page -> {
                    List<JsonNode> results = AzureApi.values(page);
                    results.forEach(r -> counted.merge(AzureTestResult.key(r), 1, Integer::sum));
                    return results.size() < BATCH_SIZE ? CompletableFuture.completedFuture(counted)
                            : listResults(api, project, runId, skip + results.size(), counted);
                });
    }

    /** The results of {@code tests} that the test run does not hold yet (as many of each key as are missing). */
    static List<AzureTestResult> missing(List<TestCaseResult> tests, Map<String, Integer> added) {
        Map<String, Integer> left = new HashMap<>(added);
        List<AzureTestResult> missing = new ArrayList<>();
        for (TestCaseResult test : tests) {
            AzureTestResult result = AzureTestResult.of(test);
            Integer there = left.get(result.key());
            if (there != null && there > 0) {
                left.put(result.key(), there - 1);
            } else {
                missing.add(result);
            }
        }
        return missing;
    }

    /** Adds the results one batch after the other, so that a failure leaves a prefix added and the rest to do. */
    private static CompletableFuture<Void> addBatches(AzureApi api, String project, String runId,
                                                      List<AzureTestResult> results, int from) {
        if (from >= results.size()) {
            return CompletableFuture.completedFuture(null);
        }
        List<AzureTestResult> batch = results.subList(from, Math.min(results.size(), from + BATCH_SIZE));
        return api.post("/{}/_apis/test/Runs/{}/results", project, runId).json(batch).sendAsync()
                .thenCompose(done -> addBatches(api, project, runId, results, from + batch.size()));
    }

    /** The test run's comment: the summary line, what was left out, and the link to the run in DTF. */
    static String comment(TestRunResult result) {
        StringBuilder comment = new StringBuilder("DTF run ").append(result.run().value()).append(": ")
                .append(result.summaryLine());
        if (result.failedTestsLeftOut() > 0) {
            comment.append("; ").append(result.failedTestsLeftOut()).append(" more failed tests are in DTF only");
        }
        if (result.link() != null) {
            comment.append(" - ").append(result.link());
        }
        return comment.toString();
    }

    private static String project(TestRunHandle run) {
        String project = run.attributes().get(AzureContext.PROJECT);
        if (project == null) {
            throw Failures.rejected("invalid_handle", "the test run handle " + run.id() + " names no Azure project");
        }
        return project;
    }
}
