package io.dtf.coordinator.impl.engine;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.dispatch.DispatchSignal;
import io.dtf.coordinator.impl.leases.Leases;
import io.dtf.coordinator.impl.logs.LogFiles;
import io.dtf.coordinator.impl.progress.RunProgress;
import io.dtf.coordinator.impl.scheduling.DurationHistory;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;
import io.dtf.coordinator.impl.scheduling.TenantUsageTracker;
import io.dtf.coordinator.impl.writes.DeferredStarts;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What the parts of the engine share: the one lock and the state it guards (the queue, the workers
 * and their leases, the runs in progress, tenants' usage and duration history), and the store,
 * clock, settings, events and dispatch signal they change it with. Every state change is first a
 * fenced transition in the store, and only a transition that applied changes memory, so the
 * store stays the truth that recovery rebuilds from after a crash.
 */
public final class EngineState {
    private final ReentrantLock lock = new ReentrantLock();
    private final TaskStore store;
    private final Consumer<DtfEvent> events;
    private final Clock clock;
    private volatile EngineSettings settings;
    private final SchedulerQueues queue = new SchedulerQueues();
    private final RunProgress runs = new RunProgress();
    private final TenantUsageTracker usage;
    private final DurationHistory durations;
    private final Leases leases;
    private final LogFiles logs;
    private final DeferredStarts writes;
    private final DispatchSignal dispatch = new DispatchSignal(lock);
    private volatile boolean running;

    public EngineState(TaskStore store, Consumer<DtfEvent> events, Clock clock, EngineSettings settings) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.usage = new TenantUsageTracker(settings.usageHalfLife());
        this.durations = new DurationHistory(settings.defaultEstimate(), task -> task.durationKey(runs.planName(task)));
        this.leases = new Leases(usage, () -> this.settings.leaseTimeout());
        this.logs = new LogFiles(settings.logRoot());
        this.writes = new DeferredStarts(store);
    }

    public ReentrantLock lock() {
        return lock;
    }

    public TaskStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** The queue, split by the scheduler each run asked for. */
    public SchedulerQueues queue() {
        return queue;
    }

    public RunProgress runs() {
        return runs;
    }

    public TenantUsageTracker usage() {
        return usage;
    }

    public DurationHistory durations() {
        return durations;
    }

    public Leases leases() {
        return leases;
    }

    public LogFiles logs() {
        return logs;
    }

    public DeferredStarts writes() {
        return writes;
    }

    public DispatchSignal dispatch() {
        return dispatch;
    }

    /** Whether the engine runs: polls and reports stop waiting when it stops. */
    public boolean running() {
        return running;
    }

    /** New settings, from now on: leases, polls and housekeeping read them as they go. Called with the lock held. */
    void settings(EngineSettings newSettings) {
        settings = newSettings;
        usage.halfLife(newSettings.usageHalfLife());
        durations.defaultEstimate(newSettings.defaultEstimate());
    }

    void running(boolean running) {
        this.running = running;
    }

    /**
     * Queues the task for the scheduler its run asked for, with its type among its requirements: only a
     * worker that runs the type may take it, and tasks of a type only some workers run form a
     * requirement class of their own. Called with the lock held.
     */
    public void enqueue(Task task) {
        Requirements ofItsType = task.requirements().withTaskType(task.type());
        queue.add(ofItsType == task.requirements() ? task : task.withRequirements(ofItsType),
                runs.schedulerOf(task.runId()));
    }

    /** Asks the dispatcher for a pass. Called with the lock held. */
    public void requestDispatch() {
        dispatch.request();
    }

    public void publish(HookType type, RunId run, TaskId task, WorkerId worker, Severity severity,
                        Map<String, Object> data) {
        events.accept(new DtfEvent(type, clock.instant(), run, task, worker, severity, data));
    }

    /**
     * Publishes RUN_COMPLETED for each run. The event bus gives it the run's report (summary, failed tests,
     * link) from the store, for the hooks that want it: the store writes it for durable hooks itself.
     */
    public void publishRunsCompleted(List<RunId> completedRuns) {
        for (RunId id : completedRuns) {
            publish(HookType.RUN_COMPLETED, id, null, null, Severity.INFO, Map.of());
        }
    }
}
