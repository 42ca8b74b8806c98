package io.dtf.scheduler.priority.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DTF priority scheduler",
        description = "Higher priority first, with aging so that no task starves; preemption on request "
                + "(etc/io.dtf.scheduler.priority.cfg).")
@interface PriorityConfig {

    @AttributeDefinition(name = "Aging (s)",
            description = "Waiting this long raises a task's effective priority by one: a task of priority 0 that "
                    + "waited 10 x agingSeconds goes before a new task of priority 10. 0 turns aging off, and then "
                    + "low priorities may starve.", min = "0")
    int agingSeconds() default 60;

    @AttributeDefinition(name = "Preemption",
            description = "Stop running tasks of much lower effective priority when more urgent queued tasks find "
                    + "no free slot. The stopped attempts are queued again without counting against their attempts.")
    boolean preemption() default false;

    @AttributeDefinition(name = "Preemption margin",
            description = "How much lower a running task's effective priority must be than the queued task's for "
                    + "preemption to stop it.", min = "1")
    int preemptionMargin() default 5;

    @AttributeDefinition(name = "Preemptions per decision",
            description = "The most running tasks that one decision stops.", min = "1")
    int maxPreemptions() default 4;
}
