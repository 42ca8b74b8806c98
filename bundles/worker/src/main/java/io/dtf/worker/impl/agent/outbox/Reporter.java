package io.dtf.worker.impl.agent.outbox;

import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.worker.impl.agent.AgentLock;
import io.dtf.worker.impl.agent.Backoff;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporter thread: sends what is queued in the outbox while a poll waits (the poll itself took what
 * was queued before it), with the slots free now, so that the answer brings their next tasks: a busy
 * worker's short task costs one request, its end report, while the poll in flight waits on for
 * cancellations. It also wakes when tasks held ahead are due to be handed back.
 */
public final class Reporter {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final WorkerGateway gateway;
    private final WorkerInfo info;
    private final AgentLock lock;
    private final Outbox outbox;
    private final ReportsInDoubt doubt;
    private final Backoff backoff;
    private final BooleanSupplier polling;
    private final BooleanSupplier shortOfWork;
    private final IntSupplier freeSlots;
    private final LongSupplier handBackIfStuck;
    private final Consumer<PollResult> answers;
    /** Batches taken out of the outbox and not yet delivered or put back. Guarded by the lock. */
    private int inFlight;

    /**
     * @param polling whether a poll is in flight; called with the lock held
     * @param shortOfWork whether ends are to be sent at once; called with the lock held
     * @param freeSlots how many new tasks the worker takes now; called with the lock held
     * @param handBackIfStuck hands back tasks held ahead that wait too long; returns the nanoseconds until it
     *     should be called again, or -1 for when the lock is notified. Called with the lock held
     * @param answers what to do with an answer
     */
    public Reporter(WorkerGateway gateway, WorkerInfo info, AgentLock lock, Outbox outbox, ReportsInDoubt doubt,
                    Backoff backoff, BooleanSupplier polling, BooleanSupplier shortOfWork, IntSupplier freeSlots,
                    LongSupplier handBackIfStuck, Consumer<PollResult> answers) {
        this.gateway = gateway;
        this.info = info;
        this.lock = lock;
        this.outbox = outbox;
        this.doubt = doubt;
        this.backoff = backoff;
        this.polling = polling;
        this.shortOfWork = shortOfWork;
        this.freeSlots = freeSlots;
        this.handBackIfStuck = handBackIfStuck;
        this.answers = answers;
    }

    /** Whether a batch of reports is on its way. Called with the lock held. */
    public boolean isSending() {
        return inFlight > 0;
    }

    /** Starts the reporter thread. */
    public void start() {
        Thread thread = new Thread(this::loop, "dtf-worker-report-" + info.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Duration pause = Backoff.MIN;
        while (true) {
            WorkerReports reports;
            int free;
            synchronized (lock) {
                while (!lock.isStopping()) {
                    long check = handBackIfStuck.getAsLong();
                    long due = polling.getAsBoolean() ? outbox.untilDue(shortOfWork) : -1;
                    if (due == 0) {
                        break;
                    }
                    long wait = due < 0 ? check : check < 0 ? due : Math.min(due, check);
                    try {
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.timedWait(lock, wait);
                        } else {
                            lock.wait();
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (lock.isStopping()) {
                    return; // what is left is flushed by whoever stops the worker
                }
                reports = outbox.take();
                free = freeSlots.getAsInt();
                inFlight++;
            }
            boolean delivered;
            try {
                delivered = send(reports, free);
            } finally {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            }
            pause = delivered ? Backoff.MIN : backoff.pause(pause);
        }
    }

    /**
     * Sends reports, taking new tasks for {@code free} slots in the answer; on failure they go back to
     * the outbox. Returns whether they were delivered.
     */
    private boolean send(WorkerReports reports, int free) {
        try {
            PollResult answer = gateway.report(info.id(), reports, free);
            doubt.settled(reports, answer);
            answers.accept(answer);
            return true;
        } catch (RuntimeException | LinkageError e) { // as the poll loop: the reporter thread must not die
            LOG.warn("Worker {}: reporting {} starts and {} ends failed: {}; trying again", info.id(),
                    reports.started().size(), reports.completed().size(), e.toString());
            doubt.unanswered(reports); // the request may have arrived, its answer not
            synchronized (lock) {
                outbox.putBack(reports);
                lock.notifyAll();
            }
            return false;
        }
    }

    /**
     * Sends what is left in the outbox, after what the reporter thread is sending now, until
     * {@code maxWait} has passed: the worker must not unregister before its last results are taken.
     */
    public void flush(Duration maxWait) {
        long end = System.nanoTime() + maxWait.toNanos();
        Duration pause = Backoff.MIN;
        while (true) {
            WorkerReports reports;
            synchronized (lock) {
                long left;
                while (inFlight > 0 && (left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
                    try {
                        lock.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                reports = outbox.take();
            }
            if (reports.isEmpty()) {
                return;
            }
            if (!send(reports, 0)) {
                if (System.nanoTime() - end > 0) {
                    LOG.error("Worker {}: {} reports could not be delivered before it stopped", info.id(),
                            reports.size());
                    return;
                }
                pause = backoff.pause(pause);
            }
        }
    }
}
