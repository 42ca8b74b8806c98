package io.dtf.ci.reports.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What the CI reporting hook does; every key has a default, so that it works without a configuration file. */
@ObjectClassDefinition(name = "DTF CI reports",
        description = "Reports runs that carry a CI context to their CI system through its provider bundle.")
public @interface ReportsConfig {
    @AttributeDefinition(name = "Report the start",
            description = "Create the test run (check run) and set a pending status when a run is submitted, not only when it ends.")
    boolean reportStart() default true;

    @AttributeDefinition(name = "Status and comment prefix",
            description = "Commit statuses are named '<prefix>/<run name>' and pull request comments keyed '<prefix>-<run name>': one per run name.")
    String prefix() default "dtf";

    @AttributeDefinition(name = "Failed tests per report",
            description = "How many failed tests a report reads from the store at most; the rest are counted. Providers trim further to their own limits.")
    int failedTestsLimit() default 10_000;

    @AttributeDefinition(name = "Comment size",
            description = "The longest pull request comment, in characters (GitHub allows 65,536).")
    int commentLimit() default 60_000;

    @AttributeDefinition(name = "Reports kept for dtf:ci", description = "How many recent reports dtf:ci can list.")
    int recentReports() default 200;

    @AttributeDefinition(name = "Calls at once", description = "Reports of different runs made at the same time.")
    int dtf_hook_concurrency() default 8;

    @AttributeDefinition(name = "Time limit of one report",
            description = "A report (all its calls, with the CI system's rate limits) taking longer is abandoned and retried.")
    String dtf_hook_timeLimit() default "15m";

    @AttributeDefinition(name = "Attempts",
            description = "Attempts of a report before it is parked (backoff doubles from 1 s to 5 min: 14 attempts are about 35 minutes).")
    int dtf_hook_attempts() default 14;
}
