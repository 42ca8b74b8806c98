package io.dtf.benchmarks.load;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's gateway that counts its requests and the reports and leases they carry, so that the
 * benchmark can say how well the worker protocol batches: requests per task, tasks per request.
 */
final class CountingGateway implements WorkerGateway {
    /** The line a no-op worker prints when it stops; {@link LoadDriver} adds them up. */
    static final String PREFIX = "worker protocol:";

    private final WorkerGateway delegate;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong reportRequests = new AtomicLong();
    private final AtomicLong leases = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();

    CountingGateway(WorkerGateway delegate) {
        this.delegate = delegate;
    }

    String summary() {
        return PREFIX + " polls=" + polls + " reportRequests=" + reportRequests + " leases=" + leases
                + " reports=" + reports;
    }

    @Override
    public void register(WorkerInfo worker) {
        delegate.register(worker);
    }

    @Override
    public PollResult poll(WorkerId worker, WorkerReports batch, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        polls.incrementAndGet();
        reports.addAndGet(batch.size());
        PollResult answer = delegate.poll(worker, batch, freeSlots, running, maxWait);
        leases.addAndGet(answer.leases().size());
        return answer;
    }

    @Override
    public List<TaskAttempt> report(WorkerId worker, WorkerReports batch) {
        reportRequests.incrementAndGet();
        reports.addAndGet(batch.size());
        return delegate.report(worker, batch);
    }

    @Override
    public PollResult report(WorkerId worker, WorkerReports batch, int freeSlots) {
        reportRequests.incrementAndGet();
        reports.addAndGet(batch.size());
        PollResult answer = delegate.report(worker, batch, freeSlots);
        leases.addAndGet(answer.leases().size());
        return answer;
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
        delegate.unregister(worker);
    }
}
