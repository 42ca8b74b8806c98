package io.dtf.scheduler.fairshare.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fair share between tenants: each free slot goes to the tenant with the lowest charge per unit of
 * weight among those with a queued task the worker can run, and that tenant's oldest such task
 * runs. See {@link FairShareDecision} for what a tenant is charged.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + FairShareScheduler.NAME,
        configurationPid = FairShareScheduler.PID)
@Designate(ocd = FairShareConfig.class)
public final class FairShareScheduler implements SchedulerPlugin {
    static final String NAME = "fair-share";
    static final String PID = "io.dtf.scheduler.fairshare";
    private static final Logger LOG = LoggerFactory.getLogger(FairShareScheduler.class);

    private volatile Weights weights = Weights.EQUAL;
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();
    private final AtomicLong unfilledSlots = new AtomicLong();

    public FairShareScheduler() {
    }

    FairShareScheduler(Weights weights) {
        this.weights = weights;
    }

    @Activate
    @Modified
    void configure(FairShareConfig config) {
        weights = Weights.parse(config.weights(), config.defaultWeight(), problem -> LOG.warn("{}: {}", PID, problem));
        LOG.info("Fair-share weights: {}", weights);
    }

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        FairShareDecision decision = new FairShareDecision(context, weights);
        List<Assignment> result = decision.decide();
        decisions.incrementAndGet();
        assignments.addAndGet(result.size());
        unfilledSlots.addAndGet(decision.unfilledSlots());
        return result;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("decisions", decisions.get());
        counters.put("assignments", assignments.get());
        counters.put("unfilledSlots", unfilledSlots.get());
        return counters;
    }
}
