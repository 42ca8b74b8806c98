package io.dtf.api.store;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A fenced state change: it applies only while the task is in one of {@code from} with attempt
 * {@code attempt}. What else it writes depends on {@code to}:
 * <ul>
 *   <li>LEASED: the task's attempt becomes {@code newAttempt}, its worker {@code worker}; an attempt
 *       record starts at {@code at}.</li>
 *   <li>RUNNING: the attempt started running at {@code at}.</li>
 *   <li>QUEUED (a retry): the attempt record ends with {@code result}; the task waits again.</li>
 *   <li>QUEUED when {@code preempted}: as a retry, but the attempt record says it was preempted and
 *       the task counts one more preempted attempt, which spends none of its attempts.</li>
 *   <li>QUEUED without a result (a release): the attempt never started and is undone: its record
 *       goes, and the task's attempt is {@code newAttempt} ({@code attempt - 1}) again.</li>
 *   <li>a terminal state: the attempt record (if any) and the task end with {@code result} at {@code at}.</li>
 * </ul>
 * {@code result} with its test cases is kept for every attempt that ends.
 */
public record Transition(TaskId task, int attempt, Set<TaskState> from, TaskState to, int newAttempt,
                         WorkerId worker, Instant at, TaskResult result, boolean preempted) {
    public Transition {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        from = Set.copyOf(from);
        if ((to == TaskState.QUEUED && !isRelease(to, attempt, newAttempt, result) || to.isTerminal())
                && result == null) {
            throw new IllegalArgumentException("a transition to " + to + " needs a result");
        }
        if (preempted && (to != TaskState.QUEUED || result == null || newAttempt != attempt)) {
            throw new IllegalArgumentException("a preempted attempt ends with a result and its task is queued again");
        }
    }

    /** A change that preempts nothing. */
    public Transition(TaskId task, int attempt, Set<TaskState> from, TaskState to, int newAttempt,
                      WorkerId worker, Instant at, TaskResult result) {
        this(task, attempt, from, to, newAttempt, worker, at, result, false);
    }

    /** QUEUED (attempt n) → LEASED (attempt n + 1) on {@code worker}. */
    public static Transition lease(Task task, WorkerId worker, Instant at) {
        return new Transition(task.id(), task.attempt(), EnumSet.of(TaskState.QUEUED), TaskState.LEASED,
                task.attempt() + 1, worker, at, null);
    }

    /** LEASED → RUNNING. */
    public static Transition start(TaskAttempt attempt, Instant at) {
        return new Transition(attempt.task(), attempt.attempt(), EnumSet.of(TaskState.LEASED), TaskState.RUNNING,
                attempt.attempt(), null, at, null);
    }

    /** On a worker → terminal state of the result, or QUEUED again for a retry when {@code retry}. */
    public static Transition finish(TaskAttempt attempt, TaskResult result, boolean retry, Instant at) {
        return new Transition(attempt.task(), attempt.attempt(), TaskState.ON_WORKER,
                retry ? TaskState.QUEUED : result.status(), attempt.attempt(), null, at, result);
    }

    /**
     * On a worker → QUEUED again: a scheduler preempted the attempt, which ends with {@code result}
     * and spends none of the task's attempts.
     */
    public static Transition preempt(TaskAttempt attempt, TaskResult result, Instant at) {
        return new Transition(attempt.task(), attempt.attempt(), TaskState.ON_WORKER, TaskState.QUEUED,
                attempt.attempt(), null, at, result, true);
    }

    /**
     * LEASED (attempt n) → QUEUED (attempt n - 1): a leased attempt its worker handed back without
     * starting it is undone, so it spends none of the task's attempts.
     */
    public static Transition release(TaskAttempt attempt, Instant at) {
        return new Transition(attempt.task(), attempt.attempt(), EnumSet.of(TaskState.LEASED), TaskState.QUEUED,
                attempt.attempt() - 1, null, at, null);
    }

    /** Whether this undoes a lease ({@link #release}). */
    public boolean isRelease() {
        return isRelease(to, attempt, newAttempt, result);
    }

    private static boolean isRelease(TaskState to, int attempt, int newAttempt, TaskResult result) {
        return to == TaskState.QUEUED && result == null && newAttempt == attempt - 1;
    }

    /** Any non-terminal state → CANCELLED. */
    public static Transition cancel(Task task, String reason, Instant at) {
        return cancel(task, TaskResult.of(TaskState.CANCELLED, reason), at);
    }

    /** Any non-terminal state → CANCELLED, with a result that says more: how long the attempt ran. */
    public static Transition cancel(Task task, TaskResult result, Instant at) {
        if (result.status() != TaskState.CANCELLED) {
            throw new IllegalArgumentException("a cancelled task's result is CANCELLED, not " + result.status());
        }
        return new Transition(task.id(), task.attempt(),
                EnumSet.of(TaskState.QUEUED, TaskState.LEASED, TaskState.RUNNING), TaskState.CANCELLED,
                task.attempt(), null, at, result);
    }

    /** Whether the change applies to a task in this state and attempt. */
    public boolean appliesTo(TaskState state, int currentAttempt) {
        return from.contains(state) && attempt == currentAttempt;
    }
}
