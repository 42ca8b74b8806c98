package io.dtf.connector.jira.impl;

import io.dtf.api.connector.ExternalItem;
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
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.notify.api.RunSelector;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the tests of finished runs to Jira, through the instance's own operations: on {@code RUN_COMPLETED} of a
 * run that {@code reportRuns} selects, each failing test (FAILED or ERROR in its task's latest result, each test once)
 * is {@code report_failure}d, a new issue or a comment on its open one, at most {@code maxIssuesPerRun} of them; then
 * the project's open DTF issues are searched by the label all of them carry
 * ({@code project = "P" AND labels = "dtf-test" AND statusCategory != Done}, every page), and each test of the run
 * that passed (and was not flaky, nor failing in another task) whose label is among them is {@code report_pass}ed:
 * its issue takes the configured transition.
 *
 * <p>The event comes at least once. Each test's report carries {@code <event id>/<test id>} as its event id, which
 * {@link TestIssues} writes into what it creates and finds again: a redelivered event (after a crash of the
 * coordinator, or a retry) creates and comments nothing twice, and a transitioned issue is no longer open. A retry
 * after a failure skips the tests this instance reported for the event already. A failure Jira may get over (down,
 * 5xx, rate limited) stops the report and asks for a retry at once; a refusal of one test's report (a field Jira
 * refuses, a transition the workflow lacks) lets the others be reported and then parks the event with the reasons.
 */
