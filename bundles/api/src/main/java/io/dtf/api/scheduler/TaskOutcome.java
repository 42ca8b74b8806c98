package io.dtf.api.scheduler;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;

/** Feedback to a scheduler: an attempt ended. */
public record TaskOutcome(Task task, WorkerId worker, TaskState state, Duration duration) {
}
