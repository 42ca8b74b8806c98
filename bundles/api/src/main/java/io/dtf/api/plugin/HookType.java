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
