package io.dtf.testkit;

import io.dtf.api.store.TaskStore;
import io.dtf.api.store.Transition;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs with test-level results in a real {@link TaskStore}, for the tests of hooks and integrations that read them
 * (notifications, CI reports, trackers): a run of {@code command} tasks submitted as a plan would make them, and a
 * task's next attempt leased, started and ended with its test cases, through the store's fenced transitions.
 *
 * <pre>{@code
 * RunId run = StoredRuns.submit(store, "nightly", Map.of("team", "web"), null, 3, T0);
 * StoredRuns.finish(store, TaskId.of(run, 1), T0.plusSeconds(5), StoredRuns.test("logsIn", TestCaseStatus.FAILED));
 * }</pre>
 *
 * A transition the store refuses is an {@link AssertionError}.
 */
public final class StoredRuns {
    /** The worker that runs the attempts. */
    public static final WorkerId WORKER = WorkerId.of("w1");
    /** The class of the test cases {@link #test} makes. */
    public static final String TEST_CLASS = "org.example.LoginTest";

    private StoredRuns() {
    }

    /**
     * Submits a run of {@code tasks} queued {@code command} tasks named {@code task-1}, {@code task-2}, ...
     *
     * @param ci the run's CI context, or {@code null}
     * @param at when it was submitted
     * @return its id
     */
    public static RunId submit(TaskStore store, String name, Map<String, String> labels, CIContext ci, int tasks,
                               Instant at) {
        RunId id = store.nextRunId();
        List<Task> list = new ArrayList<>();
        for (int i = 1; i <= tasks; i++) {
            list.add(new Task(TaskId.of(id, i), id, "task-" + i, "command", Map.of("command", List.of("true")),
                    new Requirements(null, null, 1, null, Set.of(), null, null, null), 0, "default", null,
                    Duration.ofMinutes(10), 0, 0, TaskState.QUEUED, 0, null, at, null, null, null));
        }
        store.createRun(new TestRun(id, name, labels, "default", null, at, "name: " + name, ci), list);
        return id;
    }

    /**
     * Runs the task's next attempt on {@link #WORKER}, ending at {@code at} with these test cases: {@code FAILED}
     * when one of them failed, else {@code PASSED}.
     */
    public static void finish(TaskStore store, TaskId id, Instant at, TestCaseResult... cases) {
        Task task = store.task(id).orElseThrow(() -> new AssertionError("no task " + id + " in the store"));
        TaskAttempt attempt = new TaskAttempt(task.id(), task.attempt() + 1);
        TaskState state = List.of(cases).stream().anyMatch(c -> c.status().isFailure()) ? TaskState.FAILED
                : TaskState.PASSED;
        applied(store, Transition.lease(task, WORKER, at));
        applied(store, Transition.start(attempt, at));
        applied(store, Transition.finish(attempt, new TaskResult(state, Duration.ofSeconds(1), 0, null, List.of(cases),
                List.of(), Map.of(), null, null), false, at));
    }

    /** A test case of {@link #TEST_CLASS} that took 12 ms; a failure says {@code <name> broke}. */
    public static TestCaseResult test(String name, TestCaseStatus status) {
        return new TestCaseResult("suite", TEST_CLASS, name, status, Duration.ofMillis(12),
                status.isFailure() ? name + " broke" : null, null, false);
    }

    private static void applied(TaskStore store, Transition transition) {
        if (!store.transition(Objects.requireNonNull(transition, "transition"))) {
            throw new AssertionError("the store refused " + transition);
        }
    }
}
