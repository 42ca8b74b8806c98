package io.dtf.coordinator.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.store.TaskStore;
import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.coordinator.impl.scheduling.DurationHistory;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;
import io.dtf.coordinator.impl.scheduling.PendingIndex;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;
import io.dtf.coordinator.impl.scheduling.SchedulingSnapshot;
import io.dtf.coordinator.impl.scheduling.TenantUsageTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.HashSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the coordinator: the queue, the workers and their leases, dispatch, retries,
 * time-outs and recovery. One lock guards the in-memory state; every state change is first a
 * fenced transition in the {@link TaskStore}, and only a transition that applied changes memory,
 * so the store stays the truth that {@link #recover()} rebuilds from after a crash.
 *
 * <p>One dispatcher thread runs the scheduler whenever work or capacity appears, and does the
 * housekeeping (lost workers, expired leases, overdue attempts) once a second.
 */
final class TaskEngine implements WorkerGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);
    private static final Set<TaskState> UNFINISHED = EnumSet.of(TaskState.QUEUED, TaskState.LEASED, TaskState.RUNNING);
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(1);
    private static final Duration FORGET_LOST_WORKERS_AFTER = Duration.ofHours(1);
    /**
     * How long a report that frees slots waits for the dispatch pass that decides about them; a pass
     * takes well under a millisecond unless the store is slow, and then the poll in flight takes the
     * leases instead.
     */
    private static final Duration REPORT_LEASE_WAIT = Duration.ofMillis(200);
    /** How many of the latest passed attempts of a task key its estimate starts from. */
    private static final int DURATION_HISTORY_PER_KEY = 20;

    /**
     * @param leaseTimeout how long a worker may stay silent before its leases expire
     * @param overdueGrace how long past its timeout an attempt may go without a result before the
     *     coordinator ends it as TIMED_OUT itself
     * @param lostAttemptAllowance extra attempts granted on top of maxAttempts for attempts lost with
     *     their worker or the coordinator (infrastructure, not test, failures)
     */
    record Settings(Duration leaseTimeout, Duration overdueGrace, int lostAttemptAllowance, Duration usageHalfLife,
                    Duration defaultEstimate, Path logRoot) {
    }

    /** A task on a worker: leased (maybe not yet handed over) or running. */
    private static final class OnWorker {
        /** Written under the engine's lock; read without it by appendLog. */
        volatile Task task;
        final WorkerId worker;
        final Instant leasedAt;
        Instant expiresAt;
        Instant startedAt;
        /** Held since before a coordinator restart: kept only if its worker lists it at its first poll. */
        boolean recovered;

        OnWorker(Task task, WorkerId worker, Instant leasedAt, Instant expiresAt) {
            this.task = task;
            this.worker = worker;
            this.leasedAt = leasedAt;
            this.expiresAt = expiresAt;
        }

        TaskAttempt attempt() {
            return new TaskAttempt(task.id(), task.attempt());
        }
    }

    /** A run with unfinished tasks. */
    private static final class ActiveRun {
        /** Without its plan text. */
        final TestRun run;
        final String name;
        /** The scheduler the plan asked for, or {@link SchedulerQueues#ACTIVE}. */
        final String scheduler;
        int unfinished;
        /** Its progress as stored, kept as the engine changes it; {@code null} for a run recovered after a restart. */
        final LiveCounts live;
        /** Its attempts' average duration so far in milliseconds, newest weighing most; NaN before the first ends. */
        double averageMillis = Double.NaN;

        ActiveRun(TestRun run, int unfinished, LiveCounts live) {
            this.run = new TestRun(run.id(), run.name(), run.labels(), run.tenant(), run.scheduler(),
                    run.submittedAt(), null);
            this.name = run.name();
            this.scheduler = run.scheduler() == null ? SchedulerQueues.ACTIVE : run.scheduler();
            this.unfinished = unfinished;
            this.live = live;
        }
    }

    /**
     * A run's tasks per state and the test cases of their latest results, kept by the engine as it
     * changes them: so that following a large run's progress costs no query over its tasks (a
     * 10,000-task run's summary query took ~100 ms of CPU under load). It is the store's view, except
     * that a start reported alone counts at once while the store gets it with its next commit.
     */
    private static final class LiveCounts {
        final int[] byState = new int[TaskState.values().length];
        /** Test cases and failed ones of each task's latest result, for the tasks that reported some. */
        final Map<TaskId, int[]> testCases = new HashMap<>();
        int totalTestCases;
        int failedTestCases;

        void move(TaskState from, TaskState to) {
            byState[from.ordinal()]--;
            byState[to.ordinal()]++;
        }

        /** The task's latest result is now {@code result}: its test cases replace those of the one before. */
        void latestResult(TaskId task, TaskResult result) {
            int[] before = testCases.remove(task);
            if (before != null) {
                totalTestCases -= before[0];
                failedTestCases -= before[1];
            }
            int total = result.testCases().size();
            if (total > 0) {
                int failed = (int) result.testCases().stream().filter(c -> c.status().isFailure()).count();
                testCases.put(task, new int[] {total, failed});
                totalTestCases += total;
                failedTestCases += failed;
            }
        }

        RunSummary summary(TestRun run) {
            Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
            for (TaskState state : TaskState.values()) {
                if (byState[state.ordinal()] != 0) {
                    counts.put(state, byState[state.ordinal()]);
                }
            }
            TaskCounts taskCounts = new TaskCounts(counts);
            return new RunSummary(run, taskCounts.runState(), taskCounts, null, totalTestCases, failedTestCases);
        }
    }

    private final TaskStore store;
    private final EventBus events;
    /** The scheduler of a name, or the active one for {@link SchedulerQueues#ACTIVE}; {@code null} when not installed. */
    private final Function<String, SchedulerPlugin> schedulers;
    private final SchedulerPlugin fallbackScheduler = new FifoScheduler();
    private final Clock clock;
    private final Settings settings;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition dispatchSignal = lock.newCondition();
    private boolean dispatchRequested;
    /** Signalled at the end of every dispatch pass, for reports waiting for the decision about their slots. */
    private final Condition dispatchPassed = lock.newCondition();
    /** Dispatch passes ended so far. */
    private long dispatchPasses;
    private final SchedulerQueues pending = new SchedulerQueues();
    private final Map<WorkerId, WorkerSlot> workers = new LinkedHashMap<>();
    /** Concurrent: appendLog reads it without the engine's lock; every change happens under the lock. */
    private final Map<TaskId, OnWorker> onWorkers = new ConcurrentHashMap<>();
    private final Map<RunId, ActiveRun> activeRuns = new HashMap<>();
    private final TenantUsageTracker usage;
    private final DurationHistory durations;
    private final LogFiles logs;
    private final Set<TaskId> deadlineWarned = new HashSet<>();
    /** Starts taken but not yet written (see {@link #report}); guarded by itself. */
    private final List<Transition> deferredStarts = new ArrayList<>();

    private volatile boolean running;
    private Thread dispatcher;

    TaskEngine(TaskStore store, EventBus events, Function<String, SchedulerPlugin> schedulers, Clock clock,
               Settings settings) {
        this.store = store;
        this.events = events;
        this.schedulers = schedulers;
        this.clock = clock;
        this.settings = settings;
        this.usage = new TenantUsageTracker(settings.usageHalfLife());
        this.durations = new DurationHistory(settings.defaultEstimate(), this::durationKey);
        this.logs = new LogFiles(settings.logRoot());
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Rebuilds the queue from the store: queued tasks wait again; attempts that were leased or
     * running when the coordinator stopped are ended as lost and queued again.
     */
    void recover() {
        publish(HookType.RECOVERY_STARTED, null, null, null, Severity.INFO, Map.of());
        Map<String, Duration> history = store.durationHistory(DURATION_HISTORY_PER_KEY);
        List<Task> unfinished = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<Task> page = store.tasks(new TaskQuery(null, UNFINISHED, null, new Page(offset, Page.MAX_LIMIT)));
            unfinished.addAll(page);
            if (page.size() < Page.MAX_LIMIT) {
                break;
            }
        }
        int awaitingWorker = 0;
        lock.lock();
        try {
            durations.seed(history);
            Instant now = clock.instant();
            for (Task task : unfinished) {
                ActiveRun run = activeRuns.get(task.runId());
                if (run == null) {
                    TestRun stored = store.run(task.runId()).orElseGet(() -> new TestRun(task.runId(),
                            task.runId().value(), null, task.tenant(), null, now, ""));
                    run = new ActiveRun(stored, 0, null);
                    activeRuns.put(task.runId(), run);
                }
                run.unfinished++;
                if (task.state() == TaskState.QUEUED) {
                    enqueue(task);
                } else {
                    // Its worker may still run it: it keeps the attempt if it comes back within the lease
                    // time-out and says so at its first poll; otherwise the attempt is lost and runs again.
                    OnWorker held = new OnWorker(task, task.worker(), now, now.plus(settings.leaseTimeout()));
                    held.startedAt = task.startedAt();
                    held.recovered = true;
                    onWorkers.put(task.id(), held);
                    usage.onWorker(task.id(), task.tenant(), now);
                    awaitingWorker++;
                }
            }
            requestDispatch();
        } finally {
            lock.unlock();
        }
        LOG.info("Recovered {} unfinished tasks of {} runs; {} attempts wait for their workers to come back",
                unfinished.size(), activeRuns.size(), awaitingWorker);
        publish(HookType.RECOVERY_COMPLETED, null, null, null, Severity.INFO,
                Map.of("tasks", unfinished.size(), "runs", activeRuns.size(), "awaitingWorker", awaitingWorker));
    }

    void start() {
        running = true;
        dispatcher = new Thread(this::dispatchLoop, "dtf-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            dispatchSignal.signalAll();
            workers.values().forEach(worker -> worker.wakeup.signalAll());
        } finally {
            lock.unlock();
        }
        if (dispatcher != null) {
            dispatcher.interrupt();
            try {
                dispatcher.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            writeAfterDeferredStarts(List.of());
        } catch (RuntimeException failure) {
            LOG.warn("Starts of {} attempts could not be written at shutdown: {}", deferredStarts.size(),
                    failure.toString());
        }
    }

    // ---------------------------------------------------------------- submission and cancellation

    /** Queues the tasks of a run the store has just accepted. */
    void accept(TestRun run, List<Task> tasks) {
        lock.lock();
        try {
            LiveCounts live = new LiveCounts();
            live.byState[TaskState.QUEUED.ordinal()] = tasks.size();
            activeRuns.put(run.id(), new ActiveRun(run, tasks.size(), live));
            tasks.forEach(this::enqueue);
            requestDispatch();
        } finally {
            lock.unlock();
        }
        publish(HookType.RUN_SUBMITTED, run.id(), null, null, Severity.INFO,
                Map.of("name", run.name(), "tenant", run.tenant(), "tasks", tasks.size()));
        for (Task task : tasks) {
            publish(HookType.TASK_CREATED, run.id(), task.id(), null, Severity.INFO,
                    Map.of("name", task.name(), "type", task.type()));
        }
    }

    /** Cancels the unfinished tasks among {@code ids}; returns how many were cancelled. */
    int cancel(List<TaskId> ids, String reason) {
        List<RunId> completedRuns = new ArrayList<>();
        int cancelled = 0;
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Task> targets = new ArrayList<>();
            for (TaskId id : ids) {
                Task queued = pending.get(id);
                OnWorker onWorker = onWorkers.get(id);
                if (queued != null) {
                    targets.add(queued);
                } else if (onWorker != null) {
                    targets.add(onWorker.task);
                }
            }
            List<Transition> transitions = targets.stream().map(task -> Transition.cancel(task, reason, now)).toList();
            boolean[] applied = store.transitionAll(transitions);
            for (int i = 0; i < applied.length; i++) {
                if (!applied[i]) {
                    continue;
                }
                Task task = targets.get(i);
                cancelled++;
                counted(task, TaskState.CANCELLED, transitions.get(i).result());
                if (pending.remove(task.id()) == null) {
                    takeBack(onWorkers.get(task.id()), true);
                }
                publish(HookType.TASK_CANCELLED, task.runId(), task.id(), null, Severity.INFO,
                        Map.of("name", task.name(), "reason", reason));
                finishedInRun(task, completedRuns);
            }
            requestDispatch();
        } finally {
            lock.unlock();
        }
        publishRunsCompleted(completedRuns);
        return cancelled;
    }

    // ---------------------------------------------------------------- the worker gateway

    @Override
    public void register(WorkerInfo info) {
        boolean recovered;
        lock.lock();
        try {
            Instant now = clock.instant();
            WorkerSlot previous = workers.get(info.id());
            recovered = previous != null;
            if (previous != null) {
                // A worker that registers again runs nothing from before: what it held is lost.
                loseAttemptsOf(previous, "worker " + info.id() + " restarted", now);
                previous.wakeup.signalAll();
            }
            WorkerSlot slot = new WorkerSlot(info, now, lock.newCondition());
            workers.put(info.id(), slot);
            for (OnWorker held : onWorkers.values()) {
                if (held.recovered && held.worker.equals(info.id())) {
                    slot.held.add(held.task.id()); // from before a coordinator restart: its first poll decides
                }
            }
            requestDispatch();
        } finally {
            lock.unlock();
        }
        LOG.info("Worker {} ({}, {} slots) registered", info.id(), info.name(), info.slots());
        publish(recovered ? HookType.WORKER_RECOVERED : HookType.WORKER_REGISTERED, null, null, info.id(),
                Severity.INFO, Map.of("name", info.name(), "slots", info.slots()));
    }

    @Override
    public PollResult poll(WorkerId id, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        List<TaskAttempt> refused = reports.isEmpty() ? List.of() : report(id, reports);
        lock.lock();
        try {
            WorkerSlot worker = registered(id);
            Instant now = clock.instant();
            worker.lastSeen = now;
            if (worker.lost) {
                worker.lost = false;
                publish(HookType.WORKER_RECOVERED, null, null, id, Severity.INFO, Map.of());
            }
            worker.reportedFree = freeSlots;
            worker.cancelling.retainAll(running);
            settleRecovered(worker, running, now);
            for (TaskAttempt attempt : running) {
                OnWorker onWorker = onWorkers.get(attempt.task());
                if (onWorker != null && onWorker.worker.equals(id) && onWorker.task.attempt() == attempt.attempt()) {
                    onWorker.expiresAt = now.plus(settings.leaseTimeout());
                } else if (!worker.cancel.contains(attempt) && !worker.cancelling.contains(attempt)) {
                    worker.cancel.add(attempt); // no longer its own: lost, cancelled or timed out meanwhile
                }
            }
            if (worker.capacityAhead() > 0) {
                requestDispatch();
            }
            // A poll must come back well within the lease time-out, or the leases it renews would lapse.
            long waitNanos = Math.min(maxWait.toNanos(), settings.leaseTimeout().toNanos() / 2);
            worker.polling++;
            boolean interrupted = false;
            try {
                // a report waiting for the leases of the slots it freed answers with them instead
                while (running() && (worker.mailbox.isEmpty() || worker.reportsWaiting > 0) && worker.cancel.isEmpty()
                        && waitNanos > 0 && workers.get(id) == worker) {
                    waitNanos = worker.wakeup.awaitNanos(waitNanos);
                }
            } catch (InterruptedException e) {
                // The reports were taken: answer with what became of them, so that they are not sent
                // again; new leases stay for the next poll (or go back if the worker leaves).
                interrupted = true;
                Thread.currentThread().interrupt();
            } finally {
                worker.polling--;
            }
            now = clock.instant();
            worker.lastSeen = now;
            List<Lease> leases = interrupted ? List.of() : handOver(worker, now);
            List<TaskAttempt> cancel = new ArrayList<>(worker.cancel);
            worker.cancel.clear();
            return new PollResult(leases, cancel, refused);
        } finally {
            lock.unlock();
        }
    }

    /** Empties the worker's mailbox into leases that run from now. Called with the lock held. */
    private List<Lease> handOver(WorkerSlot worker, Instant now) {
        List<Lease> leases = new ArrayList<>(worker.mailbox.size());
        for (Lease lease : worker.mailbox) {
            OnWorker onWorker = onWorkers.get(lease.attempt().task());
            onWorker.expiresAt = now.plus(settings.leaseTimeout());
            leases.add(new Lease(lease.attempt(), lease.task(), onWorker.expiresAt));
        }
        worker.mailbox.clear();
        worker.reportedFree -= leases.size();
        return leases;
    }

    /**
     * At a worker's first poll after a coordinator restart: the attempts it held then and still runs
     * are its own again; those it no longer runs are lost and queued again.
     */
    private void settleRecovered(WorkerSlot worker, List<TaskAttempt> running, Instant now) {
        List<RunId> completedRuns = new ArrayList<>();
        for (TaskId id : List.copyOf(worker.held)) {
            OnWorker held = onWorkers.get(id);
            if (held == null || !held.recovered) {
                continue;
            }
            held.recovered = false;
            if (!running.contains(held.attempt())) {
                loseAttempt(held, "worker " + worker.info.id() + " no longer ran it after the coordinator restarted",
                        now, completedRuns);
            }
        }
        publishRunsCompleted(completedRuns);
    }

    /** A reported end that its worker owned when it arrived, on its way to the store. */
    private record Finish(Task task, TaskAttempt attempt, TaskResult result, boolean retry) {
    }

    /**
     * Takes the reports as {@link #report(WorkerId, WorkerReports)} does, then, when the worker can take
     * new tasks, waits for the dispatch pass that decides about its slots (not for new work) and
     * answers with what that pass leased to it.
     */
    @Override
    public PollResult report(WorkerId id, WorkerReports reports, int freeSlots) {
        if (freeSlots <= 0) {
            return new PollResult(List.of(), List.of(), report(id, reports));
        }
        // from before the ends free their slots: a dispatch pass that runs meanwhile must leave the
        // leases to this report, not hand them to the poll in flight
        WorkerSlot waiting = holdLeasesForReport(id);
        try {
            List<TaskAttempt> refused = report(id, reports);
            lock.lock();
            try {
                WorkerSlot worker = workers.get(id);
                if (worker == null || worker != waiting) {
                    // taken (or refused) all the same; new work waits until the worker's poll registers it again
                    return new PollResult(List.of(), List.of(), refused);
                }
                worker.lastSeen = clock.instant();
                worker.reportedFree = freeSlots;
                if (worker.mailbox.isEmpty() && worker.capacityAhead() > 0 && pending.size() > 0) {
                    long decided = dispatchPasses + 1; // no pass runs now: a pass holds the lock throughout
                    requestDispatch();
                    long waitNanos = REPORT_LEASE_WAIT.toNanos();
                    while (running() && dispatchPasses < decided && waitNanos > 0 && workers.get(id) == worker) {
                        waitNanos = dispatchPassed.awaitNanos(waitNanos);
                    }
                }
                return new PollResult(handOver(worker, clock.instant()), List.of(), refused);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // answered without leases; the poll in flight takes them
                return new PollResult(List.of(), List.of(), refused);
            } finally {
                lock.unlock();
            }
        } finally {
            if (waiting != null) {
                releaseLeasesForPoll(waiting);
            }
        }
    }

    /** Counts a report that waits for leases on its worker; {@code null} when it is not registered. */
    private WorkerSlot holdLeasesForReport(WorkerId id) {
        lock.lock();
        try {
            WorkerSlot worker = workers.get(id);
            if (worker != null) {
                worker.reportsWaiting++;
            }
            return worker;
        } finally {
            lock.unlock();
        }
    }

    /** The report no longer waits; when none does and leases are in the mailbox, the poll in flight takes them. */
    private void releaseLeasesForPoll(WorkerSlot worker) {
        lock.lock();
        try {
            worker.reportsWaiting--;
            if (worker.reportsWaiting == 0 && !worker.mailbox.isEmpty()) {
                worker.wakeup.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a batch of reports: checks under the lock that each attempt is still the worker's,
     * writes every start and end in one transaction outside the lock (the fenced write alone decides
     * whether a report counts; reports arriving together share a commit), then applies what was
     * stored under the lock again.
     *
     * <p>A batch of starts alone is not written at once: the starts go with the next write (the
     * task's end, the next leases) or within a second, so that a short task costs one commit for
     * its start and end. Losing a start in a crash loses nothing that matters: after a restart a
     * leased and a running attempt are treated alike.
     */
    @Override
    public List<TaskAttempt> report(WorkerId id, WorkerReports reports) {
        if (reports.isEmpty()) {
            return List.of();
        }
        List<TaskAttempt> refused = new ArrayList<>(release(id, reports.returned()));
        List<TaskAttempt> starts = new ArrayList<>();
        List<Finish> finishes = new ArrayList<>();
        List<AttemptResult> logEnds = new ArrayList<>();
        lock.lock();
        try {
            for (TaskAttempt attempt : reports.started()) {
                OnWorker onWorker = owned(id, attempt);
                if (onWorker == null) {
                    refused.add(attempt);
                } else if (onWorker.startedAt == null) {
                    starts.add(attempt); // a start reported again (a retried request) changes nothing
                }
            }
            WorkerSlot worker = workers.get(id);
            for (AttemptResult ended : reports.completed()) {
                TaskAttempt attempt = ended.attempt();
                if (worker != null && worker.cancelling.remove(attempt)) {
                    requestDispatch();
                }
                OnWorker onWorker = owned(id, attempt);
                if (onWorker == null) {
                    refused.add(attempt);
                    continue;
                }
                if (ended.logEnd() != null && !ended.logEnd().isEmpty()) {
                    logEnds.add(ended);
                }
                Task task = onWorker.task;
                boolean retry = ended.result().status().isRetryable() && task.hasAttemptsLeft();
                finishes.add(new Finish(task, attempt, ended.result(), retry));
            }
        } finally {
            lock.unlock();
        }
        if (!refused.isEmpty()) {
            LOG.info("Refused reports of worker {} for attempts {}: they are no longer current", id, refused);
        }
        for (AttemptResult ended : logEnds) {
            logs.append(ended.attempt(), ended.logEnd());
        }
        Instant now = clock.instant();
        Map<TaskAttempt, Instant> startTimes = startTimes(starts, finishes, now);
        List<Transition> transitions = new ArrayList<>(starts.size() + finishes.size());
        starts.forEach(attempt -> transitions.add(Transition.start(attempt, startTimes.get(attempt))));
        List<Finish> stored = new ArrayList<>(finishes.size());
        for (Finish finish : finishes) {
            Finish withLog = new Finish(finish.task, finish.attempt, withStreamedLog(finish.attempt, finish.result),
                    finish.retry);
            stored.add(withLog);
            transitions.add(Transition.finish(withLog.attempt, withLog.result, withLog.retry, now));
        }
        boolean[] applied;
        if (finishes.isEmpty()) {
            synchronized (deferredStarts) {
                deferredStarts.addAll(transitions);
            }
            applied = new boolean[transitions.size()];
            Arrays.fill(applied, true); // owned, as checked under the lock: the engine alone moves tasks
        } else {
            applied = writeAfterDeferredStarts(transitions);
        }
        List<Task> started = new ArrayList<>();
        List<RunId> completedRuns = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < starts.size(); i++) {
                TaskAttempt attempt = starts.get(i);
                if (!applied[i]) {
                    // Still the worker's: the same start came twice (a retried request) and the other
                    // copy was stored first. Refusing it would make the worker stop a task it owns.
                    if (owned(id, attempt) == null) {
                        refused.add(attempt);
                    }
                    continue;
                }
                OnWorker onWorker = onWorkers.get(attempt.task());
                if (onWorker != null && onWorker.task.attempt() == attempt.attempt()) {
                    onWorker.startedAt = startTimes.get(attempt);
                    counted(onWorker.task, TaskState.RUNNING, null);
                    onWorker.task = onWorker.task.withState(TaskState.RUNNING, attempt.attempt(), id);
                    started.add(onWorker.task);
                } // else taken back meanwhile (cancelled, lost): that change was stored after this one
            }
            for (int i = 0; i < stored.size(); i++) {
                Finish finish = stored.get(i);
                if (applied[starts.size() + i]) {
                    finished(id, finish, now, completedRuns);
                } else {
                    refused.add(finish.attempt);
                }
            }
            if (!stored.isEmpty()) {
                requestDispatch();
            }
        } finally {
            lock.unlock();
        }
        for (Task task : started) {
            publish(HookType.TASK_STARTED, task.runId(), task.id(), id, Severity.INFO,
                    Map.of("name", task.name(), "attempt", task.attempt()));
        }
        publishRunsCompleted(completedRuns);
        return refused;
    }

    /**
     * When each start happened: on arrival, unless its end came in the same batch (a worker holds a
     * start back briefly, so that a short task costs one report); then when the end came less the
     * duration the worker measured, which is when the attempt really started.
     */
    private static Map<TaskAttempt, Instant> startTimes(List<TaskAttempt> starts, List<Finish> finishes, Instant now) {
        Map<TaskAttempt, Instant> times = new HashMap<>(starts.size() * 2);
        starts.forEach(attempt -> times.put(attempt, now));
        for (Finish finish : finishes) {
            Duration took = finish.result.duration();
            if (times.containsKey(finish.attempt) && took != null && !took.isNegative()) {
                times.put(finish.attempt, now.minus(took));
            }
        }
        return times;
    }

    /**
     * Writes the starts deferred so far and then {@code transitions}, in one commit; returns the
     * outcomes of {@code transitions}. A deferred start that no longer applies (its task moved on)
     * is dropped.
     */
    private boolean[] writeAfterDeferredStarts(List<Transition> transitions) {
        List<Transition> starts;
        synchronized (deferredStarts) {
            starts = List.copyOf(deferredStarts);
            deferredStarts.clear();
        }
        if (starts.isEmpty()) {
            return store.transitionAll(transitions);
        }
        List<Transition> all = new ArrayList<>(starts.size() + transitions.size());
        all.addAll(starts);
        all.addAll(transitions);
        boolean[] applied;
        try {
            applied = store.transitionAll(all);
        } catch (RuntimeException failure) {
            synchronized (deferredStarts) {
                deferredStarts.addAll(0, starts);
            }
            throw failure;
        }
        return Arrays.copyOfRange(applied, starts.size(), applied.length);
    }

    /** After a reported end was stored: frees the slot and counts the attempt. Called with the lock held. */
    private void finished(WorkerId id, Finish finish, Instant now, List<RunId> completedRuns) {
        Task task = finish.task;
        TaskResult result = finish.result;
        OnWorker onWorker = onWorkers.get(task.id());
        if (onWorker != null && onWorker.task.attempt() == finish.attempt.attempt()) {
            onWorkers.remove(task.id());
            usage.offWorker(task.id());
            task = onWorker.task; // with the state its start left it in
        }
        WorkerSlot worker = workers.get(id);
        if (worker != null && worker.held.remove(task.id())) {
            worker.finished++;
            // The slot is free again: a poll it has in flight may be answered with new work for it.
            worker.reportedFree = Math.min(worker.holdLimit(), worker.reportedFree + 1);
        }
        usage.record(task.tenant(), result.duration(), now);
        durations.record(task, result.duration());
        ActiveRun run = activeRuns.get(task.runId());
        if (run != null) {
            run.averageMillis = DurationHistory.average(run.averageMillis, result.duration().toMillis());
        }
        SchedulerPlugin decidedBy = schedulerOf(task);
        if (decidedBy != null) {
            try {
                decidedBy.taskFinished(new TaskOutcome(task, id, result.status(), result.duration()));
            } catch (RuntimeException | LinkageError failure) {
                LOG.warn("Scheduler {} failed on feedback: {}", decidedBy, failure.toString());
            }
        }
        ended(task, finish.attempt.attempt(), result, finish.retry, completedRuns);
    }

    @Override
    public void appendLog(WorkerId id, TaskAttempt attempt, String text) {
        ownAttempt(id, attempt); // without the lock: log chunks must not queue behind dispatch
        logs.append(attempt, text);
    }

    @Override
    public void appendLog(WorkerId id, TaskAttempt attempt, long offset, String text) {
        ownAttempt(id, attempt);
        logs.append(attempt, offset, text);
    }

    @Override
    public void draining(WorkerId id) {
        lock.lock();
        try {
            registered(id).draining = true;
        } finally {
            lock.unlock();
        }
        publish(HookType.WORKER_DISCONNECTED, null, null, id, Severity.INFO, Map.of("reason", "draining"));
    }

    @Override
    public void unregister(WorkerId id) {
        lock.lock();
        try {
            WorkerSlot worker = workers.remove(id);
            if (worker == null) {
                return;
            }
            loseAttemptsOf(worker, "worker " + id + " left", clock.instant());
            worker.wakeup.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.info("Worker {} unregistered", id);
        publish(HookType.WORKER_DISCONNECTED, null, null, id, Severity.INFO, Map.of("reason", "unregistered"));
    }

    List<WorkerStatus> workers() {
        lock.lock();
        try {
            return workers.values().stream().map(WorkerSlot::status).toList();
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Queued tasks per scheduler name ({@link SchedulerQueues#ACTIVE} for the active scheduler's). */
    Map<String, Integer> queuedBySchedulers() {
        lock.lock();
        try {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            pending.inTurn().forEach(queue -> sizes.put(queue.getKey(), queue.getValue().size()));
            return sizes;
        } finally {
            lock.unlock();
        }
    }


    /** Wakes the dispatcher, e.g. after the active scheduler changed. */
    void redispatch() {
        lock.lock();
        try {
            requestDispatch();
        } finally {
            lock.unlock();
        }
    }

    Path logFile(TaskAttempt attempt) {
        return logs.path(attempt);
    }


    // ---------------------------------------------------------------- dispatch

    private void dispatchLoop() {
        long nextHousekeeping = System.nanoTime();
        while (running) {
            try {
                lock.lock();
                try {
                    long untilHousekeeping = nextHousekeeping - System.nanoTime();
                    while (running && !dispatchRequested && untilHousekeeping > 0) {
                        untilHousekeeping = dispatchSignal.awaitNanos(untilHousekeeping);
                    }
                    dispatchRequested = false;
                } finally {
                    lock.unlock();
                }
                if (System.nanoTime() - nextHousekeeping >= 0) {
                    housekeeping();
                    nextHousekeeping = System.nanoTime() + HOUSEKEEPING_PERIOD.toNanos();
                }
                dispatchOnce();
            } catch (InterruptedException interrupted) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException failure) {
                // The store may be down for a moment: nothing was changed in memory, try again later.
                LOG.warn("Dispatch failed, retrying in a second: {}", failure.toString());
                sleepQuietly(HOUSEKEEPING_PERIOD);
            }
        }
    }

    /**
     * Runs each scheduler over its share of the queue and the slots still free, leases what they
     * assign in one batch, and stops the attempts a scheduler preempts.
     */
    void dispatchOnce() {
        List<RunId> completedRuns = new ArrayList<>();
        lock.lock();
        try {
            dispatch(completedRuns);
        } finally {
            dispatchPasses++;
            dispatchPassed.signalAll();
            lock.unlock();
        }
        publishRunsCompleted(completedRuns);
    }

    /**
     * One dispatch pass: the schedulers fill the free slots first; what is left queued then goes to
     * workers that asked to hold short tasks ahead of their slots, so an idle slot anywhere is never
     * passed over for a place in a busy worker's line. Called with the lock held.
     */
    private void dispatch(List<RunId> completedRuns) {
        if (pending.size() == 0) {
            return;
        }
        Instant now = clock.instant();
        Map<WorkerId, Integer> room = room(WorkerSlot::capacity);
        if (room.isEmpty() && onWorkers.isEmpty()) {
            return; // nothing to assign and nothing a scheduler could preempt
        }
        usage.advanceTo(now);
        assign(room, now, true, task -> true, completedRuns);
        if (pending.size() > 0) {
            Map<WorkerId, Integer> ahead = room(WorkerSlot::capacityAhead);
            if (!ahead.isEmpty()) {
                assign(ahead, now, false, this::expectedShort, completedRuns);
            }
        }
    }

    /**
     * Whether a task may wait ahead of a worker's slots: expected to take less than {@link WorkerInfo#SHORT_TASK}
     * by its own history, else by its run's attempts so far. A task nothing is known of waits for a slot.
     */
    private boolean expectedShort(Task task) {
        OptionalDouble own = durations.averageMillis(task);
        if (own.isPresent()) {
            return own.getAsDouble() < WorkerInfo.SHORT_TASK.toMillis();
        }
        ActiveRun run = activeRuns.get(task.runId());
        return run != null && run.averageMillis < WorkerInfo.SHORT_TASK.toMillis(); // NaN: nothing ended yet
    }

    /** How many tasks each worker can take, where it can take any. Called with the lock held. */
    private Map<WorkerId, Integer> room(ToIntFunction<WorkerSlot> capacity) {
        Map<WorkerId, Integer> room = new LinkedHashMap<>();
        for (WorkerSlot worker : workers.values()) {
            int free = capacity.applyAsInt(worker);
            if (free > 0) {
                room.put(worker.info.id(), free);
            }
        }
        return room;
    }

    /**
     * Lets each scheduler assign its share of the queue to the {@code room} given, leases what they
     * assign and {@code allowed} lets through in one batch and, when {@code preempting}, stops the
     * attempts a scheduler preempts.
     */
    private void assign(Map<WorkerId, Integer> room, Instant now, boolean preempting, Predicate<Task> allowed,
                        List<RunId> completedRuns) {
        List<Task> tasks = new ArrayList<>();
        Set<TaskId> chosen = new HashSet<>();
        List<WorkerSlot> targets = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        for (Map.Entry<String, PendingIndex> queue : pending.inTurn()) {
            List<FreeSlots> free = new ArrayList<>();
            room.forEach((id, left) -> {
                if (left > 0) {
                    WorkerSlot worker = workers.get(id);
                    free.add(new FreeSlots(id, worker.info.capabilities(), left, worker.info.slots()));
                }
            });
            SchedulerPlugin scheduler = schedulerNamed(queue.getKey());
            SchedulingContext context = new SchedulingSnapshot(now, queue.getValue(), free, this::onWorkersNow, usage,
                    durations, this::deadlineAtRisk);
            int assigned = 0;
            if (!free.isEmpty()) {
                for (Assignment assignment : decide(scheduler, context)) {
                    Task task = queue.getValue().get(assignment.task());
                    WorkerSlot worker = workers.get(assignment.worker());
                    int left = room.getOrDefault(assignment.worker(), 0);
                    if (task == null || worker == null || left <= 0 || chosen.contains(task.id())
                            || !task.requirements().satisfiedBy(worker.info.capabilities())) {
                        continue; // the scheduler's mistake: the task stays queued
                    }
                    if (!allowed.test(task)) {
                        continue; // it waits for a free slot
                    }
                    room.put(assignment.worker(), left - 1);
                    chosen.add(task.id());
                    tasks.add(task);
                    targets.add(worker);
                    transitions.add(Transition.lease(task, worker.info.id(), now));
                    assigned++;
                }
            }
            if (preempting && queue.getValue().size() > assigned && scheduler != null) {
                preempt(scheduler, context, now, completedRuns);
            }
        }
        boolean[] applied = writeAfterDeferredStarts(transitions);
        for (int i = 0; i < applied.length; i++) {
            Task task = tasks.get(i);
            pending.remove(task.id());
            if (!applied[i]) {
                LOG.warn("Task {} changed in the store behind the coordinator's back; reloading it", task.id());
                store.task(task.id()).filter(t -> t.state() == TaskState.QUEUED).ifPresent(this::enqueue);
                continue;
            }
            WorkerSlot worker = targets.get(i);
            counted(task, TaskState.LEASED, null);
            Task leased = task.withState(TaskState.LEASED, task.attempt() + 1, worker.info.id());
            Instant expires = now.plus(settings.leaseTimeout());
            onWorkers.put(task.id(), new OnWorker(leased, worker.info.id(), now, expires));
            usage.onWorker(task.id(), task.tenant(), now);
            worker.held.add(task.id());
            worker.mailbox.add(new Lease(new TaskAttempt(task.id(), leased.attempt()), leased, expires));
            worker.wakeup.signalAll();
            publish(HookType.TASK_ASSIGNED, task.runId(), task.id(), worker.info.id(), Severity.INFO,
                    Map.of("name", task.name(), "attempt", leased.attempt()));
        }
    }

    private List<Assignment> decide(SchedulerPlugin scheduler, SchedulingContext context) {
        if (scheduler != null) {
            try {
                return scheduler.schedule(context);
            } catch (RuntimeException | LinkageError failure) {
                LOG.warn("Scheduler {} failed, using FIFO for this decision: {}", scheduler, failure.toString());
            }
        }
        return fallbackScheduler.schedule(context);
    }

    /** Stops the attempts the scheduler wants to make room with; they are queued again at once. */
    private void preempt(SchedulerPlugin scheduler, SchedulingContext context, Instant now, List<RunId> completedRuns) {
        List<TaskAttempt> victims;
        try {
            victims = scheduler.preempt(context);
        } catch (RuntimeException | LinkageError failure) {
            LOG.warn("Scheduler {} failed to choose what to preempt: {}", scheduler, failure.toString());
            return;
        }
        for (TaskAttempt attempt : victims) {
            OnWorker onWorker = onWorkers.get(attempt.task());
            if (onWorker == null || onWorker.task.attempt() != attempt.attempt()) {
                continue;
            }
            TaskResult result = TaskResult.of(TaskState.ERROR, "preempted to make room for a more urgent task");
            if (store.transition(Transition.finish(attempt, result, true, now))) {
                takeBack(onWorker, true);
                publish(HookType.TASK_PREEMPTED, onWorker.task.runId(), attempt.task(), onWorker.worker,
                        Severity.INFO, Map.of("name", onWorker.task.name(), "attempt", attempt.attempt()));
                ended(onWorker.task, attempt.attempt(), result, true, completedRuns);
            }
        }
    }

    /** The scheduler of a queue: the one its runs named, else the active one, else FIFO (in decide). */
    private SchedulerPlugin schedulerNamed(String name) {
        SchedulerPlugin named = schedulers.apply(name);
        return named != null || name.equals(SchedulerQueues.ACTIVE) ? named : schedulers.apply(SchedulerQueues.ACTIVE);
    }

    private SchedulerPlugin schedulerOf(Task task) {
        ActiveRun run = activeRuns.get(task.runId());
        return schedulerNamed(run == null ? SchedulerQueues.ACTIVE : run.scheduler);
    }

    private void enqueue(Task task) {
        ActiveRun run = activeRuns.get(task.runId());
        pending.add(task, run == null ? SchedulerQueues.ACTIVE : run.scheduler);
    }

    // ---------------------------------------------------------------- housekeeping

    /**
     * Queues again the tasks of attempts the worker hands back unstarted, as if they had never been
     * leased (no attempt spent); returns those it cannot take back: no longer the worker's, or started.
     */
    private List<TaskAttempt> release(WorkerId id, List<TaskAttempt> attempts) {
        if (attempts.isEmpty()) {
            return List.of();
        }
        List<TaskAttempt> refused = new ArrayList<>();
        lock.lock();
        try {
            List<OnWorker> releasing = new ArrayList<>();
            List<Transition> transitions = new ArrayList<>();
            Instant now = clock.instant();
            for (TaskAttempt attempt : attempts) {
                OnWorker onWorker = owned(id, attempt);
                if (onWorker == null || onWorker.startedAt != null) {
                    refused.add(attempt);
                } else {
                    releasing.add(onWorker);
                    transitions.add(Transition.release(attempt, now));
                }
            }
            boolean[] applied = transitions.isEmpty() ? new boolean[0] : writeAfterDeferredStarts(transitions);
            for (int i = 0; i < applied.length; i++) {
                OnWorker onWorker = releasing.get(i);
                if (!applied[i]) {
                    refused.add(onWorker.attempt());
                    continue;
                }
                takeBack(onWorker, false);
                counted(onWorker.task, TaskState.QUEUED, null);
                // as the store now has it, as a retry is queued again (ended): no read under the lock
                enqueue(onWorker.task.withState(TaskState.QUEUED, onWorker.task.attempt() - 1, null));
            }
            if (applied.length > 0) {
                countLongRunning(id, now);
                requestDispatch();
            }
        } finally {
            lock.unlock();
        }
        LOG.info("Worker {} handed back {} unstarted attempts{}", id, attempts.size() - refused.size(),
                refused.isEmpty() ? "" : "; refused (no longer its own, or started): " + refused);
        return refused;
    }

    /**
     * A worker hands tasks back when the ones it runs take long: those count in their runs' averages
     * now, as if they had ended, so that their runs' tasks wait for free slots until short ends bring
     * the averages down again. Called with the lock held.
     */
    private void countLongRunning(WorkerId id, Instant now) {
        WorkerSlot worker = workers.get(id);
        if (worker == null) {
            return;
        }
        for (TaskId held : worker.held) {
            OnWorker onWorker = onWorkers.get(held);
            ActiveRun run = onWorker == null || onWorker.startedAt == null ? null : activeRuns.get(onWorker.task.runId());
            if (run != null) {
                long ranMillis = Duration.between(onWorker.startedAt, now).toMillis();
                if (ranMillis >= WorkerInfo.SHORT_TASK.toMillis()) {
                    run.averageMillis = Double.isNaN(run.averageMillis) ? ranMillis : Math.max(run.averageMillis, ranMillis);
                }
            }
        }
    }

    /** Loses the attempts of silent workers and expired leases; ends attempts long overdue. */
    void housekeeping() {
        writeAfterDeferredStarts(List.of());
        List<RunId> completedRuns = new ArrayList<>();
        List<WorkerId> lostWorkers = new ArrayList<>();
        lock.lock();
        try {
            Instant now = clock.instant();
            for (WorkerSlot worker : List.copyOf(workers.values())) {
                boolean silent = worker.polling == 0
                        && worker.lastSeen.plus(settings.leaseTimeout()).isBefore(now);
                if (silent && !worker.lost) {
                    worker.lost = true;
                    lostWorkers.add(worker.info.id());
                    LOG.warn("Worker {} is lost: no poll for {}", worker.info.id(), settings.leaseTimeout());
                    loseAttemptsOf(worker, "worker " + worker.info.id() + " was lost", now);
                } else if (worker.lost && worker.lastSeen.plus(FORGET_LOST_WORKERS_AFTER).isBefore(now)) {
                    workers.remove(worker.info.id());
                }
            }
            for (OnWorker onWorker : List.copyOf(onWorkers.values())) {
                if (onWorker.expiresAt.isBefore(now)) {
                    loseAttempt(onWorker, "the lease on worker " + onWorker.worker + " expired", now, completedRuns);
                } else if (onWorker.startedAt != null && onWorker.task.timeout() != null && onWorker.startedAt
                        .plus(onWorker.task.timeout()).plus(settings.overdueGrace()).isBefore(now)) {
                    endOverdue(onWorker, now, completedRuns);
                }
            }
        } finally {
            lock.unlock();
        }
        for (WorkerId id : lostWorkers) {
            publish(HookType.WORKER_FAILED, null, null, id, Severity.WARNING, Map.of("reason", "no poll"));
        }
        publishRunsCompleted(completedRuns);
    }

    private void endOverdue(OnWorker onWorker, Instant now, List<RunId> completedRuns) {
        Task task = onWorker.task;
        TaskResult result = TaskResult.of(TaskState.TIMED_OUT, "no result within the timeout of " + task.timeout()
                + " and a grace of " + settings.overdueGrace() + "; the worker was told to stop it");
        boolean retry = task.hasAttemptsLeft();
        if (!store.transition(Transition.finish(onWorker.attempt(), result, retry, now))) {
            return;
        }
        takeBack(onWorker, true);
        ended(task, onWorker.task.attempt(), result, retry, completedRuns);
    }

    private void loseAttemptsOf(WorkerSlot worker, String reason, Instant now) {
        List<RunId> completedRuns = new ArrayList<>();
        for (TaskId id : List.copyOf(worker.held)) {
            OnWorker onWorker = onWorkers.get(id);
            if (onWorker != null) {
                loseAttempt(onWorker, reason, now, completedRuns);
            }
        }
        worker.held.clear();
        worker.mailbox.clear();
        worker.cancelling.clear();
        publishRunsCompleted(completedRuns);
        requestDispatch();
    }

    /** An attempt ended without a result from its worker: queue it again while the allowance lasts. */
    private void loseAttempt(OnWorker onWorker, String reason, Instant now, List<RunId> completedRuns) {
        Task task = onWorker.task;
        boolean retry = task.attempt() < task.maxAttempts() + settings.lostAttemptAllowance();
        TaskResult result = TaskResult.of(TaskState.ERROR, retry ? reason
                : reason + "; giving up after " + task.attempt() + " attempts");
        if (!store.transition(Transition.finish(onWorker.attempt(), result, retry, now))) {
            return;
        }
        takeBack(onWorker, false);
        ended(task, task.attempt(), result, retry, completedRuns);
    }

    /**
     * Takes an attempt away from its worker after its end was stored. When the worker may still run
     * it, the worker is told to stop it, and its slot stays taken until the worker lets go.
     */
    private void takeBack(OnWorker onWorker, boolean tellToStop) {
        TaskId id = onWorker.task.id();
        onWorkers.remove(id);
        usage.offWorker(id);
        WorkerSlot worker = workers.get(onWorker.worker);
        if (worker == null) {
            return;
        }
        worker.held.remove(id);
        boolean handedOver = !worker.mailbox.removeIf(lease -> lease.attempt().task().equals(id));
        if (handedOver && tellToStop) {
            worker.cancelling.add(onWorker.attempt());
            worker.cancel.add(onWorker.attempt());
            worker.wakeup.signalAll();
        }
    }

    // ---------------------------------------------------------------- shared bookkeeping

    /** After an attempt's end was stored: queue it again, or count the task as finished. */
    private void ended(Task task, int attempt, TaskResult result, boolean retry, List<RunId> completedRuns) {
        counted(task, retry ? TaskState.QUEUED : result.status(), result);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", task.name());
        data.put("attempt", attempt);
        data.put("state", result.status().name());
        if (result.exitCode() != null) {
            data.put("exitCode", result.exitCode());
        }
        if (result.message() != null) {
            data.put("message", result.message());
        }
        if (retry) {
            enqueue(task.withState(TaskState.QUEUED, attempt, null));
            publish(HookType.TASK_RETRIED, task.runId(), task.id(), task.worker(), Severity.WARNING, data);
            return;
        }
        HookType type = switch (result.status()) {
            case PASSED -> HookType.TASK_COMPLETED;
            case TIMED_OUT -> HookType.TASK_TIMED_OUT;
            case CANCELLED -> HookType.TASK_CANCELLED;
            default -> HookType.TASK_FAILED;
        };
        publish(type, task.runId(), task.id(), task.worker(),
                result.status() == TaskState.PASSED ? Severity.INFO : Severity.ERROR, data);
        finishedInRun(task, completedRuns);
    }

    /**
     * Counts a stored change of the task from the state it has in memory to {@code to}; with the
     * result it ended with, if it ended. Called with the lock held.
     */
    private void counted(Task task, TaskState to, TaskResult result) {
        ActiveRun run = activeRuns.get(task.runId());
        if (run == null || run.live == null) {
            return;
        }
        run.live.move(task.state(), to);
        if (result != null) {
            run.live.latestResult(task.id(), result);
        }
    }

    /** The progress of a run with unfinished tasks, from memory; empty when the store must be asked. */
    Optional<RunSummary> liveSummary(RunId id) {
        lock.lock();
        try {
            ActiveRun run = activeRuns.get(id);
            return run == null || run.live == null ? Optional.empty() : Optional.of(run.live.summary(run.run));
        } finally {
            lock.unlock();
        }
    }

    private void finishedInRun(Task task, List<RunId> completedRuns) {
        deadlineWarned.remove(task.id());
        RunId runId = task.runId();
        ActiveRun run = activeRuns.get(runId);
        if (run != null && --run.unfinished == 0) {
            activeRuns.remove(runId);
            completedRuns.add(runId);
        }
    }

    private void publishRunsCompleted(List<RunId> completedRuns) {
        for (RunId id : completedRuns) {
            try {
                RunSummary summary = store.runSummary(id).orElseThrow();
                publish(HookType.RUN_COMPLETED, id, null, null,
                        summary.state() == io.dtf.api.task.RunState.PASSED ? Severity.INFO : Severity.ERROR,
                        Map.of("name", summary.run().name(), "state", summary.state().name(),
                                "tasks", summary.counts().total(), "failedTestCases", summary.failedTestCases()));
            } catch (RuntimeException failure) {
                LOG.warn("Run {} completed but its summary could not be read: {}", id, failure.toString());
            }
        }
    }

    /** A remote worker's result names its own log file; the coordinator's copy is the one to keep. */
    private TaskResult withStreamedLog(TaskAttempt attempt, TaskResult result) {
        Path copy = logs.path(attempt);
        if (copy.toString().equals(result.logPath()) || !Files.exists(copy)) {
            return result;
        }
        return new TaskResult(result.status(), result.duration(), result.exitCode(), result.message(),
                result.testCases(), result.artifacts(), result.metrics(), copy.toString(), result.logTail());
    }

    private WorkerSlot registered(WorkerId id) {
        WorkerSlot worker = workers.get(id);
        if (worker == null) {
            throw new DtfException(ErrorCode.NOT_FOUND, "worker '" + id + "' is not registered; register it first");
        }
        return worker;
    }

    private OnWorker ownAttempt(WorkerId id, TaskAttempt attempt) {
        OnWorker onWorker = owned(id, attempt);
        if (onWorker == null) {
            throw stale(id, attempt);
        }
        return onWorker;
    }

    /** The attempt on the worker, or {@code null} when it is no longer the worker's. */
    private OnWorker owned(WorkerId id, TaskAttempt attempt) {
        OnWorker onWorker = onWorkers.get(attempt.task());
        if (onWorker == null || !onWorker.worker.equals(id) || onWorker.task.attempt() != attempt.attempt()) {
            return null;
        }
        return onWorker;
    }

    private DtfException stale(WorkerId id, TaskAttempt attempt) {
        LOG.info("Refused a report of worker {} for attempt {}: it is no longer current", id, attempt);
        return WorkerGateway.refused(id, attempt);
    }

    private String durationKey(Task task) {
        ActiveRun run = activeRuns.get(task.runId());
        return task.durationKey(run == null ? task.runId().value() : run.name);
    }

    private void requestDispatch() {
        // Called with the lock held.
        dispatchRequested = true;
        dispatchSignal.signal();
    }

    private boolean running() {
        return running;
    }

    private void publish(HookType type, RunId run, TaskId task, WorkerId worker, Severity severity,
                         Map<String, Object> data) {
        events.publish(new DtfEvent(type, clock.instant(), run, task, worker, severity, data));
    }

    /** The tasks on workers now, for a scheduler that asks. Called with the lock held. */
    private List<RunningTask> onWorkersNow() {
        return onWorkers.values().stream()
                .map(onWorker -> new RunningTask(onWorker.task, onWorker.worker, onWorker.leasedAt))
                .toList();
    }

    private void deadlineAtRisk(Task task, Instant expectedFinish) {
        if (deadlineWarned.add(task.id())) {
            publish(HookType.TASK_DEADLINE_AT_RISK, task.runId(), task.id(), null, Severity.WARNING,
                    Map.of("name", task.name(), "deadline", String.valueOf(task.deadline()),
                            "expectedFinish", expectedFinish.toString()));
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
