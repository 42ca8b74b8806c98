package io.dtf.testkit;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A {@link Coordinator} that holds the runs, tasks, attempts, workers and schedulers a test puts in, answers
 * queries over them as the coordinator does (filters, newest runs first, pages), and records what the code under
 * test does: submissions, queries, cancellations, scheduler switches. A run's summary is counted from its tasks;
 * its test cases are those of its tasks' results. A run can move on while the code under test watches it
 * ({@link #progressOnRead}), and the store can fail ({@link #storeFailure}). Thread safe, for hooks that call it
 * from their own thread.
 *
 * <pre>{@code
 * FakeCoordinator coordinator = new FakeCoordinator();
 * coordinator.addRun("r1", "nightly", TaskBuilder.task().id("r1.1").build().withState(TaskState.FAILED, 1, null));
 * hook.on(coordinator.runCompleted(RunId.of("r1"), Instant.now()));
 * }</pre>
 */
public final class FakeCoordinator implements Coordinator {
    /**
     * A plan the code under test submitted, the source it named it by (a file name), and the labels and CI
     * context it added.
     */
    public record Submission(String plan, String source, Map<String, String> labels, CIContext ci) {
        public Submission {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        /** A plan submitted without labels or CI context. */
        public Submission(String plan, String source) {
            this(plan, source, Map.of(), null);
        }
    }

    /** The base of {@link #runUrl}, as the coordinator's {@code publicUrl}. */
    public static final String PUBLIC_URL = "http://localhost:8181";

    private final Map<RunId, TestRun> runs = new LinkedHashMap<>();
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private final List<StoredTestCase> earlierTestCases = new ArrayList<>();
    private final List<WorkerStatus> workers = new ArrayList<>();
    private final Map<String, SchedulerInfo> schedulers = new LinkedHashMap<>();
    private final List<Submission> submissions = new ArrayList<>();
    private final List<Object> queries = new ArrayList<>();
    private final Map<RunId, Deque<List<Task>>> progress = new HashMap<>();
    private final List<RunId> cancelledRuns = new ArrayList<>();
    private final List<TaskId> cancelledTasks = new ArrayList<>();
    private BiFunction<String, String, RunSummary> onSubmit;
    private Path logRoot = Path.of(System.getProperty("java.io.tmpdir"), "dtf-testkit-logs");
    private DtfException storeFailure;

    /** A run and its tasks; returns its summary. */
    public synchronized RunSummary addRun(TestRun run, Task... runTasks) {
        runs.put(run.id(), run);
        for (Task task : runTasks) {
            if (!task.runId().equals(run.id())) {
                throw new IllegalArgumentException("task " + task.id() + " is not of run " + run.id());
            }
            tasks.put(task.id(), task);
        }
        return summary(run);
    }

    /** A run of the default tenant submitted at {@link TaskBuilder#T0}, and its tasks; returns its summary. */
    public RunSummary addRun(String runId, String name, Task... runTasks) {
        return addRun(new TestRun(RunId.of(runId), name, Map.of(), null, null, TaskBuilder.T0, "name: " + name + "\n"),
                runTasks);
    }

    /** A task of a run added before, new or in its latest state (one that moved on replaces the old). */
    public synchronized void putTask(Task task) {
        if (!runs.containsKey(task.runId())) {
            throw new IllegalArgumentException("run " + task.runId() + " of task " + task.id() + " was not added");
        }
        tasks.put(task.id(), task);
    }

    /** One attempt of the history {@link #attempts(TaskId)} answers with. */
    public synchronized void addAttempt(AttemptRecord attempt) {
        attempts.add(attempt);
    }

    public synchronized void addWorker(WorkerStatus worker) {
        workers.add(worker);
    }

    /** An installed scheduler; one added as active makes the others inactive. */
    public synchronized void addScheduler(SchedulerInfo scheduler) {
        if (scheduler.active()) {
            schedulers.replaceAll((name, info) -> withActive(info, false));
        }
        schedulers.put(scheduler.name(), scheduler);
    }

    /**
     * What {@link #submit} answers: {@code answer} gets the plan and its source, and returns the summary of the run
     * it accepts (it may {@link #addRun add} that run) or throws the {@link DtfException} of a refused plan. Without
     * one, a submission is refused as an invalid plan (the fake cannot read plans).
     */
    public synchronized void whenSubmitted(BiFunction<String, String, RunSummary> answer) {
        this.onSubmit = answer;
    }

    /** Where {@link #logFile} puts attempts' logs; a folder in the temporary directory unless set. */
    public synchronized void logRoot(Path folder) {
        this.logRoot = Objects.requireNonNull(folder, "folder");
    }

    /**
     * Makes a run move on while the code under test watches it, one step per read: each {@link #run(RunId)} of it
     * first puts the tasks of the next step not taken yet (their new states), then answers. A step without tasks
     * leaves the run as it is for that read; once the steps are used up, the run stays as it is. For code that
     * polls a run until it finishes:
     *
     * <pre>{@code
     * coordinator.progressOnRead(run, build.withState(TaskState.RUNNING, 1, worker));
     * coordinator.progressOnRead(run, passedBuild);
     * }</pre>
     */
    public synchronized void progressOnRead(RunId id, Task... step) {
        for (Task task : step) {
            if (!task.runId().equals(id)) {
                throw new IllegalArgumentException("task " + task.id() + " is not of run " + id);
            }
        }
        progress.computeIfAbsent(id, run -> new ArrayDeque<>()).add(List.of(step));
    }

    /**
     * The store fails: until this is called again with {@code null}, whatever needs the store (submitting,
     * cancelling, reading runs, plans, tasks, attempts and test cases) throws {@code failure}, as the coordinator
     * does while its database does not answer. Submissions and queries are still recorded.
     */
    public synchronized void storeFailure(DtfException failure) {
        this.storeFailure = failure;
    }

    /** The plans submitted with their sources, in order, refused ones included. */
    public synchronized List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    /**
     * The queries asked of one kind ({@link RunQuery}, {@link TaskQuery}, {@link TestCaseQuery} or
     * {@link SlowestTestsQuery}), in order: to check that the code under test asks for what it needs (a filter, a
     * page) rather than reading everything.
     */
    public synchronized <Q> List<Q> queries(Class<Q> kind) {
        return queries.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The runs cancelled through {@link #cancel(RunId)}, in order. */
    public synchronized List<RunId> cancelledRuns() {
        return List.copyOf(cancelledRuns);
    }

    /** The tasks cancelled through {@link #cancel(TaskId)}, in order. */
    public synchronized List<TaskId> cancelledTasks() {
        return List.copyOf(cancelledTasks);
    }

    /** The name of the active scheduler, or {@code null} when none was added as active or chosen. */
    public synchronized String activeScheduler() {
        return schedulers.values().stream().filter(SchedulerInfo::active).map(SchedulerInfo::name).findFirst()
                .orElse(null);
    }

    /**
     * The {@link HookType#RUN_COMPLETED} event the coordinator publishes for the run as it stands: severity INFO
     * when it passed, ERROR otherwise, and its name, state, number of tasks and of failed test cases as data.
     */
    public synchronized DtfEvent runCompleted(RunId id, Instant at) {
        TestRun run = runs.get(id);
        if (run == null) {
            throw DtfException.notFound("run", id);
        }
        RunSummary summary = summary(run);
        return new DtfEvent(HookType.RUN_COMPLETED, at, id, null, null,
                summary.state() == RunState.PASSED ? Severity.INFO : Severity.ERROR,
                Map.of("name", summary.run().name(), "state", summary.state().name(), "tasks",
                        summary.counts().total(), "failedTestCases", summary.failedTestCases()));
    }

    @Override
    public synchronized RunSummary submit(String plan, String source, Map<String, String> labels, CIContext ci) {
        submissions.add(new Submission(plan, source, labels, ci));
        failIfStoreFails();
        if (onSubmit == null) {
            throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source
                    + " was not read: FakeCoordinator reads no plans; give it an answer with whenSubmitted");
        }
        return onSubmit.apply(plan, source);
    }

    @Override
    public synchronized Optional<RunSummary> run(RunId id) {
        failIfStoreFails();
        Deque<List<Task>> steps = progress.get(id);
        if (steps != null && !steps.isEmpty()) {
            steps.remove().forEach(this::putTask);
        }
        return Optional.ofNullable(runs.get(id)).map(this::summary);
    }

    @Override
    public synchronized List<RunSummary> runs(RunQuery query) {
        queries.add(query);
        failIfStoreFails();
        return page(runs.values().stream()
                .filter(run -> query.tenant() == null || query.tenant().equals(run.tenant()))
                .filter(run -> run.labels().entrySet().containsAll(query.labels().entrySet()))
                .filter(run -> matches(query, run.ci()))
                .sorted(Comparator.comparing(TestRun::submittedAt).reversed())
                .map(this::summary), query.page());
    }

    private static boolean matches(RunQuery query, CIContext ci) {
        if (ci == null) {
            return query.provider() == null && query.repository() == null && query.commit() == null
                    && query.branch() == null && query.pullRequest() == null;
        }
        return (query.provider() == null || query.provider().equals(ci.provider()))
                && (query.repository() == null || query.repository().equals(ci.repository()))
                && (query.commit() == null || query.commit().equals(ci.commit()))
                && (query.branch() == null || query.branch().equals(ci.branch()))
                && (query.pullRequest() == null || query.pullRequest().equals(ci.pullRequest()));
    }

    /** {@link #PUBLIC_URL}{@code /api/v1/runs/<id>}. */
    @Override
    public URI runUrl(RunId id) {
        return URI.create(PUBLIC_URL + "/api/v1/runs/" + id.value());
    }

    @Override
    public synchronized Optional<String> plan(RunId id) {
        failIfStoreFails();
        return Optional.ofNullable(runs.get(id)).map(TestRun::plan);
    }

    @Override
    public synchronized Optional<Task> task(TaskId id) {
        failIfStoreFails();
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized List<Task> tasks(TaskQuery query) {
        queries.add(query);
        failIfStoreFails();
        return page(tasks.values().stream()
                .filter(task -> query.run() == null || task.runId().equals(query.run()))
                .filter(task -> query.states().isEmpty() || query.states().contains(task.state()))
                .filter(task -> query.worker() == null || query.worker().equals(task.worker())), query.page());
    }

    @Override
    public synchronized List<AttemptRecord> attempts(TaskId id) {
        failIfStoreFails();
        return attempts.stream().filter(attempt -> attempt.attempt().task().equals(id)).toList();
    }

    @Override
    public synchronized List<StoredTestCase> testCases(TestCaseQuery query) {
        queries.add(query);
        failIfStoreFails();
        Stream<StoredTestCase> latest = testCasesOf(tasks.values().stream()
                .filter(task -> query.run() == null || task.runId().equals(query.run()))
                .filter(task -> query.task() == null || task.id().equals(query.task())));
        Stream<StoredTestCase> selected = !query.allAttempts() ? latest : Stream.concat(earlierTestCases.stream()
                        .filter(test -> query.run() == null || test.task().runId().equals(query.run()))
                        .filter(test -> query.task() == null || test.task().equals(query.task())), latest)
                .sorted(Comparator.comparingInt((StoredTestCase test) -> taskOrder(test.task()))
                        .thenComparing(test -> Objects.toString(test.result().className(), ""))
                        .thenComparing(test -> test.result().name())
                        .thenComparingInt(StoredTestCase::attempt));
        return page(selected.filter(test -> query.statuses().isEmpty()
                || query.statuses().contains(test.result().status())), query.page());
    }

    /**
     * Test cases of tasks' earlier attempts: the latest result of each task holds only its latest attempt's, and
     * these are what a query over every attempt ({@link TestCaseQuery#allAttempts()}) and a test's history answer
     * with besides.
     */
    public synchronized void addEarlierTestCases(StoredTestCase... testCases) {
        earlierTestCases.addAll(List.of(testCases));
    }

    /** Every attempt that reported the test (earlier ones and the tasks' latest results), newest end first. */
    @Override
    public synchronized List<StoredTestCase> testHistory(TestId test, int limit) {
        failIfStoreFails();
        return Stream.concat(earlierTestCases.stream(), testCasesOf(tasks.values().stream()))
                .filter(stored -> stored.test().equals(test))
                .sorted(Comparator.comparing(StoredTestCase::finishedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(limit).toList();
    }

    /** The tests of the tasks' latest results in the run, or in the latest runs, by mean duration. */
    @Override
    public synchronized List<SlowTest> slowestTests(SlowestTestsQuery query) {
        queries.add(query);
        failIfStoreFails();
        List<RunId> ofRuns = query.run() != null ? List.of(query.run()) : runs.values().stream()
                .sorted(Comparator.comparing(TestRun::submittedAt).reversed()).limit(query.recentRuns())
                .map(TestRun::id).toList();
        Map<TestId, List<TestCaseResult>> byTest = new LinkedHashMap<>();
        testCasesOf(tasks.values().stream().filter(task -> ofRuns.contains(task.runId())))
                .forEach(stored -> byTest.computeIfAbsent(stored.test(), id -> new ArrayList<>()).add(stored.result()));
        return byTest.entrySet().stream().map(entry -> {
            List<TestCaseResult> results = entry.getValue();
            TestCaseResult last = results.get(results.size() - 1);
            Duration total = results.stream().map(TestCaseResult::duration).reduce(Duration.ZERO, Duration::plus);
            Duration max = results.stream().map(TestCaseResult::duration).max(Comparator.naturalOrder()).orElseThrow();
            return new SlowTest(entry.getKey(), last.suite(), last.className(), last.name(),
                    total.dividedBy(results.size()), max, results.size());
        }).sorted(Comparator.comparing(SlowTest::mean).reversed()).limit(query.limit()).toList();
    }

    private int taskOrder(TaskId id) {
        return List.copyOf(tasks.keySet()).indexOf(id);
    }

    @Override
    public synchronized int cancel(RunId id) {
        failIfStoreFails();
        if (!runs.containsKey(id)) {
            throw DtfException.notFound("run", id);
        }
        cancelledRuns.add(id);
        List<Task> unfinished = tasks.values().stream()
                .filter(task -> task.runId().equals(id) && !task.state().isTerminal()).toList();
        unfinished.forEach(this::cancelled);
        return unfinished.size();
    }

    @Override
    public synchronized boolean cancel(TaskId id) {
        failIfStoreFails();
        Task task = tasks.get(id);
        if (task == null) {
            throw DtfException.notFound("task", id);
        }
        cancelledTasks.add(id);
        if (task.state().isTerminal()) {
            return false;
        }
        cancelled(task);
        return true;
    }

    @Override
    public synchronized List<WorkerStatus> workers() {
        return List.copyOf(workers);
    }

    @Override
    public synchronized Path logFile(TaskAttempt attempt) {
        return attempt.logFile(logRoot);
    }

    @Override
    public synchronized List<SchedulerInfo> schedulers() {
        return List.copyOf(schedulers.values());
    }

    @Override
    public synchronized void useScheduler(String name) {
        if (!schedulers.containsKey(name)) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "scheduler '" + name + "' is not installed (installed: "
                    + String.join(", ", new TreeSet<>(schedulers.keySet())) + ")");
        }
        schedulers.replaceAll((scheduler, info) -> withActive(info, scheduler.equals(name)));
    }

    private void failIfStoreFails() {
        if (storeFailure != null) {
            throw storeFailure;
        }
    }

    private void cancelled(Task task) {
        tasks.put(task.id(), task.withState(TaskState.CANCELLED, task.attempt(), task.worker()));
    }

    /** The run's progress as the store counts it, without its plan text. */
    private RunSummary summary(TestRun run) {
        List<Task> ofRun = tasks.values().stream().filter(task -> task.runId().equals(run.id())).toList();
        Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
        ofRun.forEach(task -> byState.merge(task.state(), 1, Integer::sum));
        TaskCounts counts = new TaskCounts(byState);
        Instant finishedAt = counts.finished() == counts.total() ? ofRun.stream().map(Task::finishedAt)
                .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null) : null;
        List<StoredTestCase> testCases = testCasesOf(ofRun.stream()).toList();
        int failed = (int) testCases.stream().filter(test -> test.result().status().isFailure()).count();
        TestRun withoutPlan = run.withoutPlan();
        return new RunSummary(withoutPlan, counts.runState(), counts, finishedAt, testCases.size(), failed);
    }

    /** The test cases of the tasks' latest results, as the store keeps them. */
    private static Stream<StoredTestCase> testCasesOf(Stream<Task> tasks) {
        return tasks.filter(task -> task.result() != null).flatMap(task -> {
            List<TestCaseResult> cases = task.result().testCases();
            return cases.stream().map(test -> new StoredTestCase(task.id(), task.name(), task.attempt(), test, null,
                    task.worker(), task.finishedAt()));
        });
    }

    private static <T> List<T> page(Stream<T> items, Page page) {
        return items.skip(page.offset()).limit(page.limit()).toList();
    }

    private static SchedulerInfo withActive(SchedulerInfo info, boolean active) {
        return new SchedulerInfo(info.name(), active, info.bundle(), info.queued(), info.counters());
    }
}
