package io.dtf.api.plugin;

import io.dtf.api.task.RunReport;

/** The keys of {@link DtfEvent#data()}: which event types carry each is said with it. */
public final class EventData {
    /** Task events: the task's name; RUN_* events: the run's (plan's) name. */
    public static final EventKey<String> NAME = new EventKey<>("name", String.class);
    /** Task events from TASK_ASSIGNED on: the attempt (from 1). */
    public static final EventKey<Integer> ATTEMPT = new EventKey<>("attempt", Integer.class);
    /** Task events that end an attempt, and RUN_COMPLETED: the state it ended in ({@code TaskState} / {@code RunState} name). */
    public static final EventKey<String> STATE = new EventKey<>("state", String.class);
    /** Ended attempts of processes: the exit code, when there was one. */
    public static final EventKey<Integer> EXIT_CODE = new EventKey<>("exitCode", Integer.class);
    /** Ended attempts: why it failed, when the worker said. */
    public static final EventKey<String> MESSAGE = new EventKey<>("message", String.class);
    /** WORKER_*, TASK_DEADLINE_AT_RISK, RECOVERY_FAILED, PLUGIN_UNLOADED: why it happened. */
    public static final EventKey<String> REASON = new EventKey<>("reason", String.class);
    /** RUN_SUBMITTED and RUN_COMPLETED: how many tasks the run has. */
    public static final EventKey<Integer> TASKS = new EventKey<>("tasks", Integer.class);
    /** RUN_COMPLETED: how many test cases failed or errored (latest attempts). */
    public static final EventKey<Integer> FAILED_TEST_CASES = new EventKey<>("failedTestCases", Integer.class);
    /** RUN_COMPLETED: the finished run as integrations report it. */
    public static final EventKey<RunReport> REPORT = new EventKey<>("report", RunReport.class);
    /** RUN_SUBMITTED: who the run is for. */
    public static final EventKey<String> TENANT = new EventKey<>("tenant", String.class);
    /** TASK_CREATED and the task events that end an attempt: the task's type. */
    public static final EventKey<String> TASK_TYPE = new EventKey<>("type", String.class);
    /** Ended attempts: how long the attempt ran, in milliseconds (0 when it did not run). */
    public static final EventKey<Long> DURATION_MILLIS = new EventKey<>("durationMillis", Long.class);
    /** Ended attempts: how many test cases the attempt reported (0 when none). */
    public static final EventKey<Integer> TEST_CASES = new EventKey<>("testCases", Integer.class);
    /** PLUGIN_LOADED and PLUGIN_UNLOADED: the plugin's name; CUSTOM: the plugin that published it. */
    public static final EventKey<String> PLUGIN = new EventKey<>("plugin", String.class);
    /** PLUGIN_LOADED and PLUGIN_UNLOADED: the plugin's version. */
    public static final EventKey<String> VERSION = new EventKey<>("version", String.class);
    /** CUSTOM: what the event is about, chosen by its publisher ({@code <plugin>.<subject>}), for routing. */
    public static final EventKey<String> TOPIC = new EventKey<>("topic", String.class);

    private EventData() {
    }
}
