package io.dtf.api.plugin;

/** What a plugin does. */
public enum PluginType {
    SCHEDULER,
    TASK_EXECUTOR,
    REPORTER,
    RESOURCE_MANAGER,
    NOTIFICATION,
    RESULT_HANDLER,
    MONITORING,
    INTEGRATION,
    SECURITY,
    CUSTOM
}
