package io.dtf.api.scheduler;

import io.dtf.api.task.TaskAttempt;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which queued task runs on which free worker slot. A service with the {@value #PROPERTY}
 * property naming the strategy. Pure and fast: called by the coordinator's dispatch loop, it does
 * no I/O, takes no locks of its own that others wait for, and never blocks. The coordinator checks
 * every assignment (capabilities, free slots, still queued) and ignores those that do not hold.
 */
@ConsumerType
public interface SchedulerPlugin {
    /** Service property naming the strategy ({@code fifo}, {@code fair-share}, ...). */
    String PROPERTY = "dtf.scheduler";

    List<Assignment> schedule(SchedulingContext context);

    /**
     * Attempts to stop so that more urgent queued tasks get their slots; they are queued again
     * without counting against their attempts. Called after {@link #schedule} when it left tasks
     * queued; most strategies never preempt.
     */
    default List<TaskAttempt> preempt(SchedulingContext context) {
        return List.of();
    }

    /** Feedback after an attempt ended: usage, duration estimates. */
    default void taskFinished(TaskOutcome outcome) {
    }

    /** Counters to show in {@code dtf:schedulers} (decisions, deadline misses, ...). */
    default Map<String, Long> counters() {
        return Map.of();
    }
}
