package io.dtf.coordinator.impl.dispatch;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import io.dtf.coordinator.impl.progress.RunProgress;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which scheduler decides for a queue or a task: the one its run named, else the active one, else
 * FIFO; and a decision that falls back to FIFO when the scheduler fails.
 */
public final class SchedulerChoice {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerChoice.class);

    /** The scheduler of a name, or the active one for {@link SchedulerQueues#ACTIVE}; {@code null} when not installed. */
    private final Function<String, SchedulerPlugin> schedulers;
    private final SchedulerPlugin fallbackScheduler = new FifoScheduler();
    private final RunProgress runs;

    public SchedulerChoice(Function<String, SchedulerPlugin> schedulers, RunProgress runs) {
        this.schedulers = schedulers;
        this.runs = runs;
    }

    /** The scheduler of a queue: the one its runs named, else the active one, else {@code null} (FIFO decides). */
    public SchedulerPlugin named(String name) {
        SchedulerPlugin named = schedulers.apply(name);
        return named != null || name.equals(SchedulerQueues.ACTIVE) ? named : schedulers.apply(SchedulerQueues.ACTIVE);
    }

    /** The scheduler that decides about the task: its run's. Called with the engine's lock held. */
    public SchedulerPlugin of(Task task) {
        return named(runs.schedulerOf(task.runId()));
    }

    /** The scheduler's assignments; FIFO's when there is none or it fails. */
    public List<Assignment> decide(SchedulerPlugin scheduler, SchedulingContext context) {
        if (scheduler != null) {
            try {
                return scheduler.schedule(context);
            } catch (RuntimeException | LinkageError failure) {
                LOG.warn("Scheduler {} failed, using FIFO for this decision: {}", scheduler, failure.toString());
            }
        }
        return fallbackScheduler.schedule(context);
    }
}
