package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.TaskAttempt;
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
 * Higher priority first, with aging: a task's effective priority is its priority plus the time it
 * has waited divided by {@code agingSeconds}, so that a task of priority {@code p} goes before any
 * task of priority {@code q > p} accepted more than {@code (q - p) * agingSeconds} after it, and
 * nothing waits forever. Preemption, off by default, stops running tasks well below a queued one
 * that finds no slot.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + PriorityScheduler.NAME,
        configurationPid = PriorityScheduler.PID)
@Designate(ocd = PriorityConfig.class)
public final class PriorityScheduler implements SchedulerPlugin {
    static final String NAME = "priority";
    static final String PID = "io.dtf.scheduler.priority";
    private static final Logger LOG = LoggerFactory.getLogger(PriorityScheduler.class);

    private volatile Settings settings;
    private final Preemption preemption = new Preemption();
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();
    private final AtomicLong preemptions = new AtomicLong();
    private final AtomicLong longestWaitSeconds = new AtomicLong();

    public PriorityScheduler() {
        this(Settings.DEFAULT);
    }

    PriorityScheduler(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(PriorityConfig config) {
        settings = Settings.of(config);
        LOG.info("Priority scheduler: {}", settings);
    }

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        PriorityDecision decision = new PriorityDecision(context, new Ranking(context.now(), settings.agingSeconds()));
        List<Assignment> result = decision.assign();
        result.forEach(assignment -> preemption.served(assignment.task()));
        decisions.incrementAndGet();
        assignments.addAndGet(result.size());
        longestWaitSeconds.accumulateAndGet(decision.longestWaitSeconds(), Math::max);
        return result;
    }

    @Override
    public List<TaskAttempt> preempt(SchedulingContext context) {
        Settings current = settings;
        if (!current.preemption()) {
            return List.of();
        }
        List<TaskAttempt> victims = preemption.choose(context, current);
        preemptions.addAndGet(victims.size());
        return victims;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("decisions", decisions.get());
        counters.put("assignments", assignments.get());
        counters.put("preemptions", preemptions.get());
        counters.put("longestWaitSeconds", longestWaitSeconds.get());
        return counters;
    }
}
