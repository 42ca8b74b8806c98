package io.dtf.api.worker;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import java.time.Instant;

/**
 * A task given to a worker for one attempt. The worker keeps it by polling before {@code expiresAt};
 * after that the coordinator takes the task back.
 */
public record Lease(TaskAttempt attempt, Task task, Instant expiresAt) {
}
