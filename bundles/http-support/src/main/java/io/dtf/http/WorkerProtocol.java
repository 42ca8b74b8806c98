package io.dtf.http;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.time.Duration;
import java.util.List;

/**
 * The request bodies of the worker protocol ({@code /api/v1/workers/{id}/...}, the HTTP form of
 * {@link io.dtf.api.worker.WorkerGateway}), defined once for the REST API and its clients.
 */
public final class WorkerProtocol {
    private WorkerProtocol() {
    }

    /** The body of {@code POST /workers/{id}/poll}; {@code freeSlots} is required. */
    public record PollRequest(Integer freeSlots, List<TaskAttempt> running, Duration maxWait) {
    }

    /** The body of {@code POST /workers/{id}/log}. */
    public record LogChunk(TaskAttempt attempt, String text) {
    }

    /** The body of {@code POST /workers/{id}/completed}. */
    public record Completion(TaskAttempt attempt, TaskResult result) {
    }
}
