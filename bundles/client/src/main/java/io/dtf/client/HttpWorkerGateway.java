package io.dtf.client;

import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.http.DtfHttpException;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RetryPolicy;
import io.dtf.http.protocol.WorkerProtocol.LogChunk;
import io.dtf.http.protocol.WorkerProtocol.PollRequest;
import io.dtf.http.protocol.WorkerProtocol.ReportAnswer;
import io.dtf.http.protocol.WorkerProtocol.ReportRequest;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The worker protocol of {@code docs/rest-api.md} over HTTP: what a worker on another machine uses as
 * its {@link WorkerGateway}. The coordinator's answers keep their meaning: a report about an attempt
 * that is no longer current (409) throws {@link io.dtf.api.DtfException} {@link ErrorCode#STALE_ATTEMPT};
 * a poll by a worker the coordinator does not know (after its restart) throws
 * {@link ErrorCode#NOT_FOUND}, on which the worker registers again.
 *
 * <p>Retries: registration and the fenced reports ({@link #report}, which {@code started} and
 * {@code completed} use) are idempotent and retried after any failure without an answer; reports keep
 * trying for {@link #COMPLETED_RETRY_WINDOW} so that a finished result survives a coordinator restart. A poll is
 * not retried here: the worker's poll loop backs off and polls again. A poll can be interrupted.
 */
public final class HttpWorkerGateway implements WorkerGateway, Closeable {
    /** How long a result is offered to a coordinator that does not answer. */
    public static final Duration COMPLETED_RETRY_WINDOW = Duration.ofMinutes(2);
    /** Added to a poll's {@code maxWait} before the answer is given up on. */
    static final Duration POLL_MARGIN = Duration.ofSeconds(15);

    private static final String WORKERS = DtfClient.API + "/workers";

    private final JsonHttpClient http;
    private final boolean owned;
    private final RetryPolicy completedRetry = RetryPolicy.forAtMost(COMPLETED_RETRY_WINDOW, Duration.ofSeconds(5));

    /**
     * A gateway with an HTTP client of its own.
     *
     * @param coordinator the coordinator's base URL ({@code http://host:8181})
     * @param token a token with the {@code worker} role
     * @param maxConnections concurrent requests at most: one poll, plus reports from every slot
     */
    public static HttpWorkerGateway connect(URI coordinator, String token, int maxConnections) {
        return new HttpWorkerGateway(JsonHttpClient.builder(coordinator).token(token).userAgent("dtf-worker/1")
                .maxConnections(Math.max(2, maxConnections)).build(), true);
    }

    /** A gateway over an HTTP client the caller configured and closes. */
    public static HttpWorkerGateway over(JsonHttpClient http) {
        return new HttpWorkerGateway(http, false);
    }

    private HttpWorkerGateway(JsonHttpClient http, boolean owned) {
        this.http = Objects.requireNonNull(http, "http");
        this.owned = owned;
    }

    public URI coordinator() {
        return http.baseUrl();
    }

    @Override
    public void register(WorkerInfo worker) {
        http.post(WORKERS).json(worker).idempotent(true).send();
    }

    @Override
    public PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        PollResult answer = http.post(WORKERS + "/{}/poll", worker.value())
                .json(new PollRequest(freeSlots, List.copyOf(running), maxWait, reports.started(), reports.completed(),
                        reports.returned()))
                .timeout(maxWait.plus(POLL_MARGIN))
                .retry(RetryPolicy.NONE)
                .asInterruptibly(PollResult.class);
        return answer == null ? PollResult.EMPTY : answer;
    }

    /**
     * Reports in one request. The reports are fenced and idempotent, so the request is retried for
     * {@link #COMPLETED_RETRY_WINDOW} after any failure without an answer (a coordinator that restarts).
     */
    @Override
    public List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        return report(worker, reports, 0).refused();
    }

    /**
     * Reports, and takes new tasks for {@code freeSlots} in the answer. Retried as {@link
     * #report(WorkerId, WorkerReports)} is: should an answer with leases be lost, those leases lapse
     * after the lease time-out and their tasks are queued again.
     */
    @Override
    public PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        if (reports.isEmpty() && freeSlots <= 0) {
            return PollResult.EMPTY;
        }
        ReportAnswer answer = http.post(WORKERS + "/{}/reports", worker.value())
                .json(new ReportRequest(reports.started(), reports.completed(), reports.returned(),
                        freeSlots > 0 ? freeSlots : null))
                .idempotent(true).retry(completedRetry).as(ReportAnswer.class);
        return answer == null ? PollResult.EMPTY : new PollResult(answer.leases(), List.of(), answer.refused());
    }

    /** One chunk of the attempt's log. Not idempotent: a chunk whose answer was lost may arrive twice. */
    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        fenced(() -> http.post(WORKERS + "/{}/log", worker.value()).json(new LogChunk(attempt, text, null)));
    }

    /** One chunk of the attempt's log at its offset: idempotent, so retried after any failure without an answer. */
    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
        fenced(() -> http.post(WORKERS + "/{}/log", worker.value()).json(new LogChunk(attempt, text, offset))
                .idempotent(true));
    }

    @Override
    public void draining(WorkerId worker) {
        http.post(WORKERS + "/{}/draining", worker.value()).idempotent(true).send();
    }

    @Override
    public void unregister(WorkerId worker) {
        http.delete(WORKERS + "/{}", worker.value()).send();
    }

    @Override
    public void close() {
        if (owned) {
            http.close();
        }
    }

    /** Sends a report about an attempt; a 409 means the attempt is no longer this worker's. */
    private static void fenced(Supplier<JsonHttpClient.Call> call) {
        try {
            call.get().send();
        } catch (DtfHttpException e) {
            if (e.status() == 409 && e.code() != ErrorCode.STALE_ATTEMPT) {
                throw new DtfHttpException(ErrorCode.STALE_ATTEMPT, e.serverCode(), e.status(), e.title(),
                        e.getMessage(), List.of());
            }
            throw e;
        }
    }
}
