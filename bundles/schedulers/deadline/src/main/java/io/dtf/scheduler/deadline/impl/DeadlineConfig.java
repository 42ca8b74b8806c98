package io.dtf.scheduler.deadline.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DTF Deadline scheduler",
        description = "Earliest deadline first, with a feasibility check from duration estimates "
                + "(etc/io.dtf.scheduler.deadline.cfg).")
@interface DeadlineConfig {

    @AttributeDefinition(name = "Defer infeasible tasks",
            description = "Run tasks that will miss their deadline anyway after those that can still make theirs "
                    + "(and before tasks without a deadline). Off: strict earliest deadline first.")
    boolean deferInfeasible() default false;

    @AttributeDefinition(name = "Look-ahead",
            description = "With deferred infeasible tasks: how many late tasks per requirement class one decision "
                    + "may set aside to reach a feasible one.", min = "1")
    int lookAhead() default 32;
}
