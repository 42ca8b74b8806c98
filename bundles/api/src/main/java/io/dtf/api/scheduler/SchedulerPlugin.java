package io.dtf.api.scheduler;

import java.util.List;

/**
 * Decides which queued task runs on which free worker slot. A service with the {@value #PROPERTY}
 * property naming the strategy. Pure and fast: called by the coordinator's dispatch loop, it does
 * no I/O, takes no locks and never blocks. The coordinator checks every assignment (capabilities,
 * free slots, still queued) and ignores those that do not hold.
 */
public interface SchedulerPlugin {
    /** Service property naming the strategy ({@code fifo}, {@code fair-share}, ...). */
    String PROPERTY = "dtf.scheduler";

    List<Assignment> schedule(SchedulingContext context);

    /** Feedback after an attempt ended: usage, duration estimates. */
    default void taskFinished(TaskOutcome outcome) {
    }
}
