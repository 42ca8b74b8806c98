package io.dtf.testkit;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One scheduler driven as the coordinator's dispatch loop drives it, on a simulated clock and without threads:
 * workers with slots, tasks that take the time the test gives them, the coordinator's own queue, tenant usage
 * and duration history ({@link SchedulingContextBuilder}). Each assignment is checked as the coordinator checks
 * it, only more strictly: where the coordinator would ignore an assignment, the harness fails with an
 * {@link AssertionError} naming it (the task is not queued or assigned twice, the worker has no free slot or
 * lacks the task's requirements). A task that ends is reported to the scheduler through
 * {@link SchedulerPlugin#taskFinished}.
 *
 * <pre>{@code
 * SchedulerHarness cluster = new SchedulerHarness(new MyScheduler());
 * cluster.worker("w1", CapabilitiesBuilder.linux().build(), 2);
 * Task first = cluster.submit(TaskBuilder.task().tenant("web"), Duration.ofSeconds(30));
 * assertEquals(List.of(first.id()), cluster.dispatch().stream().map(Assignment::task).toList());
 * cluster.runFor(Duration.ofHours(1), () -> { });   // decisions as tasks end, until an hour later
 * }</pre>
 */
public final class SchedulerHarness {
    private final SchedulerPlugin scheduler;
    private final SchedulingContextBuilder state;
    private final Map<WorkerId, Worker> workers = new LinkedHashMap<>();
    private final Map<TaskId, Duration> durations = new HashMap<>();
    private final PriorityQueue<Attempt> attempts = new PriorityQueue<>(
            Comparator.comparing((Attempt attempt) -> attempt.end).thenComparingLong(attempt -> attempt.task.seq()));
    private final Map<String, Double> slotSeconds = new HashMap<>();
    private final List<RunningTask> started = new ArrayList<>();

    private static final class Worker {
        final Capabilities capabilities;
        final int slots;
        int busy;

        Worker(Capabilities capabilities, int slots) {
            this.capabilities = capabilities;
            this.slots = slots;
        }
    }

    private static final class Attempt {
        final Task task;
        final Instant start;
        final Instant end;
        Instant countedUntil;

        Attempt(Task task, Instant start, Instant end) {
            this.task = task;
            this.start = start;
            this.end = end;
            this.countedUntil = start;
        }
    }

    /** The scheduler, at {@link TaskBuilder#T0}. */
    public SchedulerHarness(SchedulerPlugin scheduler) {
        this(scheduler, TaskBuilder.T0);
    }

    public SchedulerHarness(SchedulerPlugin scheduler, Instant start) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.state = SchedulingContextBuilder.at(start);
    }

    /** The half-life of the tenants' usage; the coordinator's default is 60 minutes. Set it before any usage. */
    public SchedulerHarness usageHalfLife(Duration value) {
        state.usageHalfLife(value);
        return this;
    }

    /** The estimate of tasks without history; the coordinator's default is 60 s. */
    public SchedulerHarness defaultEstimate(Duration value) {
        state.defaultEstimate(value);
        return this;
    }

    /** A worker with {@code slots} slots, all free. */
    public SchedulerHarness worker(String id, Capabilities capabilities, int slots) {
        workers.put(WorkerId.of(id), new Worker(capabilities, slots));
        return this;
    }

    /** Queues a task now (unless it says when); once started it runs for {@code takes}. */
    public Task submit(TaskBuilder task, Duration takes) {
        Task queued = state.submit(task);
        durations.put(queued.id(), takes);
        return queued;
    }

    /** The tenant has just used this much slot-time. */
    public SchedulerHarness used(String tenant, Duration slotTime) {
        state.used(tenant, slotTime);
        return this;
    }

    /**
     * From now on the scheduler gets usage that does not keep what the attempts on workers have run
     * ({@code runningSlotSeconds} is NaN), as a context from elsewhere may: it must sum the running tasks itself.
     */
    public SchedulerHarness usageWithoutRunningSlotSeconds() {
        state.usageWithoutRunningSlotSeconds();
        return this;
    }

    /**
     * One decision now, when there are queued tasks and free slots: the scheduler's assignments, each checked
     * and started.
     */
    public List<Assignment> dispatch() {
        List<FreeSlots> free = new ArrayList<>();
        workers.forEach((id, worker) -> {
            if (worker.busy < worker.slots) {
                free.add(new FreeSlots(id, worker.capabilities, worker.slots - worker.busy, worker.slots));
            }
        });
        if (free.isEmpty() || state.queue().size() == 0) {
            return List.of();
        }
        List<Assignment> assignments = scheduler.schedule(state.replaceFree(free).build());
        Set<TaskId> assigned = new HashSet<>();
        for (Assignment assignment : assignments) {
            Task task = state.queue().get(assignment.task());
            Worker worker = workers.get(assignment.worker());
            check(assigned.add(assignment.task()), "the task is assigned twice", assignment);
            check(task != null, "the task is not queued", assignment);
            check(worker != null, "no such worker", assignment);
            check(worker.busy < worker.slots, "the worker has no free slot", assignment);
            check(task.requirements().satisfiedBy(worker.capabilities), "the worker lacks the task's requirements",
                    assignment);
            start(task, assignment.worker(), worker);
        }
        return assignments;
    }

    /**
     * Lets {@code duration} pass: decides, lets the tasks due end, decides again, and so on; before each
     * decision {@code beforeEachDecision} may submit more. Slot-time is counted per tenant up to the end.
     */
    public void runFor(Duration duration, Runnable beforeEachDecision) {
        Instant until = state.now().plus(duration);
        while (true) {
            beforeEachDecision.run();
            dispatch();
            if (attempts.isEmpty() || attempts.peek().end.isAfter(until)) {
                break;
            }
            Instant next = attempts.peek().end;
            state.now(next);
            while (!attempts.isEmpty() && attempts.peek().end.equals(next)) {
                finish(attempts.poll());
            }
        }
        for (Attempt attempt : attempts) {
            countSlotTime(attempt, until);
        }
        state.now(until);
    }

    /** Slot-seconds each tenant's attempts have run so far (ended ones, and running ones up to the last step). */
    public Map<String, Double> slotSeconds() {
        return Map.copyOf(slotSeconds);
    }

    /** The tenant's tasks waiting in the queue. */
    public int queued(String tenant) {
        return state.queue().size(tenant);
    }

    public TestQueue queue() {
        return state.queue();
    }

    public Instant now() {
        return state.now();
    }

    /** The tasks on workers, in the order they started. */
    public List<RunningTask> running() {
        return state.running();
    }

    /**
     * Every attempt started so far, in order: the task as it ran, its worker, and when it started (what it
     * waited is the time from its {@code createdAt} to then).
     */
    public List<RunningTask> started() {
        return List.copyOf(started);
    }

    /** The scheduler's warnings through {@code deadlineAtRisk}, oldest first. */
    public List<DeadlineAtRisk> deadlinesAtRisk() {
        return state.deadlinesAtRisk();
    }

    private void start(Task task, WorkerId id, Worker worker) {
        state.queue().remove(task.id());
        worker.busy++;
        Task onWorker = state.running(task, id.value(), state.now());
        started.add(new RunningTask(onWorker, id, state.now()));
        attempts.add(new Attempt(onWorker, state.now(), state.now().plus(durations.remove(task.id()))));
    }

    private void finish(Attempt attempt) {
        Task task = attempt.task;
        Duration took = Duration.between(attempt.start, attempt.end);
        workers.get(task.worker()).busy--;
        countSlotTime(attempt, attempt.end);
        state.finished(task.id()).used(task.tenant(), took).took(task, took);
        scheduler.taskFinished(new TaskOutcome(task, task.worker(), TaskState.PASSED, took));
    }

    private void countSlotTime(Attempt attempt, Instant until) {
        double seconds = Duration.between(attempt.countedUntil, until).toMillis() / 1000.0;
        slotSeconds.merge(attempt.task.tenant(), seconds, Double::sum);
        attempt.countedUntil = until;
    }

    private static void check(boolean holds, String problem, Assignment assignment) {
        if (!holds) {
            throw new AssertionError(problem + ": " + assignment + " (the coordinator would ignore it)");
        }
    }
}
