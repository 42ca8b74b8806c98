package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.scheduling.DurationHistory;
import io.dtf.coordinator.impl.scheduling.PendingIndex;
import io.dtf.coordinator.impl.scheduling.TenantUsageTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The coordinator in miniature, for scheduler tests: its real queue index, tenant usage tracker and
 * duration history, workers with slots, a clock in whole seconds, and tasks that take the time they
 * were given. Every assignment is checked as strictly as a test wants it (the engine would only
 * ignore a bad one): the task is queued and assigned once, the worker has a free slot and the
 * capabilities.
 */
public final class SimulatedCluster {
    private final SchedulerPlugin scheduler;
    private final PendingIndex pending = new PendingIndex();
    private final TenantUsageTracker usage;
    private final DurationHistory durations = new DurationHistory(Duration.ofSeconds(60), t -> t.tenant() + "/" + t.name());
    private final Map<WorkerId, int[]> workers = new LinkedHashMap<>(); // {slots, busy}
    private final Map<WorkerId, Capabilities> capabilities = new HashMap<>();
    private final PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> Long.compare(a.end, b.end));
    private final Map<TaskId, Long> durationOf = new HashMap<>();
    private final Map<String, Double> slotSeconds = new HashMap<>();
    private final Map<String, Integer> queuedPerTenant = new HashMap<>();
    private long now;
    private long seq;
    private boolean usageKeepsRunning = true;

    public SimulatedCluster(SchedulerPlugin scheduler, Duration usageHalfLife) {
        this.scheduler = scheduler;
        this.usage = new TenantUsageTracker(usageHalfLife);
    }

    public void worker(String id, Capabilities offers, int slots) {
        workers.put(WorkerId.of(id), new int[] {slots, 0});
        capabilities.put(WorkerId.of(id), offers);
    }

    /** Queues a task of {@code tenant}'s run; {@code kind} is its name, the key of its duration history. */
    public Task submit(String tenant, String kind, Requirements requirements, long seconds) {
        RunId run = RunId.of("r-" + tenant);
        seq++;
        Task task = new Task(TaskId.of(run, (int) seq), run, kind, "command", Map.of(), requirements, 0, tenant, null,
                Duration.ofHours(1), 1, seq, TaskState.QUEUED, 0, null, Instant.EPOCH.plusSeconds(now), null, null, null);
        pending.add(task);
        durationOf.put(task.id(), seconds);
        queuedPerTenant.merge(tenant, 1, Integer::sum);
        return task;
    }

    /**
     * From now on schedulers get usage that does not keep what the attempts on workers have run
     * ({@code runningSlotSeconds} is NaN), as a context from elsewhere may: they sum the running
     * tasks themselves.
     */
    public void usageWithoutRunningSlotSeconds() {
        usageKeepsRunning = false;
    }

    /** Usage as if the tenant had just finished this much slot-time. */
    public void used(String tenant, long seconds) {
        usage.record(tenant, Duration.ofSeconds(seconds), Instant.EPOCH.plusSeconds(now));
    }

    /** Runs the scheduler once, checks its assignments and starts the tasks. */
    public List<Assignment> dispatch() {
        List<FreeSlots> free = new ArrayList<>();
        workers.forEach((id, slots) -> {
            if (slots[0] > slots[1]) {
                free.add(new FreeSlots(id, capabilities.get(id), slots[0] - slots[1], slots[0]));
            }
        });
        if (free.isEmpty() || pending.size() == 0) {
            return List.of();
        }
        usage.advanceTo(Instant.EPOCH.plusSeconds(now));
        List<Assignment> assignments = scheduler.schedule(context(free));
        Set<TaskId> assigned = new HashSet<>();
        for (Assignment assignment : assignments) {
            Task task = pending.get(assignment.task());
            int[] slots = workers.get(assignment.worker());
            check(task != null, "not queued", assignment);
            check(assigned.add(assignment.task()), "assigned twice", assignment);
            check(slots != null && slots[1] < slots[0], "no free slot", assignment);
            check(task.requirements().satisfiedBy(capabilities.get(assignment.worker())), "lacks capabilities", assignment);
            pending.remove(task.id());
            queuedPerTenant.merge(task.tenant(), -1, Integer::sum);
            slots[1]++;
            running.add(new Running(task.withState(TaskState.LEASED, 1, assignment.worker()), now,
                    now + durationOf.remove(task.id())));
            usage.onWorker(task.id(), task.tenant(), Instant.EPOCH.plusSeconds(now));
        }
        return assignments;
    }

    /**
     * Dispatches and lets tasks finish until {@code until} seconds; {@code beforeEachDecision} may
     * submit more. Slot-time is counted per tenant up to {@code until}.
     */
    public void runUntil(long until, Runnable beforeEachDecision) {
        while (true) {
            beforeEachDecision.run();
            dispatch();
            if (running.isEmpty() || running.peek().end > until) {
                break;
            }
            now = running.peek().end;
            while (!running.isEmpty() && running.peek().end == now) {
                finish(running.poll());
            }
        }
        for (Running task : running) {
            slotSeconds.merge(task.task.tenant(), (double) (until - task.counted), Double::sum);
            task.counted = until;
        }
        now = until;
    }

    public Map<String, Double> slotSeconds() {
        return Map.copyOf(slotSeconds);
    }

    public int queued(String tenant) {
        return queuedPerTenant.getOrDefault(tenant, 0);
    }

    public long now() {
        return now;
    }

    private void finish(Running done) {
        Task task = done.task;
        Duration took = Duration.ofSeconds(done.end - done.start);
        workers.get(task.worker())[1]--;
        slotSeconds.merge(task.tenant(), (double) (done.end - done.counted), Double::sum);
        usage.record(task.tenant(), took, Instant.EPOCH.plusSeconds(now));
        usage.offWorker(task.id());
        durations.record(task, took);
        scheduler.taskFinished(new TaskOutcome(task, task.worker(), TaskState.PASSED, took));
    }

    private static void check(boolean holds, String problem, Assignment assignment) {
        if (!holds) {
            throw new AssertionError(problem + ": " + assignment);
        }
    }

    private SchedulingContext context(List<FreeSlots> free) {
        List<RunningTask> onWorkers = running.stream()
                .map(r -> new RunningTask(r.task, r.task.worker(), Instant.EPOCH.plusSeconds(r.start))).toList();
        TenantUsage given = usageKeepsRunning ? usage : usage::slotSeconds;
        return new Snapshot(Instant.EPOCH.plusSeconds(now), pending, free, onWorkers, given, durations);
    }

    private record Snapshot(Instant now, PendingTasks pending, List<FreeSlots> freeSlots, List<RunningTask> running,
                            TenantUsage usage, DurationEstimates estimates) implements SchedulingContext {
        @Override
        public void deadlineAtRisk(Task task, Instant expectedFinish) {
        }
    }

    private static final class Running {
        final Task task;
        final long start;
        final long end;
        long counted; // slot-time is counted up to here

        Running(Task task, long start, long end) {
            this.task = task;
            this.start = start;
            this.end = end;
            this.counted = start;
        }
    }
}
