package io.dtf.coordinator.impl.delivery;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Gives {@code RUN_COMPLETED} what integrations report: the run's summary, labels and CI context, its duration,
 * its failed tests up to a limit and a link to it ({@link RunReport}), read from the store when the event is
 * delivered, so that the stored event stays small and every way of delivering it says the same.
 */
public final class RunReports {
    private final TaskStore store;
    private final Function<RunId, URI> links;
    private final IntSupplier failedTestsLimit;

    /**
     * @param links the run's page, from the configured public URL
     * @param failedTestsLimit how many failed tests an event lists at most
     */
    public RunReports(TaskStore store, Function<RunId, URI> links, IntSupplier failedTestsLimit) {
        this.store = store;
        this.links = links;
        this.failedTestsLimit = failedTestsLimit;
    }

    /** The event with its report when it is a RUN_COMPLETED without one; otherwise the event itself. */
    public DtfEvent complete(DtfEvent event) {
        if (event.type() != HookType.RUN_COMPLETED || event.run() == null || event.get(EventData.REPORT) != null) {
            return event;
        }
        RunSummary summary = store.runSummary(event.run()).orElse(null);
        if (summary == null) {
            return event; // purged since: the event says what it knew
        }
        int limit = Math.max(0, failedTestsLimit.getAsInt());
        List<StoredTestCase> failed = limit == 0 ? List.of() : store.testCases(new TestCaseQuery(event.run(), null,
                EnumSet.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR), new Page(0, Math.min(limit, Page.MAX_LIMIT))));
        Duration duration = summary.finishedAt() == null ? null
                : Duration.between(summary.run().submittedAt(), summary.finishedAt());
        RunReport report = new RunReport(summary, duration, failed,
                Math.max(0, summary.failedTestCases() - failed.size()), links.apply(event.run()));
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        data.put(EventData.NAME.name(), summary.run().name());
        data.put(EventData.STATE.name(), summary.state().name());
        data.put(EventData.TASKS.name(), summary.counts().total());
        data.put(EventData.FAILED_TEST_CASES.name(), summary.failedTestCases());
        data.put(EventData.REPORT.name(), report);
        Severity severity = summary.state() == RunState.PASSED ? Severity.INFO : Severity.ERROR;
        return new DtfEvent(event.type(), event.at(), event.run(), event.task(), event.worker(), severity, data,
                event.id());
    }
}
