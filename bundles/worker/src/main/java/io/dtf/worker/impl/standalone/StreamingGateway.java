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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * The ends of logs the streamer handed over for results the coordinator has not taken yet (""
     * for none): a report that fails is sent again by the agent, and must carry them again.
     */
    private final Map<TaskAttempt, String> undeliveredLogEnds = new ConcurrentHashMap<>();

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
        PollResult answer;
        try {
            answer = delegate.poll(worker, withLogs, freeSlots, running, maxWait);
        } catch (DtfException e) {
            reRegisterIfForgotten(worker, e);
            // the agent polls again at once; the reports go now
            answer = new PollResult(List.of(), List.of(), delegate.report(worker, withLogs));
        }
        delivered(reports);
        return answer;
    }

    @Override
    public List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        return report(worker, reports, 0).refused();
    }

    @Override
    public PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        WorkerReports withLogs = withLogEnds(reports);
        PollResult answer;
        try {
            answer = delegate.report(worker, withLogs, freeSlots);
        } catch (DtfException e) {
            reRegisterIfForgotten(worker, e);
            answer = delegate.report(worker, withLogs, freeSlots);
        }
        delivered(reports);
        return answer;
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
            String rest = undeliveredLogEnds.get(ended.attempt());
            if (rest == null) {
                rest = Objects.requireNonNullElse(streamer.finish(ended.attempt(), FINAL_LOG_WAIT), "");
                undeliveredLogEnds.put(ended.attempt(), rest);
            }
            completed.add(rest.isEmpty() ? ended : new AttemptResult(ended.attempt(), ended.result(),
                    ended.logEnd() == null ? rest : ended.logEnd() + rest));
        }
        return new WorkerReports(reports.started(), completed);
    }

    /** The coordinator answered these reports (taken or refused): their log ends are no longer needed. */
    private void delivered(WorkerReports reports) {
        reports.completed().forEach(ended -> undeliveredLogEnds.remove(ended.attempt()));
    }

    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        delegate.appendLog(worker, attempt, text);
    }

    @Override
    public void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
        delegate.appendLog(worker, attempt, offset, text);
    }

    @Override
    public void draining(WorkerId worker) {
        delegate.draining(worker);
    }

    @Override
    public void unregister(WorkerId worker) {
        streamer.forgetAll();
        undeliveredLogEnds.clear();
        delegate.unregister(worker);
    }
}
