package io.dtf.notify.impl.events;

import io.dtf.api.Durations;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.notify.api.RunLabels;
import io.dtf.notify.impl.events.EventRecord.TestLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what an event is about into an {@link EventRecord}: its labels (the event's own, its run's name, labels and
 * CI context) and, for failures, whether they are new. A test failed for the first time when the outcome before this
 * run (the store's {@code previousStatuses}, one query for all the event's failed tests) was not a failure; a run name failed for the first time when its
 * previous run did not fail ({@link RunNameStates}). The label {@code transition} of {@code RUN_COMPLETED} says
 * {@code first_failure}, {@code new_failures}, {@code still_failing}, {@code back_to_normal}, {@code passing} or
 * {@code cancelled}; {@code first_failure} of {@code TASK_FAILED} says whether any of its failed tests is new.
 */
public final class EventReader {
    /**
     * The failed tests of a run's end looked up in the history (in one query): beyond them a failure counts as new.
     * A task failure looks up fewer: there can be thousands a minute.
     */
    static final int TESTS_EXAMINED = 200;
    static final int TASK_TESTS_EXAMINED = 20;
    private static final Set<TestCaseStatus> FAILURES = Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR);
    /** The tests an event record lists. */
    static final int TESTS_LISTED = 50;
    /** The longest test failure message kept: a group holds its events until it closes. */
    static final int TEST_MESSAGE_LIMIT = 500;
    /** The longest event message kept. */
    static final int MESSAGE_LIMIT = 2000;
    private static final int RUNS_CACHED = 1024;

    private final TaskStore store;
    private final RunNameStates runNames;
    private final Map<String, Optional<TestRun>> runs = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<TestRun>> eldest) {
                    return size() > RUNS_CACHED;
                }
            });

    public EventReader(TaskStore store, RunNameStates runNames) {
        this.store = store;
        this.runNames = runNames;
    }

    /** The record of an event; a {@code RUN_COMPLETED} also records its run name's state. */
    public EventRecord read(DtfEvent event) {
        return read(List.of(event)).get(0);
    }

    /**
     * The records of events, in their order. The failed tests of all their task failures are read in one query, and
     * the outcomes of those tests before their run in one query per run: a storm of task failures costs two queries
     * per batch, not two per event.
     */
    public List<EventRecord> read(List<DtfEvent> events) {
        List<TaskId> failedTasks = events.stream().filter(EventReader::isTaskFailure).map(DtfEvent::task).distinct()
                .toList();
        Map<TaskId, List<StoredTestCase>> failedTests = failedTasks.isEmpty() ? Map.of()
                : store.latestTestCases(failedTasks, FAILURES);
        Map<RunId, List<TestId>> examined = new LinkedHashMap<>();
        failedTests.forEach((task, cases) -> cases.stream().limit(TASK_TESTS_EXAMINED)
                .forEach(c -> examined.computeIfAbsent(task.runId(), run -> new ArrayList<>()).add(c.test())));
        Map<TestOfRun, TestCaseStatus> before = new HashMap<>();
        examined.forEach((run, tests) -> store.previousStatuses(tests, run)
                .forEach((test, status) -> before.put(new TestOfRun(run, test), status)));
        List<EventRecord> records = new ArrayList<>(events.size());
        for (DtfEvent event : events) {
            records.add(read(event, isTaskFailure(event) ? failedTests.getOrDefault(event.task(), List.of()) : List.of(),
                    before));
        }
        return records;
    }

    /** A test in the history before a run. */
    private record TestOfRun(RunId run, TestId test) {
    }

    private static boolean isTaskFailure(DtfEvent event) {
        return event.type() == HookType.TASK_FAILED && event.task() != null;
    }

    private EventRecord read(DtfEvent event, List<StoredTestCase> taskFailures, Map<TestOfRun, TestCaseStatus> before) {
        Map<String, String> labels = new LinkedHashMap<>();
        TestRun run = event.run() == null ? null
                : runs.computeIfAbsent(event.run().value(), id -> store.run(event.run()).map(TestRun::withoutPlan))
                .orElse(null);
        if (run != null) {
            labels.putAll(RunLabels.of(run));
        }
        labels.put("type", event.type().name());
        labels.put("severity", event.severity().name());
        put(labels, "run", event.run() == null ? null : event.run().value());
        put(labels, "task", event.task() == null ? null : event.task().value());
        put(labels, "worker", event.worker() == null ? null : event.worker().value());
        put(labels, "state", event.get(EventData.STATE));
        put(labels, "topic", event.get(EventData.TOPIC));
        String name = event.get(EventData.NAME);
        if (event.task() != null) {
            put(labels, "task_name", name);
        } else if (run == null) {
            put(labels, "run_name", name);
        }
        RunReport report = event.get(EventData.REPORT);
        String link = report == null || report.link() == null ? null : report.link().toString();
        String runName = labels.getOrDefault("run_name", event.run() == null ? "" : event.run().value());
        List<TestLine> tests = List.of();
        List<TestLine> fixed = List.of();
        int leftOut = 0;
        String title;
        if (isTaskFailure(event)) {
            List<StoredTestCase> failed = taskFailures;
            tests = lines(failed, TASK_TESTS_EXAMINED, before);
            leftOut = Math.max(0, failed.size() - tests.size());
            boolean anyNew = failed.isEmpty() || tests.stream().anyMatch(TestLine::firstFailure);
            labels.put("first_failure", Boolean.toString(anyNew));
            title = "Task " + (name == null ? event.task().value() : name) + " of " + runName + " failed";
        } else if (event.type() == HookType.RUN_COMPLETED && event.run() != null) {
            List<StoredTestCase> failed = report != null ? report.failedTests()
                    : store.testCases(new TestCaseQuery(event.run(), null, FAILURES, new Page(0, Page.MAX_LIMIT), false));
            Map<TestOfRun, TestCaseStatus> earlier = new HashMap<>();
            store.previousStatuses(failed.stream().limit(TESTS_EXAMINED).map(StoredTestCase::test).toList(), event.run())
                    .forEach((test, status) -> earlier.put(new TestOfRun(event.run(), test), status));
            tests = lines(failed, TESTS_EXAMINED, earlier);
            leftOut = Math.max(0, failed.size() - tests.size()) + (report == null ? 0 : report.failedTestsLeftOut());
            String state = labels.getOrDefault("state", "");
            Map<String, String> failing = new LinkedHashMap<>();
            failed.forEach(c -> failing.put(c.test().value(), describe(c)));
            RunNameStates.State previousRun = runNames.record(runName, event.run().value(), state, failing);
            fixed = fixedSince(previousRun.failing(), failing.keySet(), event);
            labels.put("transition", transition(state, previousRun.state(), tests));
            title = "Run " + runName + " " + switch (labels.get("transition")) {
                case "first_failure" -> "failed";
                case "new_failures" -> "failed with new failures";
                case "still_failing" -> "still fails";
                case "back_to_normal" -> "is back to normal";
                case "cancelled" -> "was cancelled";
                default -> "passed";
            };
        } else {
            title = titleOf(event, name, runName);
        }
        String message = event.get(EventData.MESSAGE) != null ? event.get(EventData.MESSAGE) : event.get(EventData.REASON);
        if (message == null && event.type() == HookType.RUN_COMPLETED && event.run() != null) {
            message = runFigures(report != null && report.summary() != null ? report.summary()
                    : store.runSummary(event.run()).orElse(null), report == null ? null : report.duration());
        }
        return new EventRecord(event.id(), event.type().name(), event.severity(), event.at(), labels, title,
                trim(message, MESSAGE_LIMIT), tests, leftOut, fixed, link);
    }

    /**
     * A finished run in numbers, the line under its title: {@code 3 of 120 tests failed · 2 of 5 tasks failed ·
     * 4m12s}; {@code null} when the run is not known (purged).
     */
    static String runFigures(RunSummary summary, Duration took) {
        if (summary == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (summary.testCases() > 0) {
            parts.add(summary.failedTestCases() == 0 ? summary.testCases() + " tests passed"
                    : summary.failedTestCases() + " of " + summary.testCases() + " tests failed");
        }
        TaskCounts counts = summary.counts();
        int unsuccessful = counts.get(TaskState.FAILED) + counts.get(TaskState.ERROR) + counts.get(TaskState.TIMED_OUT);
        parts.add(unsuccessful == 0 ? counts.total() + (counts.total() == 1 ? " task passed" : " tasks passed")
                : unsuccessful + " of " + counts.total() + (counts.total() == 1 ? " task failed" : " tasks failed"));
        Duration duration = took != null ? took : summary.finishedAt() == null ? null
                : Duration.between(summary.run().submittedAt(), summary.finishedAt());
        if (duration != null) {
            parts.add(Durations.format(duration));
        }
        return String.join(" · ", parts);
    }

    private static String transition(String state, String before, List<TestLine> tests) {
        if (state.equals("FAILED")) {
            if (!"FAILED".equals(before)) {
                return "first_failure";
            }
            return tests.stream().anyMatch(TestLine::firstFailure) ? "new_failures" : "still_failing";
        }
        if (state.equals("PASSED")) {
            return "FAILED".equals(before) ? "back_to_normal" : "passing";
        }
        return state.equals("CANCELLED") ? "cancelled" : state.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The failed tests, new failures first, each told whether it is new (the first {@code examined} looked up, the
     * others counted as new), at most {@link #TESTS_LISTED}.
     */
    private static List<TestLine> lines(List<StoredTestCase> failed, int examined, Map<TestOfRun, TestCaseStatus> before) {
        List<TestLine> fresh = new ArrayList<>();
        List<TestLine> repeated = new ArrayList<>();
        for (int i = 0; i < failed.size(); i++) {
            StoredTestCase c = failed.get(i);
            TestCaseStatus earlier = before.get(new TestOfRun(c.task().runId(), c.test()));
            boolean firstFailure = i >= examined || earlier == null || !earlier.isFailure();
            (firstFailure ? fresh : repeated).add(new TestLine(c.result().className(), c.result().name(),
                    trim(c.result().message(), TEST_MESSAGE_LIMIT), firstFailure));
        }
        fresh.addAll(repeated);
        return fresh.size() > TESTS_LISTED ? List.copyOf(fresh.subList(0, TESTS_LISTED)) : fresh;
    }

    /** The tests that failed in the run name's previous run and passed in this one. */
    private List<TestLine> fixedSince(Map<String, String> before, Set<String> failingNow, DtfEvent event) {
        List<TestLine> fixed = new ArrayList<>();
        for (Map.Entry<String, String> test : before.entrySet()) {
            if (fixed.size() >= TESTS_LISTED || failingNow.contains(test.getKey())) {
                continue;
            }
            List<StoredTestCase> latest = store.testHistory(TestId.of(test.getKey()), 1);
            if (!latest.isEmpty() && latest.get(0).task().runId().equals(event.run())
                    && latest.get(0).result().status() == TestCaseStatus.PASSED) {
                fixed.add(new TestLine(latest.get(0).result().className(), latest.get(0).result().name(), null, false));
            }
        }
        return fixed;
    }

    private static String describe(StoredTestCase c) {
        return (c.result().className() == null ? "" : c.result().className() + ".") + c.result().name();
    }

    private static String titleOf(DtfEvent event, String name, String runName) {
        String what = event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String subject = event.task() != null ? "Task " + (name == null ? event.task().value() : name) + " of " + runName
                : event.run() != null ? "Run " + runName
                : event.worker() != null ? "Worker " + event.worker().value()
                : event.get(EventData.TOPIC) != null ? event.get(EventData.TOPIC) : "DTF";
        return subject + ": " + what;
    }

    private static String trim(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }
}
