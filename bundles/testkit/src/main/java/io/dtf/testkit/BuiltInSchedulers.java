package io.dtf.testkit;

import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;

/** The coordinator's own schedulers, to compare a scheduler with. */
public final class BuiltInSchedulers {
    private BuiltInSchedulers() {
    }

    /** {@code dtf.scheduler=fifo}, the default: the oldest task a free slot can run, in submission order. */
    public static SchedulerPlugin fifo() {
        return new FifoScheduler();
    }
}
