package io.dtf.testkit;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.scheduling.DurationHistory;
import io.dtf.coordinator.impl.scheduling.SchedulingSnapshot;
import io.dtf.coordinator.impl.scheduling.TenantUsageTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@link SchedulingContext} of one decision, made of the coordinator's own parts: its pending-task index
 * ({@link TestQueue}), its tenant usage tracker (decayed slot-seconds, and the running attempts' slot-seconds
 * kept as attempts go on and off workers), its duration history, and the snapshot class its dispatch loop hands
 * schedulers. What the test does not set is empty: no free slots, nothing running, no usage, every estimate the
 * coordinator's default of 60 s.
 *
 * <pre>{@code
 * SchedulingContextBuilder decision = SchedulingContextBuilder.at(TaskBuilder.T0);
 * Task gpuTask = decision.submit(TaskBuilder.task().requirements(requirements().labels("gpu")));
 * decision.free("w1", CapabilitiesBuilder.linux().labels("gpu").build(), 1, 2);
 * List<Assignment> assignments = scheduler.schedule(decision.build());
 * }</pre>
 *
 * A context stays live: built once, it sees what the test changes afterwards (tasks submitted or removed).
 */
public final class SchedulingContextBuilder {
    /** The coordinator's defaults ({@code usageHalfLifeMinutes}, {@code defaultEstimateSeconds}). */
    static final Duration DEFAULT_USAGE_HALF_LIFE = Duration.ofMinutes(60);
    static final Duration DEFAULT_ESTIMATE = Duration.ofSeconds(60);

    private Instant now;
    private TestQueue queue = new TestQueue();
    private boolean countTasksTaken;
    private final List<FreeSlots> free = new ArrayList<>();
    private final Map<TaskId, RunningTask> running = new LinkedHashMap<>();
    private Duration usageHalfLife = DEFAULT_USAGE_HALF_LIFE;
    private TenantUsageTracker tracker;
    private TenantUsage usage;
    private Duration defaultEstimate = DEFAULT_ESTIMATE;
    private Function<Task, String> durationKey = task -> task.runId().value() + "/" + task.name();
    private DurationHistory history;
    private DurationEstimates estimates;
    private final List<DeadlineAtRisk> deadlinesAtRisk = new ArrayList<>();

    private SchedulingContextBuilder(Instant now) {
        this.now = Objects.requireNonNull(now, "now");
    }

    /** A decision made at {@code now}. */
    public static SchedulingContextBuilder at(Instant now) {
        return new SchedulingContextBuilder(now);
    }

    /** Decides over this queue (one the test keeps between decisions) instead of a queue of its own. */
    public SchedulingContextBuilder queue(TestQueue value) {
        this.queue = Objects.requireNonNull(value, "queue");
        return this;
    }

    /**
     * Hands the scheduler the queue through {@link TestQueue#observed()}, so that {@link TestQueue#tasksTaken()}
     * counts what it takes.
     */
    public SchedulingContextBuilder countTasksTaken() {
        this.countTasksTaken = true;
        return this;
    }

    /** Queues tasks exactly as they are. */
    public SchedulingContextBuilder queued(Task... tasks) {
        return queued(Arrays.asList(tasks));
    }

    public SchedulingContextBuilder queued(Collection<Task> tasks) {
        tasks.forEach(queue::add);
        return this;
    }

    /** Queues a task submitted now (unless it says when); returns it with the id the queue gave it. */
    public Task submit(TaskBuilder task) {
        return queue.submit(task, now);
    }

    /** Workers with free slots. */
    public SchedulingContextBuilder free(FreeSlots... slots) {
        return free(Arrays.asList(slots));
    }

    public SchedulingContextBuilder free(Collection<FreeSlots> slots) {
        free.addAll(slots);
        return this;
    }

    /** A worker with {@code free} of its {@code slots} slots free. */
    public SchedulingContextBuilder free(String worker, Capabilities capabilities, int free, int slots) {
        return free(new FreeSlots(WorkerId.of(worker), capabilities, free, slots));
    }

    /**
     * A task on a worker since {@code since}: running its first attempt, unless it has one already. Its tenant's
     * running slot-seconds count it, as the coordinator's do. Returns the task as it runs.
     */
    public Task running(Task task, String worker, Instant since) {
        Task onWorker = task.withState(TaskState.RUNNING, Math.max(1, task.attempt()), WorkerId.of(worker));
        running(List.of(new RunningTask(onWorker, onWorker.worker(), since)));
        return onWorker;
    }

    /** Tasks on workers, as they are. Their tenants' running slot-seconds count them. */
    public SchedulingContextBuilder running(Collection<RunningTask> tasks) {
        for (RunningTask task : tasks) {
            running.put(task.task().id(), task);
            tracker().onWorker(task.task().id(), task.task().tenant(), task.since());
        }
        return this;
    }

