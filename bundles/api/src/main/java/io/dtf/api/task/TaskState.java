package io.dtf.api.task;

import java.util.EnumSet;
import java.util.Set;

/** Life cycle of a task: QUEUED → LEASED → RUNNING → one of the terminal states. */
public enum TaskState {
    /** Waiting for a worker slot. */
    QUEUED,
    /** Given to a worker, which has not yet said it started. */
    LEASED,
    /** Running on a worker. */
    RUNNING,
    /** Finished successfully. */
    PASSED,
    /** Ran and failed: non-zero exit code or failed test cases. */
    FAILED,
    /** Could not be run, or the worker was lost more often than the task may be attempted. */
    ERROR,
    /** Exceeded its timeout and was killed. */
    TIMED_OUT,
    /** Cancelled by a user. */
    CANCELLED;

    /** The states a task never leaves. */
    public static final Set<TaskState> TERMINAL = EnumSet.of(PASSED, FAILED, ERROR, TIMED_OUT, CANCELLED);
    /** The states in which a worker owns the task. */
    public static final Set<TaskState> ON_WORKER = EnumSet.of(LEASED, RUNNING);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a task that ended in this state may be attempted again (if attempts are left). */
    public boolean isRetryable() {
        return this == FAILED || this == ERROR || this == TIMED_OUT;
    }
}
