package io.dtf.api.task;

import io.dtf.api.worker.WorkerId;
import java.time.Instant;

/**
 * History of one attempt of a task, kept after the task moved on.
 *
 * @param attempt the attempt
 * @param worker who ran it
 * @param state how it ended ({@code null} while it runs)
 * @param startedAt when it was leased
 * @param finishedAt when it ended, or {@code null}
 * @param exitCode process exit code, or {@code null}
 * @param message reason, e.g. "worker lost" or "timed out after PT10S"
 * @param logPath the attempt's log file
 * @param preempted whether a scheduler stopped it to make room for a more urgent task; such an
 *     attempt spends none of the task's attempts
 */
public record AttemptRecord(TaskAttempt attempt, WorkerId worker, TaskState state, Instant startedAt,
                            Instant finishedAt, Integer exitCode, String message, String logPath, boolean preempted) {

    /** An attempt that was not preempted. */
    public AttemptRecord(TaskAttempt attempt, WorkerId worker, TaskState state, Instant startedAt,
                         Instant finishedAt, Integer exitCode, String message, String logPath) {
        this(attempt, worker, state, startedAt, finishedAt, exitCode, message, logPath, false);
    }
}
