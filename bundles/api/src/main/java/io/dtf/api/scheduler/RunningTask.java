package io.dtf.api.scheduler;

import io.dtf.api.task.Task;
import io.dtf.api.worker.WorkerId;
import java.time.Instant;

/**
 * A task on a worker now, for schedulers that weigh load or preempt.
 *
 * @param task the task (state LEASED or RUNNING, with its current attempt)
 * @param worker where it runs
 * @param since when it was leased
 */
public record RunningTask(Task task, WorkerId worker, Instant since) {
}
