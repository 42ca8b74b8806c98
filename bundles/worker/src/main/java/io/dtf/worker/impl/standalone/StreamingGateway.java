package io.dtf.worker.impl.standalone;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator as the standalone worker's agent sees it: the HTTP gateway, with the rest of an
 * attempt's log sent before its result, so that the coordinator has the whole log when the task ends,
 * and a registration renewed at once when a restarted coordinator no longer knows the worker (rather
 * than after the agent's back-off).
 */
final class StreamingGateway implements WorkerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingGateway.class);

    /** How long the end of a log may hold up a result while the coordinator does not take it. */
    static final Duration FINAL_LOG_WAIT = Duration.ofSeconds(30);

    private final WorkerGateway delegate;
    private final LogStreamer streamer;
    private volatile WorkerInfo registered;

    StreamingGateway(WorkerGateway delegate, LogStreamer streamer) {
        this.delegate = delegate;
        this.streamer = streamer;
    }

    @Override
    public void register(WorkerInfo worker) {
        delegate.register(worker);
        registered = worker;
    }

    @Override
    public PollResult poll(WorkerId worker, int freeSlots, List<TaskAttempt> running, Duration maxWait)
            throws InterruptedException {
        try {
            return delegate.poll(worker, freeSlots, running, maxWait);
        } catch (DtfException e) {
            WorkerInfo info = registered;
            if (e.code() != ErrorCode.NOT_FOUND || info == null || !info.id().equals(worker)) {
                throw e;
            }
            LOG.info("The coordinator does not know worker {} (it restarted?): registering again", worker);
            delegate.register(info);
            return PollResult.EMPTY; // the agent polls again at once
        }
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
