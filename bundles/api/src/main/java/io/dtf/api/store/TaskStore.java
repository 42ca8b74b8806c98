package io.dtf.api.store;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable storage of runs, tasks, attempts, results and test cases: the truth the coordinator
 * rebuilds its queue from after a restart. Every method is thread safe; failures are
 * {@link io.dtf.api.DtfException}s with {@link io.dtf.api.ErrorCode#STORE_UNAVAILABLE}.
 */
@ProviderType
public interface TaskStore {

    /** A new, never used run id. */
    RunId nextRunId();

    /**
     * Stores a run with its tasks atomically: all or nothing. The tasks come in QUEUED with
     * attempt 0; the store gives them their submission order ({@link Task#seq()}).
     *
     * @return the tasks as stored, with {@code seq} set, in the given order
     */
    List<Task> createRun(TestRun run, List<Task> tasks);

    /** Applies one fenced change; {@code false} when the task was not in the expected state and attempt. */
    boolean transition(Transition transition);

    /**
     * Applies many fenced changes in one write, each on its own terms.
     *
     * @return for each transition, in order, whether it applied
     */
    boolean[] transitionAll(List<Transition> transitions);

    /** The run as submitted, with its plan text. */
    Optional<TestRun> run(RunId id);

    /** The run's progress; its {@link TestRun#plan()} is {@code null} (a plan can be megabytes: read it with {@link #run}). */
    Optional<RunSummary> runSummary(RunId id);

    /** Runs with their progress, newest first, without their plan texts (as {@link #runSummary}). */
    List<RunSummary> runs(RunQuery query);

    /** The task with its latest result, test cases included. */
    Optional<Task> task(TaskId id);

    List<Task> tasks(TaskQuery query);

    long countTasks(TaskQuery query);

    /** Every attempt of the task, oldest first. */
    List<AttemptRecord> attempts(TaskId id);

    List<StoredTestCase> testCases(TestCaseQuery query);

    /**
     * The test cases of the latest result of each of {@code tasks} with one of {@code statuses} (all when empty), at
     * most {@link Page#MAX_LIMIT} a task, in report order: what {@link #testCases} gives for each task, for many
     * tasks at once. Tasks without such test cases are left out. This default asks {@link #testCases} once per
     * task; a store answers it in one query.
     *
     * @since 1.5
     */
    default Map<TaskId, List<StoredTestCase>> latestTestCases(Collection<TaskId> tasks, Set<TestCaseStatus> statuses) {
        Map<TaskId, List<StoredTestCase>> cases = new LinkedHashMap<>();
        for (TaskId task : new LinkedHashSet<>(tasks)) {
            List<StoredTestCase> found = testCases(new TestCaseQuery(null, task, statuses, new Page(0, Page.MAX_LIMIT)));
            if (!found.isEmpty()) {
                cases.put(task, found);
            }
        }
        return cases;
    }

    /**
     * The latest {@code limit} outcomes of one test across runs, newest first: every attempt that reported it,
     * each with its task, attempt, worker and end. A store that keeps no history answers with an empty list.
     */
    default List<StoredTestCase> testHistory(TestId test, int limit) {
        return List.of();
    }

    /**
     * The latest outcome (newest end first, as {@link #testHistory}) of each of {@code tests} in a run other than
     * {@code excludingRun}: what "first failure" and "back to normal" of a test are measured against. Tests that
     * never ran in another run are left out. This default asks {@link #testHistory} once per test (or more, for a
     * test reported many times in {@code excludingRun}); a store with history answers it in one query.
     *
     * @since 1.5
     */
    default Map<TestId, StoredTestCase> previousOutcomes(Collection<TestId> tests, RunId excludingRun) {
        Map<TestId, StoredTestCase> outcomes = new LinkedHashMap<>();
        for (TestId test : new LinkedHashSet<>(tests)) {
            int limit = 16;
            while (true) {
                List<StoredTestCase> history = testHistory(test, limit);
                Optional<StoredTestCase> earlier = history.stream()
                        .filter(c -> !c.task().runId().equals(excludingRun)).findFirst();
                earlier.ifPresent(c -> outcomes.put(test, c));
                if (earlier.isPresent() || history.size() < limit || limit == Page.MAX_LIMIT) {
                    break;
                }
                limit = Math.min(Page.MAX_LIMIT, limit * 4);
            }
        }
        return outcomes;
    }

    /**
     * The status of each of {@code tests}' latest outcome in a run other than {@code excludingRun}: what
     * {@link #previousOutcomes} gives, without the rest of each outcome. All that "first failure" needs, for every
     * failed task of a storm: a store answers it from its history index, reading no row. This default asks
     * {@link #previousOutcomes}.
     *
     * @since 1.6
     */
    default Map<TestId, TestCaseStatus> previousStatuses(Collection<TestId> tests, RunId excludingRun) {
        Map<TestId, TestCaseStatus> statuses = new LinkedHashMap<>();
        previousOutcomes(tests, excludingRun).forEach((test, outcome) -> statuses.put(test, outcome.result().status()));
        return statuses;
    }

    /** The slowest tests of a run or of the latest runs, slowest mean first; empty from a store without history. */
    default List<SlowTest> slowestTests(SlowestTestsQuery query) {
        return List.of();
    }

    /**
     * How long tasks took, from history: the mean duration of the passed attempts of each task key
     * ({@code <plan name>/<task name>}, see {@link Task#durationKey}) over its latest {@code perKey}
     * passed attempts. Read once at start; the coordinator keeps it up to date from there.
     */
    Map<String, Duration> durationHistory(int perKey);

    /**
     * How long test classes take, from the test cases kept: for each of {@code classNames} (top-level classes,
     * fully qualified), the median over the latest {@code runs} runs that ran it of the class's time in that run,
     * the sum of the durations of its test cases (its nested classes', {@code Outer$Inner}, included) in the
     * latest result of each task. Classes that never ran are left out. Balances the shards of a split
     * {@code junit} task. A store that keeps no history answers with an empty map.
     */
    default Map<String, Duration> testClassDurations(Collection<String> classNames, int runs) {
        return Map.of();
    }
}
