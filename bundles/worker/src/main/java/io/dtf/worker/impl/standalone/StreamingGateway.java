package io.dtf.worker.impl.standalone;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import java.time.Duration;
import java.util.List;

/**
 * The coordinator as the standalone worker's agent sees it: the HTTP gateway, with the rest of an
 * attempt's log sent before its result, so that the coordinator has the whole log when the task ends.
 */
final class StreamingGateway implements WorkerGateway {
    /** How long the end of a log may hold up a result while the coordinator does not take it. */
    static final Duration FINAL_LOG_WAIT = Duration.ofSeconds(30);

    private final WorkerGateway delegate;
    private final LogStreamer streamer;

    StreamingGateway(WorkerGateway delegate, LogStreamer streamer) {
        this.delegate = delegate;
        this.streamer = streamer;
    }

    @Override
    public void register(WorkerInfo worker) {
        delegate.register(worker);
    }

    @Override
    public PollResult poll(WorkerId worker, int freeSlots, List<TaskAttempt> running, Duration maxWait)
            throws InterruptedException {
        return delegate.poll(worker, freeSlots, running, maxWait);
    }

    @Override
    public void started(WorkerId worker, TaskAttempt attempt) {
        delegate.started(worker, attempt);
    }

    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        delegate.appendLog(worker, attempt, text);
    }

    @Override
    public void completed(WorkerId worker, TaskAttempt attempt, TaskResult result) {
        streamer.finish(attempt, FINAL_LOG_WAIT);
        delegate.completed(worker, attempt, result);
    }

    @Override
    public void draining(WorkerId worker) {
        delegate.draining(worker);
    }

    @Override
    public void unregister(WorkerId worker) {
        streamer.forgetAll();
        delegate.unregister(worker);
    }
}
