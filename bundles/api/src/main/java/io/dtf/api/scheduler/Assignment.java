package io.dtf.api.scheduler;

import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;

/** A scheduler's decision: run this task on this worker. */
public record Assignment(TaskId task, WorkerId worker) {
}
