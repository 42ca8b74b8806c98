package io.dtf.scheduler.roundrobin.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * Round robin across workers and across runs (see {@link RoundRobinDecision}); each decision
 * starts with the worker and the run after those the previous one served last.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + RoundRobinScheduler.NAME)
public final class RoundRobinScheduler implements SchedulerPlugin {
    static final String NAME = "round-robin";

    /** Written by the dispatcher thread only; volatile so that a new thread after a restart sees it. */
    private volatile Rotation rotation = Rotation.START;
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        if (context.freeSlots().isEmpty()) {
            return List.of();
        }
        RoundRobinDecision decision = new RoundRobinDecision(context, rotation);
        List<Assignment> result = decision.decide();
        rotation = decision.rotation();
        decisions.incrementAndGet();
        assignments.addAndGet(result.size());
        return result;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("decisions", decisions.get());
        counters.put("assignments", assignments.get());
        return counters;
    }
}
