package io.dtf.api.task;

/** State of a run, derived from the states of its tasks (see {@link TaskCounts#runState()}). */
public enum RunState {
    /** No task has been given to a worker yet. */
    QUEUED,
    /** Some tasks are leased, running or finished, and some are not finished. */
    RUNNING,
    /** Every task passed. */
    PASSED,
    /** Every task finished and at least one failed, errored or timed out. */
    FAILED,
    /** Every task finished, at least one was cancelled and none failed. */
    CANCELLED;

    public boolean isFinished() {
        return this == PASSED || this == FAILED || this == CANCELLED;
    }
}
