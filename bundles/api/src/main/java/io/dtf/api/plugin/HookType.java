package io.dtf.api.plugin;

import io.dtf.api.notify.Severity;
import io.dtf.api.task.TaskState;

/** The kinds of {@link DtfEvent}; a {@link Hook} names the ones it wants in its {@code dtf.hook} property. */
public enum HookType {
    COORDINATOR_STARTUP,
    COORDINATOR_SHUTDOWN,
    RUN_SUBMITTED,
    RUN_COMPLETED,
    TASK_CREATED,
    TASK_ASSIGNED,
    TASK_STARTED,
    TASK_COMPLETED,
    TASK_FAILED,
    TASK_RETRIED,
    TASK_TIMED_OUT,
    TASK_CANCELLED,
    /** A queued task will probably finish after its deadline, or already missed it. */
    TASK_DEADLINE_AT_RISK,
    /** A running attempt was stopped to make room for a more urgent task; the task is queued again. */
    TASK_PREEMPTED,
    WORKER_REGISTERED,
    WORKER_DISCONNECTED,
    WORKER_FAILED,
    WORKER_RECOVERED,
    RECOVERY_STARTED,
    RECOVERY_COMPLETED,
    RECOVERY_FAILED,
    /** A plugin's bundle started offering DTF services. */
    PLUGIN_LOADED,
    /** A plugin's bundle stopped, was updated or uninstalled. */
    PLUGIN_UNLOADED,
    /** An event a plugin published ({@link EventPublisher}); its topic says what about. */
    CUSTOM;

    /**
     * The event of an attempt's end, stored or not.
     *
     * @param status the attempt's result
     * @param retry whether the task is queued again for another attempt
     * @param preempted whether a scheduler stopped it to make room (it is queued again)
     */
    public static HookType ofAttemptEnd(TaskState status, boolean retry, boolean preempted) {
        if (preempted) {
            return TASK_PREEMPTED;
        }
        if (retry) {
            return TASK_RETRIED;
        }
        return switch (status) {
            case PASSED -> TASK_COMPLETED;
            case TIMED_OUT -> TASK_TIMED_OUT;
            case CANCELLED -> TASK_CANCELLED;
            default -> TASK_FAILED;
        };
    }

    /** How much an attempt's end ({@link #ofAttemptEnd}) matters: a failure is an error, a retry or cancellation a warning. */
    public Severity attemptEndSeverity() {
        return switch (this) {
            case TASK_COMPLETED, TASK_PREEMPTED -> Severity.INFO;
            case TASK_RETRIED, TASK_CANCELLED -> Severity.WARNING;
            default -> Severity.ERROR;
        };
    }
}
