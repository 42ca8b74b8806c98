package io.dtf.testkit;

import io.dtf.api.task.Task;
import java.time.Instant;

/** A scheduler's warning through {@code SchedulingContext.deadlineAtRisk}: the task will likely finish late. */
public record DeadlineAtRisk(Task task, Instant expectedFinish) {
}
