package io.dtf.coordinator.impl.progress;

import io.dtf.api.task.TestRun;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;

/** A run with unfinished tasks. */
final class ActiveRun {
    /** Without its plan text. */
    final TestRun run;
    final String name;
    /** The scheduler the plan asked for, or {@link SchedulerQueues#ACTIVE}. */
    final String scheduler;
    int unfinished;
    /** Its progress as stored, kept as the engine changes it; {@code null} for a run recovered after a restart. */
    final LiveCounts live;
    /** Its attempts' average duration so far in milliseconds, newest weighing most; NaN before the first ends. */
    double averageMillis = Double.NaN;

    ActiveRun(TestRun run, int unfinished, LiveCounts live) {
        this.run = run.withoutPlan();
        this.name = run.name();
        this.scheduler = run.scheduler() == null ? SchedulerQueues.ACTIVE : run.scheduler();
        this.unfinished = unfinished;
        this.live = live;
    }
}
