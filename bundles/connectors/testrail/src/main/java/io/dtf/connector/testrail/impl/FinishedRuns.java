package io.dtf.connector.testrail.impl;

import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestRun;
import io.dtf.notify.api.RunSelector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports finished runs to TestRail through the instance's own {@code report_run}: on {@code RUN_COMPLETED} of a run
 * that {@code reportRuns} selects, every test case of its tasks' latest results (all statuses) goes to one TestRail run
 * named {@code <run name> #<run id>}, made, filled in bulk and closed as the configuration says.
 *
 * <p>The event comes at least once. The TestRail run carries {@code [dtf-run:<run id>]} in its description, and the
 * report looks for it among the project's runs made since an hour before the run ended ({@code get_runs} with
 * {@code created_after}, open and completed): a redelivered event (after a crash of the coordinator, or a retry after a
 * failure) continues the run it finds with the results of the cases that have none yet, or does nothing when that run
 * is completed already, so that no second run is made and no result is added twice. A run none of whose tests maps to
 * a TestRail case is not reported (logged). A failure TestRail may get over (down, maintenance, rate limited) asks for
 * a retry; a refusal parks the event with TestRail's reason.
 */
final class FinishedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedRuns.class);
    private static final int STORE_PAGE = 1000;
    /** How much earlier than the run's end its TestRail run is looked for: clocks differ, and TestRail's is not ours. */
    private static final Duration CLOCK_MARGIN = Duration.ofHours(1);

    private final ExternalSystemConnector testrail;
    private final TaskStore store;
    private final RunSelector runs;

    FinishedRuns(ExternalSystemConnector testrail, TaskStore store, RunSelector runs) {
        this.testrail = testrail;
        this.store = store;
        this.runs = runs;
    }

    /** The marker of a DTF run in the description of its TestRail run. */
    static String marker(TestRun run) {
        return "[dtf-run:" + run.id().value() + "]";
    }

    /** Reports the run of a {@code RUN_COMPLETED} event when it is selected; nothing else. */
    void report(DtfEvent event) throws HookFailure, InterruptedException {
        if (event.type() != HookType.RUN_COMPLETED || event.run() == null || runs.none()) {
            return;
        }
        TestRun run = store.runSummary(event.run()).map(RunSummary::run).orElse(null); // without its plan text
        if (run == null || !runs.matches(run)) {
            return;
        }
        // the run's page, from the coordinator's public URL, as the event's report carries it
        RunReport finished = event.get(EventData.REPORT);
        URI link = finished == null ? null : finished.link();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("name", run.name() + " #" + run.id().value());
        parameters.put("description", "DTF run " + run.id().value() + " of " + run.name() + (link == null ? "" : ": " + link));
        parameters.put("marker", marker(run));
        parameters.put("created_after", event.at().minus(CLOCK_MARGIN).getEpochSecond());
        parameters.put("results", tests(run));
        ExternalSystemResult result;
        try {
            result = testrail.executeOperation(TestRailConnector.REPORT_RUN, parameters).get();
        } catch (ExecutionException e) {
            result = ExternalSystemResult.failure(e.getCause());
        }
        if (result.success()) {
            LOG.info("TestRail: run {} ({}) reported to R{}: {}", run.id().value(), run.name(), result.data().get("run_id"),
                    result.data());
        } else if (TestRailConnector.NO_MAPPED_CASES.equals(result.errorCode())) {
            LOG.info("TestRail: run {} ({}) is not reported: {}", run.id().value(), run.name(), result.message());
        } else {
            throw HookFailure.of(result);
        }
    }

    /** The test cases of the run's tasks' latest results, every page. */
    private List<TestCaseResult> tests(TestRun run) {
        List<TestCaseResult> tests = new ArrayList<>();
        for (int offset = 0; ; offset += STORE_PAGE) {
            List<StoredTestCase> page = store.testCases(new TestCaseQuery(run.id(), null, null, new Page(offset, STORE_PAGE)));
            page.forEach(test -> tests.add(test.result()));
            if (page.size() < STORE_PAGE) {
                return tests;
            }
        }
    }
}
