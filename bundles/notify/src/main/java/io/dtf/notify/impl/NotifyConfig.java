package io.dtf.notify.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The notification system's configuration (PID {@code io.dtf.notify}); the routing itself is in the routing file. */
@ObjectClassDefinition(name = "DTF notifications",
        description = "Routes DTF's events to notification channels: routing tree, grouping, inhibition, silences, templates.")
public @interface NotifyConfig {
    @AttributeDefinition(name = "Routing file",
            description = "The routing tree (YAML); a relative path is under Karaf's etc. Read again when it changes.")
    String routes() default "dtf-notify.yaml";

    @AttributeDefinition(name = "Template directory",
            description = "Templates that override the built-in ones: <channel type>/<event type or template>.ftl; a"
                    + " relative path is under Karaf's etc.")
    String templates() default "dtf-notify-templates";

    @AttributeDefinition(name = "Data directory",
            description = "Where groups, silences and run states are kept; empty: the bundle's data area.")
    String dataDirectory() default "";

    @AttributeDefinition(name = "Delivery log size", description = "How many recent deliveries dtf:notifications can list.")
    int logSize() default 1000;

    @AttributeDefinition(name = "Tick", description = "How often, in milliseconds, groups are looked at for what is due.")
    long tickMillis() default 1000;

    @AttributeDefinition(name = "Event types",
            description = "The event types the hook receives, separated by commas: those routes can match.")
    String dtf_hook() default NotifyHook.EVENT_TYPES;

    @AttributeDefinition(name = "Calls at once", description = "Events of different runs taken at the same time.")
    int dtf_hook_concurrency() default 4;

    @AttributeDefinition(name = "Time limit", description = "How long taking one event may take.")
    String dtf_hook_timeLimit() default "60s";

    @AttributeDefinition(name = "Attempts", description = "Attempts to take an event (store or disk trouble) before it is parked.")
    int dtf_hook_attempts() default 8;
}
