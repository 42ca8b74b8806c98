package io.dtf.benchmarks;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.SchedulingContextBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One scheduler on one workload, on a simulated clock, without threads: tasks arrive, the
 * scheduler decides whenever something arrived or finished, as the coordinator's dispatch loop
 * does, and every assignment is checked as the coordinator checks it (still queued, a free slot,
 * the capabilities). The queue, usage, duration estimates and the context are the coordinator's own
 * classes, through the test kit: estimates keyed by task name, which the simulation keeps the same
 * across runs of one suite; usage without the running attempts' slot-seconds, which schedulers then
 * sum from the running tasks.
 *
 * <p>A worker's CPUs are shared: a task that starts while the CPUs its worker's tasks asked for
 * (1 when they name none) exceed the worker's CPUs runs that much slower, for its whole run.
 */
final class Simulator {
    static final Duration USAGE_HALF_LIFE = Duration.ofMinutes(30);
    static final Duration DEFAULT_ESTIMATE = Duration.ofSeconds(60);

    /** Priority bands of the wait figures. */
    static final String[] BANDS = {"0-3", "4-6", "7-9"};

    /**
     * What a simulation measured.
     *
     * @param scheduler the scheduler's name
     * @param makespan from the first arrival to the last finish
     * @param fairness Jain's index of the tenants' slot-time divided by weight, counted while every
     *     tenant had tasks queued; NaN when that was under 1% of the makespan
     * @param contended how long every tenant had tasks queued
     * @param withDeadline tasks that had a deadline
     * @param missed of those, the ones that finished after it
     * @param p95Wait per priority band, the 95th percentile of the time from arrival to start
     * @param tasks tasks in the workload
     * @param unfinished tasks never run (a scheduler that left work queued with workers idle)
     * @param refused assignments the coordinator would have refused
     */
    record Result(String scheduler, Duration makespan, double fairness, Duration contended, int withDeadline,
                  int missed, Duration[] p95Wait, int tasks, int unfinished, long refused) {
    }

    private record Node(Synthetic.Worker worker, int[] busy, double[] cpus) {
        int free() {
            return worker.slots() - busy[0];
        }
    }

    private record Finish(long at, Task task, Node node, Duration took, int cpus) {
    }

    private final String name;
    private final Workload workload;
    private final SchedulerPlugin scheduler;
    private final SchedulingContextBuilder state = SchedulingContextBuilder.at(Workload.START)
            .usageHalfLife(USAGE_HALF_LIFE).defaultEstimate(DEFAULT_ESTIMATE).durationKey(Task::name)
            .usageWithoutRunningSlotSeconds();
    private final Map<WorkerId, Node> nodes = new LinkedHashMap<>();
    private final Map<TaskId, Workload.Arrival> arrivals = new HashMap<>();
    private final PriorityQueue<Finish> finishes = new PriorityQueue<>(
            Comparator.comparingLong(Finish::at).thenComparingLong(finish -> finish.task().seq()));
    private final Map<String, int[]> queuedByTenant = new HashMap<>();
    private final Map<String, int[]> runningByTenant = new HashMap<>();
    private final Map<String, double[]> contendedSlotSeconds = new HashMap<>();
    private final List<List<Long>> waits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private long clock;
    private long lastFinish;
    private double contendedSeconds;
    private int finished;
    private int withDeadline;
    private int missed;
    private long refused;

    Simulator(String name, Workload workload, SchedulerPlugin scheduler) {
        this.name = name;
        this.workload = workload;
        this.scheduler = scheduler;
        for (Synthetic.Worker worker : workload.workers()) {
            nodes.put(worker.id(), new Node(worker, new int[1], new double[1]));
        }
        for (String tenant : workload.weights().keySet()) {
            queuedByTenant.put(tenant, new int[1]);
            runningByTenant.put(tenant, new int[1]);
            contendedSlotSeconds.put(tenant, new double[1]);
        }
    }

    Result run() {
        List<Workload.Arrival> pending = workload.arrivals();
        int next = 0;
        while (true) {
            long arrivalAt = next < pending.size() ? pending.get(next).at().toMillis() : Long.MAX_VALUE;
            long finishAt = finishes.isEmpty() ? Long.MAX_VALUE : finishes.peek().at();
            long at = Math.min(arrivalAt, finishAt);
            if (at == Long.MAX_VALUE) {
                break;
            }
            advanceTo(at);
            while (next < pending.size() && pending.get(next).at().toMillis() == at) {
                arrive(pending.get(next++));
            }
            while (!finishes.isEmpty() && finishes.peek().at() == at) {
                finish(finishes.poll());
            }
            dispatch();
        }
        Duration[] p95 = new Duration[BANDS.length];
        for (int band = 0; band < BANDS.length; band++) {
            p95[band] = percentile(waits.get(band), 0.95);
        }
        return new Result(name, Duration.ofMillis(lastFinish), fairness(), Duration.ofMillis((long) (contendedSeconds
                * 1000)), withDeadline, missed, p95, pending.size(), pending.size() - finished, refused);
    }

