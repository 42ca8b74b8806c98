package io.dtf.api.worker;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.util.Objects;

/**
 * An attempt that ended, as its worker reports it.
 *
 * @param attempt the attempt
 * @param result its result (any terminal status)
 * @param logEnd the end of the attempt's log that the worker has not sent with
 *     {@link WorkerGateway#appendLog} yet, or {@code null}: a short task's whole log travels with its
 *     result instead of in a request of its own
 */
public record AttemptResult(TaskAttempt attempt, TaskResult result, String logEnd) {
    public AttemptResult {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(result, "result");
    }

    public AttemptResult(TaskAttempt attempt, TaskResult result) {
        this(attempt, result, null);
    }
}
