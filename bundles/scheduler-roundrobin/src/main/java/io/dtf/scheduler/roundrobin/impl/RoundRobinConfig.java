package io.dtf.scheduler.roundrobin.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DTF round-robin scheduler",
        description = "Rotates across workers and across runs, so that a large run cannot starve a small one "
                + "(etc/io.dtf.scheduler.roundrobin.cfg).")
@interface RoundRobinConfig {

    @AttributeDefinition(name = "Lookahead",
            description = "Queued tasks looked at per requirement class and tenant, from the oldest, to find the "
                    + "runs to take turns. A run whose tasks all lie further back takes its turns once the tasks "
                    + "ahead of it have started.", min = "1")
    int lookahead() default 2000;
}
