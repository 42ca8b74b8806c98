package io.dtf.ci.bitbucket.impl;

import io.dtf.http.ExternalResults;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.ci.TestRunHandle;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.TestCaseResult;
import io.dtf.http.DtfHttpException;
import io.dtf.http.JsonHttpClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A DTF run as a Code Insights report of type {@code TEST} on its commit (Bitbucket Cloud's Reports API): made with
 * {@code PUT .../commit/{commit}/reports/{reportId}} when the run is submitted ({@code PENDING}; a report of the
 * same name that an earlier run left on the commit is deleted first, with its annotations), put again with the
 * counts as it goes on, and at its end with {@code PASSED} or {@code FAILED} and an annotation per failed test
 * ({@code POST .../reports/{reportId}/annotations}, 100 a request, the first 1,000 failed tests: what Bitbucket keeps
 * of a report). The report's id comes from the run's name ({@code dtf-<name>}) and an annotation's
 * {@code external_id} from the test's identity ({@code dtf-<test id>}), so a repeated report puts the same report and
 * the same annotations again, which Bitbucket replaces rather than adds.
 */
final class CodeInsights {
    /** The most annotations Bitbucket keeps of a report. */
    static final int MAX_ANNOTATIONS = 1000;
    /** The most annotations one request may carry. */
    static final int ANNOTATIONS_PER_REQUEST = 100;
    /** The longest summary of an annotation. */
    static final int SUMMARY_LIMIT = 450;
    /** The longest details of a report or an annotation. */
    static final int DETAILS_LIMIT = 2000;
    /** How many reports are remembered as made by their run, so that finding one again costs no request. */
    private static final int REMEMBERED = 1_000;

    private final JsonHttpClient http;
    private final URI web;
    private final Set<String> made = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    /** @param web Bitbucket's web site, for links to the commit that shows the report */
    CodeInsights(JsonHttpClient http, URI web) {
        this.http = http;
        this.web = web;
    }

    CompletableFuture<TestRunHandle> create(CIContext context, TestRunResult initial) {
        String problem = Repository.commitProblem(context);
        if (problem != null) {
            return ExternalResults.rejected("invalid_context", problem);
        }
        Repository repository = Repository.of(context);
        String commit = context.commit().strip();
        String reportId = StableIds.of("dtf-", initial.name(), 50);
        TestRunHandle handle = new TestRunHandle(BitbucketProvider.NAME, reportId,
                repository.commitPage(web, commit), context,
                Map.of("workspace", repository.workspace(), "repoSlug", repository.slug(), "commit", commit));
        // made by this run: the next run of the name on the commit (a pipeline run again) makes it afresh
        String where = repository.workspace() + "/" + repository.slug() + "/" + commit + "/" + reportId + "/"
                + initial.run().value();
        if (made.contains(where)) {
            return CompletableFuture.completedFuture(handle);
        }
        Report report = new Report(repository.workspace(), repository.slug(), commit, reportId);
        // a report of this name on this commit from an earlier run would keep that run's annotations: start afresh
        return Failures.external(() -> report.call(http, "DELETE", "").sendAsync()
                .exceptionallyCompose(failure -> absent(failure) ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(failure))
                .thenCompose(deleted -> put(report, initial, 0))).thenApply(done -> {
            made.add(where);
            return handle;
        });
    }

    CompletableFuture<Void> update(TestRunHandle run, TestRunResult update) {
        Report report = report(run);
        return report == null ? ExternalResults.rejected("invalid_context", Repository.MISSING) : Failures.external(() -> put(report, update, 0));
    }

    CompletableFuture<Void> complete(TestRunHandle run, TestRunResult result) {
        Report report = report(run);
        if (report == null) {
            return ExternalResults.rejected("invalid_context", Repository.MISSING);
        }
        List<Map<String, Object>> annotations = annotations(result);
        int notAnnotated = result.failedTests().size() + result.failedTestsLeftOut() - annotations.size();
        return Failures.external(() -> {
            CompletableFuture<Void> done = put(report, result, notAnnotated);
            for (int from = 0; from < annotations.size(); from += ANNOTATIONS_PER_REQUEST) {
                List<Map<String, Object>> batch = annotations.subList(from,
                        Math.min(annotations.size(), from + ANNOTATIONS_PER_REQUEST));
                // one request after the other: Bitbucket's hourly limit is better spent in order than in a burst;
                // posting the same external_ids again replaces them, so a lost answer may be asked again
                done = done.thenCompose(previous -> report.call(http, "POST", "/annotations").json(batch).idempotent(true)
                        .sendAsync());
            }
            return done;
        });
    }

    private CompletableFuture<Void> put(Report at, TestRunResult result, int notAnnotated) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("title", ReportMarkdown.oneLine("DTF: " + result.name(), SUMMARY_LIMIT));
        report.put("details", details(result, notAnnotated));
        report.put("report_type", "TEST");
        report.put("reporter", "DTF");
        if (result.link() != null) {
            report.put("link", result.link().toString());
        }
        report.put("result", result(result.status()));
        report.put("data", data(result));
        return at.call(http, "PUT", "").json(report).sendAsync();
    }

    /** Bitbucket's result of a report: pending until the run is over. */
    static String result(BuildStatus status) {
        return switch (status) {
            case PENDING, RUNNING -> "PENDING";
            case SUCCESS -> "PASSED";
            case FAILURE, ERROR, CANCELLED -> "FAILED";
        };
    }

    private static String details(TestRunResult result, int notAnnotated) {
        String text = result.summaryLine() + " (DTF run " + result.run().value() + ")."
                + (notAnnotated > 0 ? " " + notAnnotated + " failed test" + (notAnnotated == 1 ? " has" : "s have")
                + " no annotation here (Bitbucket keeps " + MAX_ANNOTATIONS + " per report)"
                + (result.link() == null ? "." : ": see the run in DTF.") : "");
        return ReportMarkdown.oneLine(text, DETAILS_LIMIT);
    }

    /** The report's figures, at most 10 as Bitbucket allows. */
    private static List<Map<String, Object>> data(TestRunResult result) {
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(Map.of("title", "Passed", "type", "NUMBER", "value", result.tests().passed()));
        data.add(Map.of("title", "Failed", "type", "NUMBER", "value", result.tests().failed()));
        data.add(Map.of("title", "Skipped", "type", "NUMBER", "value", result.tests().skipped()));
        data.add(Map.of("title", "Duration", "type", "DURATION", "value", result.duration().toMillis()));
        if (result.link() != null) {
            data.add(Map.of("title", "Run in DTF", "type", "LINK",
                    "value", Map.of("text", result.run().value(), "href", result.link().toString())));
        }
        return data;
    }

    /** An annotation per failed test (one per test however often it failed), the first {@link #MAX_ANNOTATIONS}. */
    private static List<Map<String, Object>> annotations(TestRunResult result) {
        Set<String> ids = new LinkedHashSet<>();
        List<Map<String, Object>> annotations = new ArrayList<>();
        for (TestCaseResult test : result.failedTests()) {
            if (annotations.size() == MAX_ANNOTATIONS) {
                break;
            }
            String id = "dtf-" + test.id().value();
            if (!ids.add(id)) {
                continue;
            }
            String name = ReportMarkdown.testName(test);
            Map<String, Object> annotation = new LinkedHashMap<>();
            annotation.put("external_id", id);
            annotation.put("annotation_type", "BUG");
            String message = test.message() == null || test.message().isBlank()
                    ? test.status().name().toLowerCase(Locale.ROOT) : test.message();
            annotation.put("summary", ReportMarkdown.oneLine(name + ": " + message, SUMMARY_LIMIT));
            annotation.put("details", cut(name + (test.message() == null ? "" : "\n\n" + test.message())
                    + (test.details() == null ? "" : "\n\n" + test.details()), DETAILS_LIMIT));
            annotation.put("severity", "HIGH");
            annotation.put("result", "FAILED");
            if (result.link() != null) {
                annotation.put("link", result.link().toString());
            }
            annotations.add(annotation);
        }
        return annotations;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static boolean absent(Throwable failure) {
        DtfHttpException answer = ExternalResults.answer(failure);
        return answer != null && answer.status() == 404;
    }

    /** The report a test run is, from the handle {@link #create} gave (or the context of one), or {@code null}. */
    private static Report report(TestRunHandle run) {
        Map<String, String> at = run.attributes();
        if (at.containsKey("workspace") && at.containsKey("repoSlug") && at.containsKey("commit")) {
            return new Report(at.get("workspace"), at.get("repoSlug"), at.get("commit"), run.id());
        }
        Repository repository = Repository.of(run.context());
        String commit = run.context().commit();
        return repository == null || commit == null || commit.isBlank() ? null
                : new Report(repository.workspace(), repository.slug(), commit.strip(), run.id());
    }

    /** A Code Insights report, by the parts of its path. */
    private record Report(String workspace, String slug, String commit, String id) {
        JsonHttpClient.Call call(JsonHttpClient http, String method, String below) {
            return http.request(method, "/repositories/{}/{}/commit/{}/reports/{}" + below, workspace, slug, commit, id);
        }
    }
}
