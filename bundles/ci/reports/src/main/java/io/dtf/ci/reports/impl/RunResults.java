package io.dtf.ci.reports.impl;

import io.dtf.api.ci.TestCounts;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a report says of a run, read from the store: its counts by outcome (skipped and flaky told apart, which the
 * run's summary does not), every failed test up to a limit (providers trim to their own limits: GitHub takes
 * annotations 50 at a time without end, Bitbucket 1000 per report), and how long it ran.
 */
final class RunResults {
    private final TaskStore store;

    RunResults(TaskStore store) {
        this.store = store;
    }

    /** The result of a run at its start. */
    TestRunResult atStart(TestRun run, URI link) {
        return TestRunResult.queued(run.id(), run.name(), link, run.labels());
    }

    /** The result of a run as it stands (its end, once it is over), with at most {@code failedLimit} failed tests. */
    TestRunResult now(RunSummary summary, URI link, int failedLimit, Instant now) {
        TestRun run = summary.run();
        List<TestCaseResult> failed = new ArrayList<>();
        int total = 0;
        int passed = 0;
        int failedCount = 0;
        int skipped = 0;
        int flaky = 0;
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<StoredTestCase> page = store.testCases(new TestCaseQuery(run.id(), null, null,
                    new Page(offset, Page.MAX_LIMIT), false));
            for (StoredTestCase stored : page) {
                TestCaseResult test = stored.result();
                total++;
                flaky += test.flaky() ? 1 : 0;
                if (test.status().isFailure()) {
                    failedCount++;
                    if (failed.size() < failedLimit) {
                        failed.add(test);
                    }
                } else if (test.status() == TestCaseStatus.SKIPPED) {
                    skipped++;
                } else {
                    passed++;
                }
            }
            if (page.size() < Page.MAX_LIMIT) {
                break;
            }
        }
        Instant end = summary.finishedAt() == null ? now : summary.finishedAt();
        Duration duration = Duration.between(run.submittedAt(), end);
        return new TestRunResult(run.id(), run.name(), summary.state(), summary.counts(),
                new TestCounts(total, passed, failedCount, skipped, flaky), duration.isNegative() ? Duration.ZERO : duration,
                failed, failedCount - failed.size(), link, run.labels());
    }

    /** Whether a run in this state is over. */
    static boolean isOver(RunState state) {
        return state != RunState.QUEUED && state != RunState.RUNNING;
    }
}