    private void arrive(Workload.Arrival arrival) {
        Task task = arrival.task();
        arrivals.put(task.id(), arrival);
        state.queue().add(task);
        queuedByTenant.get(task.tenant())[0]++;
    }

    private void dispatch() {
        if (state.queue().size() == 0) {
            return;
        }
        List<FreeSlots> free = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.free() > 0) {
                free.add(new FreeSlots(node.worker().id(), node.worker().capabilities(), node.free(),
                        node.worker().slots()));
            }
        }
        if (free.isEmpty()) {
            return;
        }
        Instant now = now();
        List<Assignment> assignments = scheduler.schedule(state.now(now).replaceFree(free).build());
        for (Assignment assignment : assignments) {
            Task task = state.queue().get(assignment.task());
            Node node = nodes.get(assignment.worker());
            if (task == null || node == null || node.free() <= 0
                    || !task.requirements().satisfiedBy(node.worker().capabilities())) {
                refused++;
                continue;
            }
            start(task, node, now);
        }
    }

    private void start(Task task, Node node, Instant now) {
        state.queue().remove(task.id());
        queuedByTenant.get(task.tenant())[0]--;
        runningByTenant.get(task.tenant())[0]++;
        Workload.Arrival arrival = arrivals.get(task.id());
        waits.get(band(task.priority())).add(clock - arrival.at().toMillis());
        int cpus = task.requirements().cpus() == null ? 1 : task.requirements().cpus();
        node.busy()[0]++;
        node.cpus()[0] += cpus;
        double slowdown = Math.max(1.0, node.cpus()[0] / node.worker().capabilities().cpus());
        Duration took = Duration.ofMillis(Math.round(arrival.duration().toMillis() * slowdown));
        Task leased = task.withState(TaskState.LEASED, 1, node.worker().id());
        state.running(List.of(new RunningTask(leased, node.worker().id(), now)));
        finishes.add(new Finish(clock + took.toMillis(), leased, node, took, cpus));
    }

    private void finish(Finish done) {
        Task task = done.task();
        done.node().busy()[0]--;
        done.node().cpus()[0] -= done.cpus();
        runningByTenant.get(task.tenant())[0]--;
        Instant now = now();
        state.finished(task.id()).now(now).used(task.tenant(), done.took()).took(task, done.took());
        scheduler.taskFinished(new TaskOutcome(task, done.node().worker().id(), TaskState.PASSED, done.took()));
        finished++;
        lastFinish = clock;
        if (task.deadline() != null) {
            withDeadline++;
            if (now.isAfter(task.deadline())) {
                missed++;
            }
        }
    }

    /** Moves the clock; while every tenant has tasks queued, counts the slot-time each holds. */
    private void advanceTo(long at) {
        double seconds = (at - clock) / 1000.0;
        if (seconds > 0 && queuedByTenant.values().stream().allMatch(queued -> queued[0] > 0)) {
            contendedSeconds += seconds;
            runningByTenant.forEach((tenant, count) -> contendedSlotSeconds.get(tenant)[0] += count[0] * seconds);
        }
        clock = at;
    }

    private double fairness() {
        if (contendedSeconds * 1000 < 0.01 * lastFinish) {
            return Double.NaN;
        }
        double sum = 0;
        double squares = 0;
        for (Map.Entry<String, Double> tenant : workload.weights().entrySet()) {
            double share = contendedSlotSeconds.get(tenant.getKey())[0] / tenant.getValue();
            sum += share;
            squares += share * share;
        }
        return squares == 0 ? Double.NaN : sum * sum / (workload.weights().size() * squares);
    }

    private Instant now() {
        return Workload.START.plusMillis(clock);
    }

    static int band(int priority) {
        return priority <= 3 ? 0 : priority <= 6 ? 1 : 2;
    }

    static Duration percentile(List<Long> values, double fraction) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return Duration.ofMillis(sorted.get(Math.max(0, index)));
    }
}
