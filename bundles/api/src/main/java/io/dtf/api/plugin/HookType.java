package io.dtf.api.plugin;

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
    PLUGIN_LOADED,
    PLUGIN_UNLOADED,
    CUSTOM
}
