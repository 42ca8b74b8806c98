package io.dtf.scheduler.fairshare.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DTF fair-share scheduler",
        description = "Gives each free slot to the tenant furthest below its weighted share of slot-time "
                + "(etc/io.dtf.scheduler.fairshare.cfg). The usage half-life is the coordinator's usageHalfLifeMinutes.")
@interface FairShareConfig {

    @AttributeDefinition(name = "Weights",
            description = "tenant=weight pairs, separated by commas (web-team=2, data=1). A tenant with weight 2 gets "
                    + "twice the slot-time of a tenant with weight 1 when both have work queued.")
    String[] weights() default {};

    @AttributeDefinition(name = "Default weight", description = "Weight of the tenants that weights does not name; "
            + "greater than 0.")
    double defaultWeight() default 1.0;
}