    /** A task, never queued, on a worker since {@code since}; its id comes from the queue's numbering. */
    public Task running(TaskBuilder task, String worker, Instant since) {
        return running(queue.issue(task, since), worker, since);
    }

    /** The task's attempt has left its worker; nothing when it was not running. */
    public SchedulingContextBuilder finished(TaskId task) {
        if (running.remove(task) != null) {
            tracker().offWorker(task);
        }
        return this;
    }

    /** The half-life of the tenants' usage; the coordinator's default is 60 minutes. Set it before any usage. */
    public SchedulingContextBuilder usageHalfLife(Duration value) {
        if (tracker != null) {
            throw new IllegalStateException("set the usage half-life before recording usage or running tasks");
        }
        this.usageHalfLife = Objects.requireNonNull(value, "usageHalfLife");
        return this;
    }

    /** The tenant has just used this much slot-time: an attempt of that length ended now. */
    public SchedulingContextBuilder used(String tenant, Duration slotTime) {
        tracker().record(tenant, slotTime, now);
        return this;
    }

    /**
     * From now on the context's usage does not keep what the attempts on workers have run
     * ({@code runningSlotSeconds} is NaN), as a context from elsewhere may: a scheduler must sum the running
     * tasks itself. Decayed slot-seconds are still the tracker's.
     */
    public SchedulingContextBuilder usageWithoutRunningSlotSeconds() {
        return usage(tenant -> tracker().slotSeconds(tenant));
    }

    /** Usage of the test's own instead of the coordinator's tracker. */
    public SchedulingContextBuilder usage(TenantUsage value) {
        this.usage = Objects.requireNonNull(value, "usage");
        return this;
    }

    /** The estimate of tasks without history; the coordinator's default is 60 s. Set it before any history. */
    public SchedulingContextBuilder defaultEstimate(Duration value) {
        if (history != null) {
            throw new IllegalStateException("set the default estimate before recording durations");
        }
        this.defaultEstimate = Objects.requireNonNull(value, "defaultEstimate");
        return this;
    }

    /**
     * An attempt of the task took this long: the coordinator's duration history learns it, as a moving average
     * per plan and task name. Here each run is a plan of its own: the key is the run's id and the task's name.
     */
    public SchedulingContextBuilder took(Task task, Duration duration) {
        history().record(task, duration);
        return this;
    }

    /**
     * How the duration history keys tasks, instead of by run and task name: the coordinator's key is the plan's
     * name and the task's, so that runs of one plan share their history. Set it before any history.
     */
    public SchedulingContextBuilder durationKey(Function<Task, String> key) {
        if (history != null) {
            throw new IllegalStateException("set the duration key before recording durations");
        }
        this.durationKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** Estimates of the test's own instead of the coordinator's duration history. */
    public SchedulingContextBuilder estimates(DurationEstimates value) {
        this.estimates = Objects.requireNonNull(value, "estimates");
        return this;
    }

    /** The context, as the coordinator's dispatch loop makes it. */
    public SchedulingContext build() {
        tracker().advanceTo(now);
        return new SchedulingSnapshot(now, countTasksTaken ? queue.observed() : queue.pending(), List.copyOf(free),
                () -> List.copyOf(running.values()), usage != null ? usage : tracker(),
                estimates != null ? estimates : history(),
                (task, expectedFinish) -> deadlinesAtRisk.add(new DeadlineAtRisk(task, expectedFinish)));
    }

    /** The warnings schedulers gave through {@code deadlineAtRisk} on contexts built here, oldest first. */
    public List<DeadlineAtRisk> deadlinesAtRisk() {
        return List.copyOf(deadlinesAtRisk);
    }

    public TestQueue queue() {
        return queue;
    }

    public Instant now() {
        return now;
    }

    /** The tasks on workers now, in the order they started. */
    public List<RunningTask> running() {
        return List.copyOf(running.values());
    }

    /** Moves the time of the decisions to come, to decide again later over what the test kept. */
    public SchedulingContextBuilder now(Instant value) {
        this.now = Objects.requireNonNull(value, "now");
        return this;
    }

    /** The free slots of the decisions to come, instead of those given so far. */
    public SchedulingContextBuilder replaceFree(Collection<FreeSlots> slots) {
        free.clear();
        return free(slots);
    }

    private TenantUsageTracker tracker() {
        if (tracker == null) {
            tracker = new TenantUsageTracker(usageHalfLife);
        }
        return tracker;
    }

    private DurationHistory history() {
        if (history == null) {
            history = new DurationHistory(defaultEstimate, durationKey);
        }
        return history;
    }
}
