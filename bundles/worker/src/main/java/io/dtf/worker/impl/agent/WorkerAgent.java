package io.dtf.worker.impl.agent;

import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.FileNames;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.worker.impl.agent.AgentLock.State;
import io.dtf.worker.impl.agent.attempt.AttemptRunner;
import io.dtf.worker.impl.agent.attempt.HeldAttempt;
import io.dtf.worker.impl.agent.outbox.Outbox;
import io.dtf.worker.impl.agent.outbox.Reporter;
import io.dtf.worker.impl.agent.outbox.ReportsInDoubt;
import io.dtf.worker.impl.agent.poll.Poller;
import io.dtf.worker.impl.agent.prefetch.Prefetch;
import io.dtf.worker.impl.log.AttemptLog;
import io.dtf.worker.impl.process.ProcessRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers with the coordinator, long-polls it for leases (which also renews the leases of
 * what it runs), runs each attempt on a bounded pool of {@code slots} threads with the executor of the
 * task's type, and reports every attempt's result. Plain Java: embedded in Karaf by the local worker,
 * and the core of the standalone worker.
 *
 * <p>This class is the worker's life (start, drain, stop, shut down) and what it does with the
 * coordinator's answers; the poll thread is a {@link Poller}, the reports wait in an {@link Outbox} sent
 * by a {@link Reporter}, how many tasks are held ahead is the {@link Prefetch}'s decision, and an
 * {@link AttemptRunner} runs each attempt. They share one lock, an {@link AgentLock}.
 */
