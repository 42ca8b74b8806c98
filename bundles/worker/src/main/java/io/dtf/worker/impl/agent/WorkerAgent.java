package io.dtf.worker.impl.agent;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.FileNames;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.worker.impl.log.AttemptLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers with the coordinator, long-polls it for leases (which also renews the leases of
 * what it runs), runs each attempt on a bounded pool of {@code slots} threads with the executor of the
 * task's type, and reports every attempt's result. Plain Java: embedded in Karaf by the local worker,
 * and the core of the standalone worker.
 */
public final class WorkerAgent {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerAgent.class);

    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * How long a report may wait for company. A task that ends sooner reports its start with its end,
     * one request for both (the coordinator then dates the start from the duration); the ends of tasks
     * held ahead of the slots travel together, while the worker has enough work in hand.
     */
    static final Duration REPORT_DELAY = Duration.ofMillis(20);
    /**
     * A task held ahead of the slots waits at most about this long behind running ones: when the
     * attempts in the slots have all run longer, the worker hands the tasks it holds back to the
     * coordinator, for the first free slot anywhere.
     */
    static final Duration HAND_BACK_AFTER = WorkerInfo.SHORT_TASK.multipliedBy(20);
    /**
     * Short tasks a worker holds per slot at most, and by default: 1,024 slots with 8 each stay within
     * what the coordinator takes (10,000 held).
     */
    public static final int MAX_PREFETCH_PER_SLOT = 8;
    /** How much the newest attempt's duration weighs in the average that decides how many tasks are held ahead. */
    private static final double WEIGHT_OF_NEWEST = 0.2;
    /** Reports in one request at most (the REST API takes 1,000). */
    static final int MAX_REPORTS_PER_REQUEST = 500;
    /** How long stopping waits for the last reports to be taken. */
    private static final Duration FINAL_REPORT_WAIT = Duration.ofSeconds(30);
    /** The deadline of a task without a timeout. */
    private static final Duration NO_TIMEOUT = Duration.ofDays(3650);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private enum State { NEW, RUNNING, DRAINING, STOPPING, STOPPED }

    /** An attempt this worker holds, from its lease until its result is handed to the outbox. */
    private static final class Running {
        final Lease lease;
        final AttemptCancellation cancellation = new AttemptCancellation();
        volatile boolean byShutdown;
        /** The coordinator refused a report of it: it is no longer this worker's, so its result is not reported. */
        volatile boolean refused;
        /** The folder the agent made for it (not the task's own {@code workdir}), once made. */
        Path ownFolder;
        /** When a slot's thread took it ({@link System#nanoTime()}); 0 while it waits. Guarded by the agent's lock. */
        long began;
        /** Handed back to the coordinator before it began: its slot's thread skips it. Guarded by the agent's lock. */
        boolean handedBack;

        Running(Lease lease) {
            this.lease = lease;
        }

        void cancelForShutdown() {
            byShutdown = true;
            cancellation.cancel();
        }
    }

    private final WorkerGateway gateway;
    private final WorkerInfo info;
    private final Function<String, TaskExecutor> executors;
    private final Path workRoot;
    private final Path logRoot;
    private final Duration pollWait;
    private final ThreadPoolExecutor pool;
    private final Map<TaskAttempt, Running> running = new ConcurrentHashMap<>();
    /**
     * Empty attempt folders kept for the next attempts, at most one per slot: an attempt's folder is
     * renamed from one of these rather than created, and handed back when its attempt leaves it empty.
     * Creating a folder allocates an inode, which on ext4 cost the worker more than starting a short
     * process; and empty folders no longer pile up under the work root.
     */
    private final Deque<Path> spareFolders = new ConcurrentLinkedDeque<>();
    private final AtomicLong spareNames = new AtomicLong();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile Map<String, String> environment = System.getenv();
    /** What executors write to: the attempt's log itself, or a sink that also sends it somewhere. */
    private volatile BiFunction<TaskAttempt, AttemptLog, LogSink> logFollower = (attempt, log) -> log;

    /**
     * Guards state, the poll bookkeeping, the running set's changes and the outbox; notified when an
     * attempt ends, a report is queued or a poll begins.
     */
    private final Object lock = new Object();
    private State state = State.NEW;
    private Thread poller;
    private Thread reporter;
    private boolean inPoll;
    /**
     * Reports not yet taken by the coordinator, in order. A poll takes them along; while a poll
     * waits, the reporter thread sends them, so that a report never waits for the poll's answer.
     */
    private final List<TaskAttempt> startedOutbox = new ArrayList<>();
    /** When the oldest start in the outbox was queued ({@link System#nanoTime()}). */
    private long oldestStartQueuedAt;
    private final List<AttemptResult> completedOutbox = new ArrayList<>();
    /** When the oldest end in the outbox was queued ({@link System#nanoTime()}). */
    private long oldestEndQueuedAt;
    /** Leased attempts handed back unstarted, not yet taken by the coordinator. */
    private final List<TaskAttempt> returnedOutbox = new ArrayList<>();
    /** The attempts' average duration in nanoseconds, newest weighing most; NaN before the first ends. */
    private double averageAttemptNanos = Double.NaN;
    /**
     * Attempts whose reports went out in a request that got no answer (a poll cut short because the
     * worker stops or drains, or a failed connection) and are sent again: the coordinator may have
     * taken them the first time, so its refusal of the second copy is expected.
     */
    private final Set<TaskAttempt> maybeTaken = ConcurrentHashMap.newKeySet();
    /** Batches the reporter has taken out of the outbox and not yet delivered or put back. */
    private int reportsInFlight;

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
        this.executors = Objects.requireNonNull(executors, "executors");
        this.workRoot = workRoot.toAbsolutePath();
        this.logRoot = logRoot.toAbsolutePath();
        this.pollWait = pollWait;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(info.slots(), info.slots(), 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dtf-task-" + info.name() + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** A worker id that stays the same across restarts of the same worker on the same host. */
    public static WorkerId workerId(String host, String name) {
        return WorkerId.of(FileNames.segment(host).toLowerCase(Locale.ROOT) + "-"
                + FileNames.segment(name).toLowerCase(Locale.ROOT));
    }

    /** The environment every attempt starts from (default: this process's); the task's {@code env} goes on top. */
    public WorkerAgent environment(Map<String, String> base) {
        this.environment = Map.copyOf(base);
        return this;
    }

    /**
     * Follows every attempt's log from its start: {@code follower} gets the attempt and its log and
     * returns the sink its executor writes to (the standalone worker streams the log to the coordinator).
     */
    public WorkerAgent logFollower(BiFunction<TaskAttempt, AttemptLog, LogSink> follower) {
        this.logFollower = Objects.requireNonNull(follower, "follower");
        return this;
    }

    public WorkerInfo info() {
        return info;
    }

    /** The attempts held now: running, or leased and waiting for a thread. */
    public List<TaskAttempt> running() {
        return List.copyOf(running.keySet());
    }

    /** Starts polling; registration happens on the polling thread and is retried until it succeeds. */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("worker " + info.id() + " was already started");
            }
            state = State.RUNNING;
            poller = new Thread(this::pollLoop, "dtf-worker-poll-" + info.name());
            poller.setDaemon(true);
            poller.start();
            reporter = new Thread(this::reportLoop, "dtf-worker-report-" + info.name());
            reporter.setDaemon(true);
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
        flushReports(FINAL_REPORT_WAIT);
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
            if (state != State.RUNNING && state != State.DRAINING) {
                return state == State.STOPPED;
            }
            state = State.DRAINING;
        }
        try {
            gateway.draining(info.id());
        } catch (RuntimeException e) {
            LOG.warn("Worker {} could not announce that it drains: {}", info.id(), e.toString());
        }
        synchronized (lock) {
            // Tasks that have not started go back at once rather than wait for this worker's slots; only
            // now, once the coordinator knows, so that it does not lease them straight back to this worker.
            handBack(running.values().stream().filter(r -> r.began == 0).toList());
        }
        wakePoller();
        long end = System.nanoTime() + maxWait.toNanos();
        synchronized (lock) {
            while (!running.isEmpty()) {
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
        flushReports(FINAL_REPORT_WAIT);
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
        List<Running> toCancel;
        synchronized (lock) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPING;
            toCancel = List.copyOf(running.values());
        }
        toCancel.forEach(Running::cancelForShutdown);
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
        flushReports(SHUTDOWN_WAIT); // results of attempts that ended before the shutdown still count
        unregister();
        setState(State.STOPPED);
        LOG.info("Worker {} shut down", info.id());
    }

    private void setState(State newState) {
        synchronized (lock) {
            state = newState;
        }
    }

    private boolean isStopping() {
        synchronized (lock) {
            return state == State.STOPPING || state == State.STOPPED;
        }
    }

    private void stopPolling() {
        Thread t;
        synchronized (lock) {
            if (state != State.STOPPED) {
                state = State.STOPPING;
            }
            t = poller;
        }
        stopSignal.countDown();
        wakePoller();
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

    private void unregister() {
        try {
            gateway.unregister(info.id());
        } catch (RuntimeException e) {
            LOG.warn("Worker {} could not unregister: {}", info.id(), e.toString());
        }
    }

    // ---- polling

    private void pollLoop() {
        Duration backoff = MIN_BACKOFF;
        boolean registered = false;
        while (!isStopping()) {
            try {
                if (!registered) {
                    gateway.register(info);
                    registered = true;
                    LOG.info("Worker {} registered with {} slots", info.id(), info.slots());
                    if (isDraining()) {
                        gateway.draining(info.id());
                    }
                }
                PollResult answer = poll();
                if (answer != null) {
                    handle(answer);
                }
                backoff = MIN_BACKOFF;
            } catch (RuntimeException e) {
                if (e instanceof DtfException d && d.code() == ErrorCode.NOT_FOUND) {
                    LOG.info("The coordinator does not know worker {}: registering again", info.id());
                    registered = false;
                } else {
                    LOG.warn("Worker {}: {} failed: {}; trying again in {} ms", info.id(),
                            registered ? "poll" : "registration", e.toString(), backoff.toMillis());
                }
                backoff = pause(backoff);
            }
        }
        LOG.debug("Worker {} stopped polling", info.id());
    }

    private boolean isDraining() {
        synchronized (lock) {
            return state == State.DRAINING;
        }
    }

    /**
     * One long poll, with the reports in the outbox; {@code null} when it was woken (interrupted) or
     * the worker stops. Reports the poll does not deliver go back to the outbox.
     */
    private PollResult poll() {
        int free;
        List<TaskAttempt> held;
        WorkerReports reports;
        synchronized (lock) {
            if (state == State.STOPPING || state == State.STOPPED) {
                return null;
            }
            // the slots and the outbox are read together: a slot seen free carries its attempt's result
            free = state == State.DRAINING ? 0 : Math.max(0, info.slots() + ahead() - running.size());
            held = List.copyOf(running.keySet());
            reports = takeReports();
            inPoll = true;
            lock.notifyAll(); // the reporter sends what is queued from now on
        }
        boolean delivered = false;
        try {
            PollResult answer = gateway.poll(info.id(), reports, free, held, pollWait);
            delivered = true;
            settled(reports, answer);
            return answer;
        } catch (InterruptedException e) {
            return null;
        } finally {
            if (!delivered) {
                attempts(reports).forEach(maybeTaken::add); // the request may have arrived, its answer not
                putBack(reports);
            }
            synchronized (lock) {
                inPoll = false;
            }
            // an interrupt meant for the poll that came after it returned is not meant for anything else
            Thread.interrupted();
        }
    }

    /** Interrupts the poll in flight, when the worker stops or starts draining. */
    private void wakePoller() {
        synchronized (lock) {
            if (inPoll && poller != null) {
                inPoll = false;
                poller.interrupt();
            }
        }
    }

    private Duration pause(Duration backoff) {
        try {
            stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // woken: go on
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private void handle(PollResult answer) {
        refused(answer.refused());
        for (TaskAttempt attempt : answer.cancel()) {
            Running r = running.get(attempt);
            if (r == null) {
                LOG.debug("Worker {}: cancel for {}, which it does not hold", info.id(), attempt);
            } else if (r.cancellation.cancel()) {
                LOG.info("Worker {}: attempt {} cancelled by the coordinator", info.id(), attempt);
            }
        }
        for (Lease lease : answer.leases()) {
            launch(lease);
        }
    }

    private void launch(Lease lease) {
        TaskAttempt attempt = lease.attempt();
        Running r = new Running(lease);
        synchronized (lock) {
            if (running.containsKey(attempt)) {
                LOG.debug("Worker {}: lease for {} again; it already runs", info.id(), attempt);
                return;
            }
            if (running.size() >= info.slots() + info.prefetch()) {
                LOG.warn("Worker {} got more leases than it asked for; {} waits for a slot", info.id(), attempt);
            }
            if (state == State.STOPPING || state == State.STOPPED) {
                // a lease that came back after shutdown began: not started, and queued again by unregister
                r.cancelForShutdown();
            }
            running.put(attempt, r);
            if (state == State.DRAINING) {
                handBack(List.of(r)); // a poll sent before the drain brought it: a draining worker takes no new task
                return;
            }
            if (running.size() > info.slots()) {
                lock.notifyAll(); // held ahead: the reporter watches whether it waits too long
            }
            try {
                pool.execute(() -> runAttempt(r));
            } catch (RejectedExecutionException e) {
                running.remove(attempt);
                LOG.warn("Worker {} no longer runs tasks; lease {} not taken", info.id(), attempt);
            }
        }
    }

    // ---- one attempt

    private void runAttempt(Running r) {
        TaskAttempt attempt = r.lease.attempt();
        long began = System.nanoTime();
        synchronized (lock) {
            if (r.handedBack) {
                return; // the coordinator has it again
            }
            r.began = began;
        }
        TaskResult result = null;
        try {
            result = attempt(r);
        } catch (RuntimeException | Error e) {
            LOG.error("Worker {}: attempt {} failed inside the worker", info.id(), attempt, e);
            result = TaskResult.of(TaskState.ERROR, "the worker failed: " + e);
        } finally {
            recycle(r.ownFolder);
            release(r, result, System.nanoTime() - began);
        }
    }

    /**
     * Frees the attempt's slot and queues its result in one step: the poll that sees the slot free
     * also carries the result, or the reporter already sent it.
     */
    private void release(Running r, TaskResult result, long tookNanos) {
        TaskAttempt attempt = r.lease.attempt();
        synchronized (lock) {
            averageAttemptNanos = Double.isNaN(averageAttemptNanos) ? tookNanos
                    : averageAttemptNanos + WEIGHT_OF_NEWEST * (tookNanos - averageAttemptNanos);
            if (result != null && !r.refused) {
                if (completedOutbox.isEmpty()) {
                    oldestEndQueuedAt = System.nanoTime();
                }
                completedOutbox.add(new AttemptResult(attempt, result));
            } else if (r.refused && result != null) {
                LOG.info("Worker {}: result {} of {} dropped, the attempt is no longer ours", info.id(),
                        result.status(), attempt);
            }
            running.remove(attempt);
            lock.notifyAll();
        }
    }

    // ---- reports

    /** Queues a start for the next poll or the reporter. */
    private void queueStarted(TaskAttempt attempt) {
        synchronized (lock) {
            if (startedOutbox.isEmpty()) {
                oldestStartQueuedAt = System.nanoTime();
            }
            startedOutbox.add(attempt);
            lock.notifyAll();
        }
    }

    /**
     * How many tasks to hold beyond the slots now: none until attempts have ended, then as many as
     * end within {@link WorkerInfo#SHORT_TASK} by their average duration, at most {@link WorkerInfo#prefetch()}.
     * Short tasks then start back to back and their ends and next leases travel in batches; a worker
     * whose tasks take longer holds none ahead, so that long tasks wait for the first free slot
     * anywhere rather than in one worker's line. Called with the lock held.
     */
    private int ahead() {
        return ahead(info.slots() - longRunning(System.nanoTime()));
    }

    /** How many tasks to hold beyond the slots, for this many slots whose attempts are short. */
    private int ahead(int shortSlots) {
        if (info.prefetch() == 0 || Double.isNaN(averageAttemptNanos) || shortSlots <= 0) {
            return 0;
        }
        double perSlot = Math.floor(WorkerInfo.SHORT_TASK.toNanos() / Math.max(1.0, averageAttemptNanos));
        return (int) Math.min(info.prefetch(), perSlot * shortSlots);
    }

    /** The attempts that have run longer than {@link #HAND_BACK_AFTER}. Called with the lock held. */
    private int longRunning(long now) {
        int count = 0;
        for (Running r : running.values()) {
            if (r.began != 0 && now - r.began > HAND_BACK_AFTER.toNanos()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Hands back the tasks held ahead that the slots whose attempts are short cannot take soon: none
     * while every attempt is short; all of them when every slot runs a long one. Returns the
     * nanoseconds until it should look again ({@code -1}: when woken). Called with the lock held.
     */
    private long handBackIfStuck() {
        List<Running> waiting = new ArrayList<>();
        long now = System.nanoTime();
        long firstTurnsLong = Long.MAX_VALUE;
        int longOnes = 0;
        for (Running r : running.values()) {
            if (r.began == 0) {
                waiting.add(r);
            } else if (now - r.began > HAND_BACK_AFTER.toNanos()) {
                longOnes++;
            } else {
                firstTurnsLong = Math.min(firstTurnsLong, r.began + HAND_BACK_AFTER.toNanos() - now);
            }
        }
        if (waiting.isEmpty()) {
            return -1;
        }
        if (longOnes > 0) {
            // those that free slots soon take what they can; the others go back
            int keep = Math.max(0, info.slots() - longOnes) + ahead(info.slots() - longOnes);
            handBack(waiting.subList(Math.min(keep, waiting.size()), waiting.size()));
        }
        return firstTurnsLong == Long.MAX_VALUE ? HAND_BACK_AFTER.toNanos() : Math.max(1_000_000, firstTurnsLong);
    }

    /** Hands these waiting attempts back to the coordinator. Called with the lock held. */
    private void handBack(List<Running> attempts) {
        for (Running r : attempts) {
            r.handedBack = true;
            running.remove(r.lease.attempt());
            returnedOutbox.add(r.lease.attempt());
        }
        if (!attempts.isEmpty()) {
            LOG.info("Worker {}: handing back {} tasks held ahead that have not started: {}", info.id(),
                    attempts.size(), attempts.stream().map(r -> r.lease.attempt()).toList());
            lock.notifyAll();
        }
    }

    /**
     * How long until the reporter should send: 0 now, a positive number of nanoseconds while what is
     * queued may wait for company, or -1 when nothing is queued. An end is sent at once when the worker
     * runs short of work (a slot is idle, or the tasks it holds ahead are down to half), else within
     * {@link #REPORT_DELAY}, as a start is. Called with the lock held.
     */
    private long untilReportDue() {
        if (!returnedOutbox.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        long due = -1;
        if (!completedOutbox.isEmpty()) {
            if (running.size() - info.slots() <= ahead() / 2) {
                return 0;
            }
            due = Math.max(0, REPORT_DELAY.toNanos() - (now - oldestEndQueuedAt));
        }
        if (!startedOutbox.isEmpty()) {
            long startDue = Math.max(0, REPORT_DELAY.toNanos() - (now - oldestStartQueuedAt));
            due = due < 0 ? startDue : Math.min(due, startDue);
        }
        return due;
    }

    /** Takes up to {@link #MAX_REPORTS_PER_REQUEST} reports out of the outbox. Called with the lock held. */
    private WorkerReports takeReports() {
        if (startedOutbox.isEmpty() && completedOutbox.isEmpty() && returnedOutbox.isEmpty()) {
            return WorkerReports.NONE;
        }
        List<TaskAttempt> returned = take(returnedOutbox, MAX_REPORTS_PER_REQUEST);
        List<AttemptResult> ended = take(completedOutbox, MAX_REPORTS_PER_REQUEST - returned.size());
        // a start whose end is in the same batch goes too: the store then records both in one commit
        List<TaskAttempt> started = take(startedOutbox, MAX_REPORTS_PER_REQUEST - returned.size() - ended.size());
        // those left wait no longer than the delay from now
        oldestStartQueuedAt = System.nanoTime();
        oldestEndQueuedAt = oldestStartQueuedAt;
        return new WorkerReports(started, ended, returned);
    }

    private static <T> List<T> take(List<T> outbox, int max) {
        List<T> taken = new ArrayList<>(outbox.subList(0, Math.min(max, outbox.size())));
        outbox.subList(0, taken.size()).clear();
        return taken;
    }

    /** Reports that were not delivered go back to the front of the outbox, to be sent again. */
    private void putBack(WorkerReports reports) {
        if (reports.isEmpty()) {
            return;
        }
        synchronized (lock) {
            // due: they were
            if (startedOutbox.isEmpty()) {
                oldestStartQueuedAt = System.nanoTime() - REPORT_DELAY.toNanos();
            }
            if (completedOutbox.isEmpty()) {
                oldestEndQueuedAt = System.nanoTime() - REPORT_DELAY.toNanos();
            }
            startedOutbox.addAll(0, reports.started());
            completedOutbox.addAll(0, reports.completed());
            returnedOutbox.addAll(0, reports.returned());
            lock.notifyAll();
        }
    }

    /**
     * Sends what is queued while a poll waits (the poll itself took what was queued before it), with
     * the slots free now: the answer brings their next tasks, so a busy worker's short task costs one
     * request, its end report, while the poll in flight waits on for cancellations.
     */
    private void reportLoop() {
        Duration backoff = MIN_BACKOFF;
        while (true) {
            WorkerReports reports;
            int free;
            synchronized (lock) {
                while (state != State.STOPPING && state != State.STOPPED) {
                    long check = handBackIfStuck();
                    long due = inPoll ? untilReportDue() : -1;
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
                if (state == State.STOPPING || state == State.STOPPED) {
                    return; // what is left is flushed by whoever stops the worker
                }
                reports = takeReports();
                free = state == State.RUNNING ? Math.max(0, info.slots() + ahead() - running.size()) : 0;
                reportsInFlight++;
            }
            boolean delivered;
            try {
                delivered = send(reports, free);
            } finally {
                synchronized (lock) {
                    reportsInFlight--;
                    lock.notifyAll();
                }
            }
            backoff = delivered ? MIN_BACKOFF : pause(backoff);
        }
    }

    /**
     * Sends reports, taking new tasks for {@code free} slots in the answer; on failure they go back to
     * the outbox. Returns whether they were delivered.
     */
    private boolean send(WorkerReports reports, int free) {
        try {
            PollResult answer = gateway.report(info.id(), reports, free);
            settled(reports, answer);
            handle(answer);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Worker {}: reporting {} starts and {} ends failed: {}; trying again", info.id(),
                    reports.started().size(), reports.completed().size(), e.toString());
            attempts(reports).forEach(maybeTaken::add); // the request may have arrived, its answer not
            putBack(reports);
            return false;
        }
    }

    /**
     * Sends what is left in the outbox, after what the reporter is sending now, until {@code maxWait}
     * has passed: the worker must not unregister before its last results are taken.
     */
    private void flushReports(Duration maxWait) {
        long end = System.nanoTime() + maxWait.toNanos();
        Duration backoff = MIN_BACKOFF;
        while (true) {
            WorkerReports reports;
            synchronized (lock) {
                long left;
                while (reportsInFlight > 0 && (left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
                    try {
                        lock.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                reports = takeReports();
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
                backoff = pause(backoff);
            }
        }
    }

    /** The attempts a batch of reports is about. */
    private static Stream<TaskAttempt> attempts(WorkerReports reports) {
        return Stream.of(reports.started().stream(),
                reports.completed().stream().map(AttemptResult::attempt), reports.returned().stream())
                .flatMap(s -> s);
    }

    /** Reports delivered and taken are no longer in doubt; those refused are left for {@link #refused}. */
    private void settled(WorkerReports reports, PollResult answer) {
        if (!maybeTaken.isEmpty()) {
            attempts(reports).filter(a -> !answer.refused().contains(a)).forEach(maybeTaken::remove);
        }
    }

    /** Attempts the coordinator no longer counts as this worker's: stopped, and their results not reported. */
    private void refused(List<TaskAttempt> attempts) {
        // once each: a start and an end of one attempt may both be refused
        for (TaskAttempt attempt : new LinkedHashSet<>(attempts)) {
            Running r = running.get(attempt);
            if (r == null && maybeTaken.remove(attempt)) {
                LOG.debug("Worker {}: the coordinator had already taken the report of {} sent again", info.id(),
                        attempt);
            } else if (r == null) {
                LOG.info("Worker {}: the coordinator refused a report of {}: it is no longer ours", info.id(), attempt);
            } else {
                r.refused = true;
                if (r.cancellation.cancel()) {
                    LOG.info("Worker {}: {} is no longer ours; stopping it", info.id(), attempt);
                }
            }
        }
    }

    /** Runs one attempt; {@code null} when there is nothing to report. */
    private TaskResult attempt(Running r) {
        Task task = r.lease.task();
        TaskAttempt attempt = r.lease.attempt();
        if (r.byShutdown) {
            LOG.info("Worker {}: {} not started, the worker shuts down", info.id(), attempt);
            return null;
        }
        Path logFile = attempt.logFile(logRoot);
        Instant begin = Instant.now();
        try (AttemptLog log = new AttemptLog(logFile)) {
            TaskResult result = attempt(r, log, begin);
            if (result == null) {
                return null;
            }
            if (r.byShutdown) {
                // Not the task's fault: reporting nothing lets unregister() hand the attempt back as lost,
                // so the coordinator runs it again without spending one of the task's own attempts.
                LOG.info("Worker {}: {} stopped by shutdown; handed back to the coordinator", info.id(), attempt);
                return null;
            }
            if (result.status() != TaskState.PASSED) {
                // kept in full: an attempt that is retried is no longer the task's latest result, whose tail the
                // coordinator shows when there is no file
                log.file();
            }
            if (log.failure() != null) {
                LOG.warn("Worker {}: the log of {} is incomplete, it could not be written to {}: {}", info.id(),
                        attempt, logFile, log.failure().toString());
            }
            if (result.logPath() != null) {
                return result;
            }
            // a log that stayed in memory is all in the tail: no file to name
            return new TaskResult(result.status(), result.duration().isZero()
                    ? Duration.between(begin, Instant.now()) : result.duration(), result.exitCode(), result.message(),
                    result.testCases(), result.artifacts(), result.metrics(), log.inFile() ? logFile.toString() : null,
                    log.tail());
        }
    }

    private TaskResult attempt(Running r, AttemptLog log, Instant begin) {
        Task task = r.lease.task();
        TaskAttempt attempt = r.lease.attempt();
        log.line("[dtf] " + task.type() + " task " + task.id() + " (" + task.name() + ") attempt " + attempt.attempt()
                + " on worker " + info.id() + " at " + begin);
        if (r.cancellation.isCancelled()) {
            log.line("[dtf] cancelled before it started");
            return TaskResult.of(TaskState.CANCELLED, "cancelled before it started");
        }
        Path workDir;
        try {
            workDir = workDir(r);
        } catch (IOException | RuntimeException e) {
            String message = "cannot prepare the working directory: " + e;
            log.line("[dtf] " + message);
            return TaskResult.of(TaskState.ERROR, message);
        }
        queueStarted(attempt); // reported on the way: the process starts now, a refusal stops it
        Instant deadline = begin.plus(task.timeout() == null || task.timeout().isNegative()
                || task.timeout().isZero() ? NO_TIMEOUT : task.timeout());
        AttemptExecution execution = new AttemptExecution(task, attempt, workDir, environment(task),
                logFollower.apply(attempt, log), log, deadline, r.cancellation);
        return execute(execution, log);
    }

    private TaskResult execute(AttemptExecution execution, AttemptLog log) {
        String type = execution.task().type();
        TaskExecutor executor = executors.apply(type);
        String failure;
        if (executor == null) {
            failure = "no executor for task type " + type + " on this worker";
        } else {
            try {
                TaskResult result = executor.execute(execution);
                if (result != null) {
                    return result;
                }
                failure = "the executor for task type " + type + " returned no result";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                failure = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
                LOG.warn("Worker {}: the {} executor threw for {}", info.id(), type, execution.attempt(), e);
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                trace.toString().lines().forEach(l -> log.line("[dtf] " + l));
            }
        }
        log.line("[dtf] " + failure);
        return TaskResult.of(TaskState.ERROR, failure);
    }

    private Map<String, String> environment(Task task) {
        Map<String, String> env = new HashMap<>(environment);
        if (task.spec().get("env") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> {
                if (v == null) {
                    env.remove(String.valueOf(k));
                } else {
                    env.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        return env;
    }

    private Path workDir(Running r) throws IOException {
        Task task = r.lease.task();
        if (task.spec().get("workdir") instanceof String dir && !dir.isBlank()) {
            return workRoot.resolve(dir);
        }
        r.ownFolder = newFolder(workRoot.resolve(r.lease.attempt().fileName()));
        return r.ownFolder;
    }

    /** An empty folder {@code dir}: a spare one renamed, else a new one. */
    private Path newFolder(Path dir) throws IOException {
        Path spare = spareFolders.pollFirst();
        if (spare != null) {
            // one rename(2): Files.move would look at both paths first, two more calls per attempt
            if (spare.toFile().renameTo(dir.toFile())) {
                return dir;
            }
            // dir is left over from an earlier run with the same ids (handled below), or the spare is gone
            if (Files.isDirectory(spare)) {
                spareFolders.offerFirst(spare);
            }
        }
        try {
            return Files.createDirectory(dir);
        } catch (NoSuchFileException noRoot) {
            return Files.createDirectories(dir);
        } catch (FileAlreadyExistsException leftOver) {
            // left over from an earlier run with the same ids: old reports must not count
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            return Files.createDirectory(dir);
        }
    }

    /** Keeps an attempt's folder as a spare when the attempt left it empty and fewer than a slot's worth are kept. */
    private void recycle(Path folder) {
        if (folder == null || spareFolders.size() >= info.slots()) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            if (entries.iterator().hasNext()) {
                return; // what the task left stays for whoever looks
            }
            // named for this process: spares a stopped worker left behind never collide
            Path spare = workRoot.resolve(".spare-" + ProcessHandle.current().pid() + "-" + spareNames.incrementAndGet());
            if (folder.toFile().renameTo(spare.toFile())) {
                spareFolders.offerLast(spare);
            }
        } catch (IOException e) {
            LOG.debug("Worker {}: folder {} not kept as a spare: {}", info.id(), folder, e.toString());
        }
    }
}
