package io.dtf.api.executor;

import io.dtf.api.task.TaskResult;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs tasks of one type on a worker; a service with the {@value #PROPERTY} property naming the
 * type ({@code command}, {@code junit}, {@code browser}). It never throws for a task that fails:
 * it reports FAILED, ERROR, TIMED_OUT or CANCELLED in the result.
 */
@ConsumerType
public interface TaskExecutor {
    /** Service property naming the task type an executor runs. */
    String PROPERTY = "dtf.task.type";

    TaskResult execute(TaskExecution execution) throws InterruptedException;
}