public final class WorkerAgent {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerAgent.class);

    /** How long stopping waits for the last reports to be taken. */
    private static final Duration FINAL_REPORT_WAIT = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private final WorkerGateway gateway;
    private final WorkerInfo info;
    private final ThreadPoolExecutor pool;
    private final AgentLock lock = new AgentLock();
    private final Backoff backoff = new Backoff();
    /** The attempts held: running, or leased and waiting for a thread. Changed with the lock held. */
    private final Map<TaskAttempt, HeldAttempt> held = new ConcurrentHashMap<>();
    /** Guarded by the lock. */
    private final Outbox outbox = new Outbox();
    private final ReportsInDoubt doubt = new ReportsInDoubt();
    /** Guarded by the lock. */
    private final Prefetch prefetch;
    private final AttemptRunner runner;
    private final Poller poller;
    private final Reporter reporter;

    /**
     * @param gateway the coordinator
     * @param info what the worker registers as; {@code slots} bounds how many attempts run at once
     * @param executors the executor for a task type, or {@code null}; asked for every attempt
     * @param workRoot where attempts without a {@code workdir} get their own folder
     * @param logRoot where attempt logs are written ({@code <runId>/<taskId>-<attempt>.log})
     * @param pollWait how long one long poll may wait
     */
    public WorkerAgent(WorkerGateway gateway, WorkerInfo info, Function<String, TaskExecutor> executors,
                       Path workRoot, Path logRoot, Duration pollWait) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.info = Objects.requireNonNull(info, "info");
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(info.slots(), info.slots(), 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dtf-task-" + info.name() + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.prefetch = new Prefetch(info);
        this.runner = new AttemptRunner(info.id(), executors, workRoot, info.slots(), logRoot, this::queueStarted);
        this.poller = new Poller(gateway, info, lock, outbox, doubt, backoff, pollWait, this::freeSlots,
                () -> List.copyOf(held.keySet()), this::handle,
                this::isIdle);
        this.reporter = new Reporter(gateway, info, lock, outbox, doubt, backoff, poller::isPolling,
                () -> prefetch.shortOfWork(held.values(), System.nanoTime()), this::freeSlots, this::handBackIfStuck,
                this::handle);
    }

    /** A worker id that stays the same across restarts of the same worker on the same host. */
    public static WorkerId workerId(String host, String name) {
        return WorkerId.of(FileNames.segment(host).toLowerCase(Locale.ROOT) + "-"
                + FileNames.segment(name).toLowerCase(Locale.ROOT));
    }

    /** The environment every attempt starts from (default: this process's); the task's {@code env} goes on top. */
    public WorkerAgent environment(Map<String, String> base) {
        runner.environment(base);
        return this;
    }

    /**
     * Follows every attempt's log from its start: {@code follower} gets the attempt and its log and
     * returns the sink its executor writes to (the standalone worker streams the log to the coordinator).
     */
    public WorkerAgent logFollower(BiFunction<TaskAttempt, AttemptLog, LogSink> follower) {
        runner.logFollower(follower);
        return this;
    }

    /**
     * Records the processes of running attempts in {@code records} (taken over before the worker starts), so
     * that its next life ends those a crash left running.
     */
    public WorkerAgent processRecords(ProcessRecords records) {
        runner.processRecords(records);
        return this;
    }

    /** What the worker is registered as. */
    public WorkerInfo info() {
        return poller.info();
    }

    /**
     * The worker now runs these task types (an executor came or went): it registers again with them once it
     * holds no attempt, since the coordinator takes a registration as a restart of the worker.
     */
    public void advertise(Set<String> taskTypes) {
        advertise(poller.info().capabilities().withTaskTypes(taskTypes));
    }

    /**
     * The worker now offers these capabilities (an executor or a browser pool came or went): it registers again with
     * them once it holds no attempt, as {@link #advertise(Set)} does.
     */
    public void advertise(Capabilities capabilities) {
        WorkerInfo now = poller.info();
        if (!now.capabilities().equals(capabilities)) {
            poller.registerAgain(new WorkerInfo(now.id(), now.name(), now.host(), capabilities, now.slots(),
                    now.prefetch()));
        }
    }


    /** The attempts held now: running, or leased and waiting for a thread. */
    public List<TaskAttempt> running() {
        return List.copyOf(held.keySet());
    }

    /** Starts polling for work; the first poll registers the worker. */
    public void start() {
        start(false);
    }

    /**
     * Starts polling for a worker its caller has just registered through the gateway (the standalone worker does,
     * to stop at once when its token is refused): the first poll does not register it again, which the
     * coordinator would take for a restart, ending as lost the attempts it leased the worker in between.
     */
    public void startRegistered() {
        start(true);
    }

    private void start(boolean registered) {
        synchronized (lock) {
            if (lock.state() != State.NEW) {
                throw new IllegalStateException("worker " + info.id() + " was already started");
            }
            lock.state(State.RUNNING);
            poller.start(registered);
            reporter.start();
        }
    }

    /**
     * Stops polling and waits for the attempts it holds to end and be reported. Cancels nothing and
     * does not unregister: leases of attempts still running after this are no longer renewed.
     *
     * @return whether every attempt ended within {@code maxWait}
     */
    public boolean stop(Duration maxWait) throws InterruptedException {
        stopPolling();
        pool.shutdown();
        boolean done = pool.awaitTermination(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        reporter.flush(FINAL_REPORT_WAIT);
        setState(State.STOPPED);
        return done;
    }

    /**
     * Takes no new tasks, tells the coordinator, waits for the running attempts to end (polling on so
     * their leases are renewed and cancellations arrive), then stops and unregisters.
     *
     * @return true when drained and unregistered; false when attempts still run after {@code maxWait}
     *     (the worker stays draining; {@link #shutdown()} ends it)
     */
    public boolean drain(Duration maxWait) throws InterruptedException {
        synchronized (lock) {
            if (lock.state() != State.RUNNING && lock.state() != State.DRAINING) {
                return lock.state() == State.STOPPED;
            }
            lock.state(State.DRAINING);
        }
        try {
            gateway.draining(info.id());
        } catch (RuntimeException e) {
            LOG.warn("Worker {} could not announce that it drains: {}", info.id(), e.toString());
        }
        synchronized (lock) {
            // Tasks that have not started go back at once rather than wait for this worker's slots; only
            // now, once the coordinator knows, so that it does not lease them straight back to this worker.
            handBack(held.values().stream().filter(HeldAttempt::isWaiting).toList());
        }
        poller.wake();
        long end = System.nanoTime() + maxWait.toNanos();
        synchronized (lock) {
            while (!held.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
        }
        stopPolling();
        pool.shutdown();
        pool.awaitTermination(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())), TimeUnit.MILLISECONDS);
        reporter.flush(FINAL_REPORT_WAIT);
        unregister();
        setState(State.STOPPED);
        LOG.info("Worker {} drained and unregistered", info.id());
        return true;
    }

    /**
     * Stops polling, kills every attempt it holds without reporting them, waits a while for them to
     * end, and unregisters: the coordinator then queues those attempts again as lost.
     */
    public void shutdown() {
        List<HeldAttempt> toCancel;
        synchronized (lock) {
            if (lock.state() == State.STOPPED) {
                return;
            }
            lock.state(State.STOPPING);
            toCancel = List.copyOf(held.values());
        }
        toCancel.forEach(HeldAttempt::cancelForShutdown);
        stopPolling();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Worker {}: attempts {} did not end within {}; interrupting them", info.id(), running(),
                        SHUTDOWN_WAIT);
                pool.shutdownNow();
                pool.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reporter.flush(SHUTDOWN_WAIT); // results of attempts that ended before the shutdown still count
        unregister();
        setState(State.STOPPED);
        LOG.info("Worker {} shut down", info.id());
    }

    private void setState(State newState) {
        synchronized (lock) {
            lock.state(newState);
        }
    }

    private void stopPolling() {
        synchronized (lock) {
            if (lock.state() != State.STOPPED) {
                lock.state(State.STOPPING);
            }
        }
        backoff.stop();
        poller.wake();
        poller.join();
    }

    private void unregister() {
        try {
            gateway.unregister(info.id());
        } catch (RuntimeException e) {
            LOG.warn("Worker {} could not unregister: {}", info.id(), e.toString());
        }
    }

    /** How many new tasks the worker takes now: free slots, and places ahead of them. Called with the lock held. */
    private int freeSlots() {
        return lock.state() == State.RUNNING
                ? Math.max(0, info.slots() + prefetch.ahead(held.values(), System.nanoTime()) - held.size()) : 0;
    }

    /** Whether the worker holds no attempt and has no report to deliver. Called with the lock held. */
    private boolean isIdle() {
        return held.isEmpty() && outbox.isEmpty() && !reporter.isSending();
    }

    // ---- the coordinator's answers

    private void handle(PollResult answer) {
        refused(answer.refused());
        for (TaskAttempt attempt : answer.cancel()) {
            HeldAttempt r = held.get(attempt);
            if (r == null) {
                LOG.debug("Worker {}: cancel for {}, which it does not hold", info.id(), attempt);
            } else if (r.cancellation().cancel()) {
                LOG.info("Worker {}: attempt {} cancelled by the coordinator", info.id(), attempt);
            }
        }
        for (Lease lease : answer.leases()) {
            launch(lease);
        }
    }

    /** Attempts the coordinator no longer counts as this worker's: stopped, and their results not reported. */
    private void refused(List<TaskAttempt> attempts) {
        // once each: a start and an end of one attempt may both be refused
        for (TaskAttempt attempt : new LinkedHashSet<>(attempts)) {
            HeldAttempt r = held.get(attempt);
            if (r == null && doubt.wasInDoubt(attempt)) {
                LOG.debug("Worker {}: the coordinator had already taken the report of {} sent again", info.id(),
                        attempt);
            } else if (r == null) {
                LOG.info("Worker {}: the coordinator refused a report of {}: it is no longer ours", info.id(), attempt);
            } else {
                r.markRefused();
                if (r.cancellation().cancel()) {
                    LOG.info("Worker {}: {} is no longer ours; stopping it", info.id(), attempt);
                }
            }
        }
    }

    private void launch(Lease lease) {
        TaskAttempt attempt = lease.attempt();
        HeldAttempt r = new HeldAttempt(lease);
        synchronized (lock) {
            if (held.containsKey(attempt)) {
                LOG.debug("Worker {}: lease for {} again; it already runs", info.id(), attempt);
                return;
            }
            if (held.size() >= info.slots() + info.prefetch()) {
                LOG.warn("Worker {} got more leases than it asked for; {} waits for a slot", info.id(), attempt);
            }
            if (lock.isStopping()) {
                // a lease that came back after shutdown began: not started, and queued again by unregister
                r.cancelForShutdown();
            }
            held.put(attempt, r);
            if (lock.state() == State.DRAINING) {
                handBack(List.of(r)); // a poll sent before the drain brought it: a draining worker takes no new task
                return;
            }
            if (held.size() > info.slots()) {
                lock.notifyAll(); // held ahead: the reporter watches whether it waits too long
            }
            try {
                pool.execute(() -> runAttempt(r));
            } catch (RejectedExecutionException e) {
                held.remove(attempt);
                LOG.warn("Worker {} no longer runs tasks; lease {} not taken", info.id(), attempt);
            }
        }
    }

    // ---- one attempt, on a slot's thread

    private void runAttempt(HeldAttempt r) {
        long began = System.nanoTime();
        synchronized (lock) {
            if (r.isHandedBack()) {
                return; // the coordinator has it again
            }
            r.begin(began);
        }
        TaskResult result = null;
        try {
            result = runner.run(r);
        } finally {
            release(r, result, System.nanoTime() - began);
        }
    }

    /**
     * Frees the attempt's slot and queues its result in one step: the poll that sees the slot free
     * also carries the result, or the reporter already sent it.
     */
    private void release(HeldAttempt r, TaskResult result, long tookNanos) {
        TaskAttempt attempt = r.attempt();
        synchronized (lock) {
            prefetch.ended(tookNanos);
            if (result != null && !r.isRefused()) {
                outbox.ended(new AttemptResult(attempt, result));
            } else if (r.isRefused() && result != null) {
                LOG.info("Worker {}: result {} of {} dropped, the attempt is no longer ours", info.id(),
                        result.status(), attempt);
            }
            held.remove(attempt);
            lock.notifyAll();
        }
    }

    /** Queues a start for the next poll or the reporter. */
    private void queueStarted(TaskAttempt attempt) {
        synchronized (lock) {
            outbox.started(attempt);
            lock.notifyAll();
        }
    }

    // ---- tasks held ahead

    /** Hands back what waits too long behind long attempts; returns when to look again. Called with the lock held. */
    private long handBackIfStuck() {
        Prefetch.HandBack back = prefetch.handBack(held.values(), System.nanoTime());
        handBack(back.attempts());
        return back.nextCheckNanos();
    }

    /** Hands these waiting attempts back to the coordinator. Called with the lock held. */
    private void handBack(List<HeldAttempt> attempts) {
        for (HeldAttempt r : attempts) {
            r.handBack();
            held.remove(r.attempt());
            outbox.returned(r.attempt());
        }
        if (!attempts.isEmpty()) {
            LOG.info("Worker {}: handing back {} tasks held ahead that have not started: {}", info.id(),
                    attempts.size(), attempts.stream().map(HeldAttempt::attempt).toList());
            lock.notifyAll();
        }
    }
}
