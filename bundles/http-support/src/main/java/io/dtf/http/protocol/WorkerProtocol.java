package io.dtf.http.protocol;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import java.time.Duration;
import java.util.List;

/**
 * The bodies of the worker protocol ({@code /api/v1/workers/{id}/...}, the HTTP form of
 * {@link io.dtf.api.worker.WorkerGateway}), defined once for the REST API and its clients. The body
 * of {@code POST /workers/{id}/completed} is an {@link AttemptResult}.
 */
public final class WorkerProtocol {
    private WorkerProtocol() {
    }

    /**
     * The body of {@code POST /workers/{id}/poll}; {@code freeSlots} is required. {@code started},
     * {@code completed} and {@code returned} are the worker's reports, taken before the poll waits.
     */
    public record PollRequest(Integer freeSlots, List<TaskAttempt> running, Duration maxWait,
                              List<TaskAttempt> started, List<AttemptResult> completed, List<TaskAttempt> returned) {
    }

    /**
     * The body of {@code POST /workers/{id}/reports}: the worker's reports, and how many new tasks it
     * can take in the answer ({@code freeSlots}, optional, 0 by default).
     */
    public record ReportRequest(List<TaskAttempt> started, List<AttemptResult> completed, List<TaskAttempt> returned,
                                Integer freeSlots) {
    }

    /**
     * The answer to {@code POST /workers/{id}/reports}: the attempts whose reports were refused (no
     * longer current), and the new tasks for the free slots the request named.
     */
    public record ReportAnswer(List<TaskAttempt> refused, List<Lease> leases) {
    }

    /**
     * The body of {@code POST /workers/{id}/log}; {@code offset}, optional, is where {@code text}
     * starts in the attempt's log (bytes of UTF-8): with it a chunk sent twice is kept once.
     */
    public record LogChunk(TaskAttempt attempt, String text, Long offset) {
    }
}
