package io.dtf.scheduler.roundrobin.impl;

import io.dtf.api.task.RunId;
import io.dtf.api.worker.WorkerId;

/**
 * Where the last decision stopped: the worker and the run served last. The next decision starts
 * with the worker and the run after them.
 *
 * @param worker the worker that got the last task, or {@code null}
 * @param workerIndex its place in that decision's list of free workers, for when it is not free now
 * @param run the run whose task was given last, or {@code null}
 * @param runKey that run's place in the rotation then (the submission number of its oldest task)
 */
record Rotation(WorkerId worker, int workerIndex, RunId run, long runKey) {
    static final Rotation START = new Rotation(null, -1, null, Long.MIN_VALUE);
}
