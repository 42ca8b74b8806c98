package io.dtf.worker.impl.standalone;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator as the standalone worker's agent sees it: the HTTP gateway, with the rest of an
 * attempt's log sent with its result (or before it, when long), so that the coordinator has the whole
 * log when the task ends,
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
    public PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        WorkerReports withLogs = withLogEnds(reports);
        try {
            return delegate.poll(worker, withLogs, freeSlots, running, maxWait);
        } catch (DtfException e) {
            reRegisterIfForgotten(worker, e);
            // the agent polls again at once; the reports go now
            return new PollResult(List.of(), List.of(), delegate.report(worker, withLogs));
        }
    }

    @Override
    public List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        WorkerReports withLogs = withLogEnds(reports);
        try {
            return delegate.report(worker, withLogs);
        } catch (DtfException e) {
            reRegisterIfForgotten(worker, e);
            return delegate.report(worker, withLogs);
        }
    }

    /** Registers again when a restarted coordinator no longer knows the worker; rethrows anything else. */
    private void reRegisterIfForgotten(WorkerId worker, DtfException e) {
        WorkerInfo info = registered;
        if (e.code() != ErrorCode.NOT_FOUND || info == null || !info.id().equals(worker)) {
            throw e;
        }
        LOG.info("The coordinator does not know worker {} (it restarted?): registering again", worker);
        delegate.register(info);
    }

    /** The reports with the rest of each ended attempt's log: inline when short, else sent first. */
    private WorkerReports withLogEnds(WorkerReports reports) {
        if (reports.completed().isEmpty()) {
            return reports;
        }
        List<AttemptResult> completed = new ArrayList<>(reports.completed().size());
        for (AttemptResult ended : reports.completed()) {
            String rest = streamer.finish(ended.attempt(), FINAL_LOG_WAIT);
            completed.add(rest == null ? ended : new AttemptResult(ended.attempt(), ended.result(),
                    ended.logEnd() == null ? rest : ended.logEnd() + rest));
        }
        return new WorkerReports(reports.started(), completed);
    }

    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        delegate.appendLog(worker, attempt, text);
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
