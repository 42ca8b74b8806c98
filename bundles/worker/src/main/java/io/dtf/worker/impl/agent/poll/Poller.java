package io.dtf.worker.impl.agent.poll;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.worker.impl.agent.AgentLock;
import io.dtf.worker.impl.agent.Backoff;
import io.dtf.worker.impl.agent.outbox.Outbox;
import io.dtf.worker.impl.agent.outbox.ReportsInDoubt;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: registers the worker (again when the coordinator no longer knows it), then long-polls
 * the coordinator with the reports in the outbox, which also renews the leases of what the worker holds,
 * and hands each answer to the agent. Failures are retried with a back-off.
 */
public final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    /** How long a poll waits while a registration waits for the worker to be idle: it looks again that often. */
    private static final Duration REGISTRATION_CHECK = Duration.ofSeconds(1);

    private final WorkerGateway gateway;
    private final AgentLock lock;
    private final Outbox outbox;
    private final ReportsInDoubt doubt;
    private final Backoff backoff;
    private final Duration pollWait;
    private final IntSupplier freeSlots;
    private final Supplier<List<TaskAttempt>> held;
    private final Consumer<PollResult> answers;
    private final BooleanSupplier idle;
    /** What the worker is registered as, or registers as next. */
    private volatile WorkerInfo info;
    /** What the worker registers as once it is idle, if it changed. Guarded by the lock. */
    private WorkerInfo next;
    /** Guarded by the lock. */
    private Thread thread;
    /** Whether a poll is in flight. Guarded by the lock. */
    private boolean inPoll;

    /**
     * @param info what the worker registers as
     * @param freeSlots how many new tasks the worker takes now; called with the lock held
     * @param held the attempts the worker holds now
     * @param answers what to do with an answer
     * @param idle whether the worker holds no attempt and has no report to deliver; called with the lock held
     */
    public Poller(WorkerGateway gateway, WorkerInfo info, AgentLock lock, Outbox outbox, ReportsInDoubt doubt,
                  Backoff backoff, Duration pollWait, IntSupplier freeSlots, Supplier<List<TaskAttempt>> held,
                  Consumer<PollResult> answers, BooleanSupplier idle) {
        this.gateway = gateway;
        this.info = info;
        this.lock = lock;
        this.outbox = outbox;
        this.doubt = doubt;
        this.backoff = backoff;
        this.pollWait = pollWait;
        this.freeSlots = freeSlots;
        this.held = held;
        this.answers = answers;
        this.idle = idle;
    }

    /** What the worker is registered as (or registers as next). */
    public WorkerInfo info() {
        return info;
    }

    /**
     * Registers the worker again as {@code changed} (the task types it runs changed) once it is idle, looked at
     * every {@link #REGISTRATION_CHECK}: the coordinator takes a registration as a restart, and would lose the
     * attempts it holds.
     */
    public void registerAgain(WorkerInfo changed) {
        synchronized (lock) {
            next = changed;
        }
        wake();
    }

    /** Starts the poll thread. */
    public void start(boolean registered) {
        synchronized (lock) {
            thread = new Thread(() -> loop(registered), "dtf-worker-poll-" + info.name());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Whether a poll is in flight, so that the reporter sends what is queued. Called with the lock held. */
    public boolean isPolling() {
        return inPoll;
    }

    /** Interrupts the poll in flight, when the worker stops or starts draining. */
    public void wake() {
        synchronized (lock) {
            if (inPoll && thread != null) {
                inPoll = false;
                thread.interrupt();
            }
        }
    }

    /** Waits for the poll thread to end, once the worker stops and the poll was woken. */
    public void join() {
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(pollWait.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("Worker {}: the poll did not return; going on without it", info.id());
            }
        }
    }

    private void loop(boolean registeredBefore) {
        Duration pause = Backoff.MIN;
        boolean registered = registeredBefore;
        while (!lock.isStopping()) {
            try {
                if (changedWhileIdle()) {
                    registered = false;
                }
                if (!registered) {
                    gateway.register(info);
                    registered = true;
                    LOG.info("Worker {} registered with {} slots", info.id(), info.slots());
                    if (lock.isDraining()) {
                        gateway.draining(info.id());
                    }
                }
                PollResult answer = poll();
                if (answer != null) {
                    answers.accept(answer);
                }
                pause = Backoff.MIN;
            } catch (RuntimeException | LinkageError e) {
                // a LinkageError too: a class the gateway needs may go with a bundle update, and a worker whose
                // poll thread died would hold its tasks without ever polling again
                if (e instanceof DtfException d && d.code() == ErrorCode.NOT_FOUND) {
                    LOG.info("The coordinator does not know worker {}: registering again", info.id());
                    registered = false;
                } else {
                    LOG.warn("Worker {}: {} failed: {}; trying again in {} ms", info.id(),
                            registered ? "poll" : "registration", e.toString(), pause.toMillis());
                }
                pause = backoff.pause(pause);
            }
        }
        LOG.debug("Worker {} stopped polling", info.id());
    }

    /** Whether the worker is to register again as {@link #next}, now that it is idle. */
    private boolean changedWhileIdle() {
        synchronized (lock) {
            if (next == null || !idle.getAsBoolean()) {
                return false;
            }
            info = next;
            next = null;
            return true;
        }
    }

    /**
     * One long poll, with the reports in the outbox; {@code null} when it was woken (interrupted) or
     * the worker stops. Reports the poll does not deliver go back to the outbox.
     */
    private PollResult poll() {
        int free;
        List<TaskAttempt> holding;
        WorkerReports reports;
        Duration wait;
        synchronized (lock) {
            if (lock.isStopping()) {
                return null;
            }
            wait = next == null || pollWait.compareTo(REGISTRATION_CHECK) < 0 ? pollWait : REGISTRATION_CHECK;
            // the slots and the outbox are read together: a slot seen free carries its attempt's result
            free = freeSlots.getAsInt();
            holding = held.get();
            reports = outbox.take();
            inPoll = true;
            lock.notifyAll(); // the reporter sends what is queued from now on
        }
        boolean delivered = false;
        try {
            PollResult answer = gateway.poll(info.id(), reports, free, holding, wait);
            delivered = true;
            doubt.settled(reports, answer);
            return answer;
        } catch (InterruptedException e) {
            return null;
        } finally {
            if (!delivered) {
                doubt.unanswered(reports); // the request may have arrived, its answer not
                synchronized (lock) {
                    outbox.putBack(reports);
                    lock.notifyAll();
                }
            }
            synchronized (lock) {
                inPoll = false;
            }
            // an interrupt meant for the poll that came after it returned is not meant for anything else
            Thread.interrupted();
        }
    }
}