final class FinishedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedRuns.class);
    private static final int STORE_PAGE = 500;
    private static final int SEARCH_PAGE = 100;
    private static final int EVENTS_KEPT = 1024;
    private static final int REASONS_SHOWN = 5;

    /**
     * @param projectKey the project the issues are in
     * @param labelPrefix the prefix of each test's label
     * @param commonLabel the label every DTF issue carries
     * @param runs which runs are reported
     * @param maxIssuesPerRun the most failing tests of one run reported
     */
    record Settings(String projectKey, String labelPrefix, String commonLabel, RunSelector runs, int maxIssuesPerRun) {
    }

    private final ExternalSystemConnector jira;
    private final TaskStore store;
    private final Settings settings;
    /** The tests reported for an event in an earlier attempt, by event id: a retry reports only the rest. */
    private final Map<String, Set<String>> reported = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > EVENTS_KEPT;
        }
    });

    FinishedRuns(ExternalSystemConnector jira, TaskStore store, Settings settings) {
        this.jira = jira;
        this.store = store;
        this.settings = settings;
    }

    /** Reports the run of a {@code RUN_COMPLETED} event when it is selected; nothing else. */
    void report(DtfEvent event) throws HookFailure, InterruptedException {
        if (event.type() != HookType.RUN_COMPLETED || event.run() == null || settings.runs().none()) {
            return;
        }
        TestRun run = store.runSummary(event.run()).map(RunSummary::run).orElse(null); // without its plan text
        if (run == null || !settings.runs().matches(run)) {
            return;
        }
        Set<String> done = reported.computeIfAbsent(event.id(), id -> Collections.synchronizedSet(new HashSet<>()));
        // the run's page, from the coordinator's public URL, as the event's report carries it
        RunReport finished = event.get(EventData.REPORT);
        Report report = new Report(run, finished == null ? null : finished.link(), event.id(), done);
        Failing failing = failing(run);
        int shown = Math.min(failing.first().size(), settings.maxIssuesPerRun());
        if (failing.count() > settings.maxIssuesPerRun()) {
            LOG.warn("Jira {}: run {} ({}) has {} failing tests, more than maxIssuesPerRun = {}: only the first {} are "
                    + "reported; so many failures at once usually mean broken infrastructure rather than {} bugs",
                    settings.projectKey(), run.id().value(), run.name(), failing.count(), settings.maxIssuesPerRun(),
                    shown, failing.count());
        }
        for (StoredTestCase test : failing.first().subList(0, shown)) {
            report.failed(test);
        }
        Set<String> open = openTestLabels(report);
        List<StoredTestCase> passing = new ArrayList<>();
        if (!open.isEmpty()) {
            forEachTest(run, TestCaseStatus.PASSED, test -> {
                if (!test.result().flaky() && !failing.ids().contains(test.test())
                        && open.remove(TestIssues.label(settings.labelPrefix(), test.test()))) {
                    passing.add(test);
                }
            });
        }
        for (StoredTestCase test : passing) {
            report.passed(test);
        }
        report.finish(failing, shown);
        reported.remove(event.id());
    }

    /** The failing tests of a run: the first {@code maxIssuesPerRun} of them whole, the ids and the count of all. */
    private record Failing(List<StoredTestCase> first, Set<TestId> ids) {
        int count() {
            return ids.size();
        }
    }

    private Failing failing(TestRun run) {
        List<StoredTestCase> first = new ArrayList<>();
        Set<TestId> ids = new HashSet<>();
        forEachTest(run, null, test -> {
            if (ids.add(test.test()) && first.size() < settings.maxIssuesPerRun()) {
                first.add(test);
            }
        });
        return new Failing(first, ids);
    }

    /** Every test case of the run's tasks' latest results with this status (FAILED or ERROR for {@code null}). */
    private void forEachTest(TestRun run, TestCaseStatus status, Consumer<StoredTestCase> each) {
        Set<TestCaseStatus> statuses = status == null ? Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR) : Set.of(status);
        for (int offset = 0; ; offset += STORE_PAGE) {
            List<StoredTestCase> page = store.testCases(new TestCaseQuery(run.id(), null, statuses, new Page(offset, STORE_PAGE)));
            page.forEach(each);
            if (page.size() < STORE_PAGE) {
                return;
            }
        }
    }

    /** The per-test labels of the project's open DTF issues, every page of the search. */
    private Set<String> openTestLabels(Report report) throws HookFailure, InterruptedException {
        String jql = "project = " + TestIssues.quote(settings.projectKey()) + " AND labels = "
                + TestIssues.quote(settings.commonLabel()) + " AND statusCategory != Done ORDER BY created ASC";
        Set<String> labels = new HashSet<>();
        String cursor = null;
        do {
            Map<String, Object> parameters = new HashMap<>(Map.of("jql", jql, "limit", Integer.toString(SEARCH_PAGE)));
            if (cursor != null) {
                parameters.put("cursor", cursor);
            }
            ExternalSystemResult page = report.call(null, "search for open issues",
                    () -> jira.executeOperation(JiraConnector.SEARCH, parameters));
            if (page == null) {
                return Set.of();
            }
            for (ExternalItem issue : page.items()) {
                if (issue.fields().get("labels") instanceof List<?> list) {
                    list.stream().map(String::valueOf).filter(label -> label.startsWith(settings.labelPrefix())
                            && !label.equals(settings.commonLabel())).forEach(labels::add);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return labels;
    }

    /** One report of one run: its calls, what they did, and the refusals to park it with. */
    private final class Report {
        private final TestRun run;
        private final URI link;
        private final String eventId;
        private final Set<String> done;
        private final Map<String, Integer> actions = new TreeMap<>();
        private final List<String> refusals = new ArrayList<>();

        Report(TestRun run, URI link, String eventId, Set<String> done) {
            this.run = run;
            this.link = link;
            this.eventId = eventId;
            this.done = done;
        }

        void failed(StoredTestCase test) throws HookFailure, InterruptedException {
            TestCaseResult result = test.result();
            Map<String, Object> parameters = parameters(test);
            put(parameters, "message", result.message());
            put(parameters, "stackTrace", result.details());
            call("failed " + test.test().value(), "report_failure of " + name(result),
                    () -> jira.executeOperation(JiraConnector.REPORT_FAILURE, parameters));
        }

        void passed(StoredTestCase test) throws HookFailure, InterruptedException {
            call("passed " + test.test().value(), "report_pass of " + name(test.result()),
                    () -> jira.executeOperation(JiraConnector.REPORT_PASS, parameters(test)));
        }

        private Map<String, Object> parameters(StoredTestCase test) {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("testId", test.test().value());
            put(parameters, "className", test.result().className() == null ? test.result().suite() : test.result().className());
            put(parameters, "name", test.result().name());
            parameters.put("runId", run.id().value());
            put(parameters, "runLink", link == null ? null : link.toString());
            // one id per test and event: what the report writes names both, and is found again when the event comes again
            parameters.put("eventId", eventId + "/" + test.test().value());
            return parameters;
        }

        /**
         * Makes a call unless this event made it before ({@code key}, {@code null} for reads): its result when it
         * succeeded, {@code null} when it was done already or refused (noted); a failure that may pass later ends
         * the report with a retry.
         */
        ExternalSystemResult call(String key, String what, Supplier<CompletableFuture<ExternalSystemResult>> operation)
                throws HookFailure, InterruptedException {
            if (key != null && done.contains(key)) {
                return null;
            }
            ExternalSystemResult result;
            try {
                result = operation.get().get();
            } catch (ExecutionException e) {
                result = ExternalSystemResult.failure(e.getCause());
            }
            if (result.success()) {
                if (key != null) {
                    done.add(key);
                }
                Object action = result.data() == null ? null : result.data().get("action");
                if (action != null) {
                    actions.merge(action.toString(), 1, Integer::sum);
                }
                return result;
            }
            String reason = what + ": " + result.describe();
            if (result.retryable()) {
                throw HookFailure.retryable("Jira " + settings.projectKey() + ", run " + run.id().value() + ": " + reason
                        + "; " + done.size() + " tests reported so far, the rest on the next attempt", null, result.retryAfter());
            }
            refusals.add(reason);
            return null;
        }

        void finish(Failing failing, int shown) throws HookFailure {
            String summary = "run " + run.id().value() + " (" + run.name() + "): " + failing.count() + " failing tests"
                    + (failing.count() > shown ? " (only the first " + shown + " reported, maxIssuesPerRun)" : "")
                    + ", issues " + (actions.isEmpty() ? "untouched" : actions.toString());
            if (!refusals.isEmpty()) {
                throw HookFailure.permanent("Jira " + settings.projectKey() + " refused " + refusals.size() + " reports of "
                        + summary + ": " + String.join("; ", refusals.subList(0, Math.min(REASONS_SHOWN, refusals.size())))
                        + (refusals.size() > REASONS_SHOWN ? "; …" : ""), null);
            }
            LOG.info("Jira {}: {}", settings.projectKey(), summary);
        }
    }

    private static void put(Map<String, Object> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, value);
        }
    }

    private static String name(TestCaseResult test) {
        return test.className() == null || test.className().isBlank() ? test.name() : test.className() + "." + test.name();
    }
}
