package io.dtf.coordinator.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DTF Coordinator",
        description = "Queue, leases, retries and dispatch of the DTF coordinator (etc/io.dtf.coordinator.cfg).")
@interface CoordinatorConfig {

    @AttributeDefinition(name = "Scheduler",
            description = "The scheduler for runs that name none: the dtf.scheduler name of an installed SchedulerPlugin. "
                    + "FIFO is used while it is not installed.")
    String scheduler() default "fifo";

    @AttributeDefinition(name = "Public URL",
            description = "The base URL under which people and other systems reach this coordinator (e.g. "
                    + "https://dtf.example.com), for the links to runs in messages and reports "
                    + "(<publicUrl>/api/v1/runs/<id>). Empty: http://<this host's name>:8181.")
    String publicUrl() default "";

    @AttributeDefinition(name = "Lease timeout (s)",
            description = "A worker silent for this long is lost and its tasks are queued again.", min = "2")
    int leaseTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Overdue grace (s)",
            description = "How long past its timeout an attempt may go without a result before the coordinator "
                    + "ends it as TIMED_OUT itself.", min = "1")
    int overdueGraceSeconds() default 30;

    @AttributeDefinition(name = "Lost attempt allowance",
            description = "Extra attempts, beyond a task's maxAttempts, for attempts lost with their worker or the "
                    + "coordinator.", min = "0")
    int lostAttemptAllowance() default 2;

    @AttributeDefinition(name = "Default task timeout",
            description = "Timeout of tasks whose plan sets none: 30m, 90s, 2h or ISO-8601 (PT30M).")
    String defaultTimeout() default "30m";

    @AttributeDefinition(name = "Default max attempts",
            description = "How often a task is attempted when its plan does not say (1 = no retry).", min = "1")
    int defaultMaxAttempts() default 1;

    @AttributeDefinition(name = "Task types",
            description = "Task types plans may use besides those installed in this Karaf (command, and e.g. junit "
                    + "with its plugin, which checks the keys of its tasks): types only remote workers run, whose "
                    + "keys are passed to the workers as written.")
    String[] taskTypes() default {"command"};

    @AttributeDefinition(name = "Hook queue capacity",
            description = "Events that may wait for one hook before further ones are dropped.", min = "1")
    int hookQueueCapacity() default 10000;

    @AttributeDefinition(name = "Hook time limit (ms)",
            description = "A hook that takes longer than this on one event is interrupted.", min = "1")
    int hookTimeLimitMillis() default 10000;

    @AttributeDefinition(name = "Event retention (h)",
            description = "How long the store keeps events that every durable hook has received; parked events "
                    + "stay until sent again.", min = "1")
    int eventRetentionHours() default 168;

    @AttributeDefinition(name = "Failed tests per RUN_COMPLETED",
            description = "How many failed tests a RUN_COMPLETED event lists at most (the rest are counted).",
            min = "0", max = "1000")
    int eventFailedTestsLimit() default 50;

    @AttributeDefinition(name = "Plugin update grace (s)",
            description = "How long events are kept for a hook whose plugin went away, for its new version to "
                    + "receive them after an update.", min = "0")
    int pluginUpdateGraceSeconds() default 30;

    @AttributeDefinition(name = "Plugin failure limit",
            description = "Consecutive failures or time-outs of a hook after which its plugin is disabled.", min = "1")
    int pluginFailureLimit() default 20;

    @AttributeDefinition(name = "Usage half-life (min)",
            description = "Half-life of the tenants' recorded slot usage, for fair-share scheduling.", min = "1")
    int usageHalfLifeMinutes() default 60;

    @AttributeDefinition(name = "Refuse tasks no probed browser can run",
            description = "A task that needs a browser, WebGPU or WebNN that the probed browser pools of the connected "
                    + "workers (those meeting its other requirements) do not have is refused at submission, naming what "
                    + "is missing (DTF-1016). False: it waits for a worker that has it. A task waits either way while "
                    + "no connected worker with browsers meets its other requirements.")
    boolean refuseMissingBrowserCapabilities() default true;

    @AttributeDefinition(name = "Default duration estimate (s)",
            description = "Expected duration of tasks with no history, for schedulers.", min = "1")
    int defaultEstimateSeconds() default 60;
}
