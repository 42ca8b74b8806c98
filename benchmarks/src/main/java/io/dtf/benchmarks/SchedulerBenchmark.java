package io.dtf.benchmarks;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.testkit.TestQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scheduling decisions per second: 1,000 workers of mixed capabilities (each with all but one
 * slot busy), 100,000 queued tasks of a few dozen requirement classes, 8 tenants, priorities and
 * deadlines, in the coordinator's real queue index. Each invocation is one dispatch: a handful of
 * workers (8 by default, the next ones each time) offer their free slot and the scheduler decides;
 * the {@code decisions} counter is the number of assignments made, per second.
 *
 * <p>With {@code churn=true} every assigned task is removed from the queue and queued again at its
 * back as a new submission, as the coordinator would lease it and new work would arrive: the
 * figure then includes the queue index's own updates.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar Scheduler -f 1 -wi 3 -i 3
 * java -jar benchmarks/target/benchmarks.jar Scheduler -f 1 -wi 3 -i 3 -p churn=true
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SchedulerBenchmark {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final String[] TENANTS = {"web", "data", "mobile", "infra", "ml", "search", "payments", "ops"};

    @Param({"fifo", "fair-share", "priority", "round-robin", "resource-aware", "deadline"})
    public String scheduler;

    @Param("false")
    public boolean churn;

    @Param("1000")
    public int workers;

    @Param("100000")
    public int tasks;

    @Param("8")
    public int freeWorkers;

    /** The scheduler's configuration, {@code key=value} pairs separated by {@code ;} (empty: defaults). */
    @Param("")
    public String config;

    private SchedulerPlugin plugin;
    private TestQueue queue;
    private List<List<FreeSlots>> windows;
    private List<RunningTask> running;
    private TenantUsage usage;
    private DurationEstimates estimates;
    private int window;
    private long nextSeq;
    private long atRisk;

    /** The assignments made, reported by JMH as a rate next to the invocations. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Decisions {
        public long decisions;

        @Setup(Level.Iteration)
        public void reset() {
            decisions = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        List<Synthetic.Worker> cluster = Synthetic.workers(random, workers);
        List<Synthetic.TaskClass> classes = Synthetic.classes(random, 36);
        queue = new TestQueue();
        int index = 0;
        RunId run = null;
        int runLeft = 0;
        String tenant = null;
        for (int i = 0; i < tasks; i++) {
            if (runLeft == 0) {
                // runs of 20 to 2,000 tasks, now and then a very large one
                run = RunId.of("r" + i);
                runLeft = random.nextInt(50) == 0 ? 10_000 : 20 + random.nextInt(2_000);
                tenant = TENANTS[random.nextInt(TENANTS.length)];
                index = 0;
            }
            runLeft--;
            Instant created = NOW.minusSeconds(7_200L * (tasks - i) / tasks);
            Instant deadline = random.nextInt(10) < 3 ? NOW.plusSeconds(random.nextInt(4 * 3600) - 600) : null;
            queue.add(Synthetic.task(run, ++index, "t" + (i % 500), Synthetic.pickClass(random, classes).requirements(),
                    Synthetic.priority(random), tenant, deadline, ++nextSeq, created));
        }
        running = new ArrayList<>();
        List<FreeSlots> free = new ArrayList<>();
        for (Synthetic.Worker worker : cluster) {
            occupy(worker, classes, random);
            free.add(new FreeSlots(worker.id(), worker.capabilities(), 1, worker.slots()));
        }
        windows = new ArrayList<>();
        for (int first = 0; first < free.size(); first += freeWorkers) {
            List<FreeSlots> slots = new ArrayList<>();
            for (int i = 0; i < freeWorkers; i++) {
                slots.add(free.get((first + i) % free.size()));
            }
            windows.add(slots);
        }
        Map<String, Double> used = new HashMap<>();
        for (String name : TENANTS) {
            used.put(name, random.nextDouble() * 50_000);
        }
        Map<String, long[]> onWorkers = new HashMap<>();
        for (RunningTask task : running) {
            long[] sum = onWorkers.computeIfAbsent(task.task().tenant(), t -> new long[2]);
            sum[0]++;
            sum[1] += task.since().toEpochMilli();
        }
        usage = new Usage(used, onWorkers);
        Duration[] durations = new Duration[64];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = Duration.ofSeconds(30 + random.nextInt(1_200));
        }
        estimates = task -> durations[(int) (task.seq() & 63)];
        plugin = Schedulers.create(scheduler, properties(config));
    }

    /** Fills all but one slot of the worker with tasks that it can run and that fit its CPUs. */
    private void occupy(Synthetic.Worker worker, List<Synthetic.TaskClass> classes, Random random) {
        int cpusLeft = worker.capabilities().cpus() - 1;
        for (int slot = 1; slot < worker.slots(); slot++) {
            Requirements requirements = Requirements.NONE;
            for (int attempt = 0; attempt < 10; attempt++) {
                Requirements candidate = Synthetic.pickClass(random, classes).requirements();
                int cpus = candidate.cpus() == null ? 1 : candidate.cpus();
                if (candidate.satisfiedBy(worker.capabilities()) && cpus < cpusLeft) {
                    requirements = candidate;
                    break;
                }
            }
            cpusLeft -= requirements.cpus() == null ? 1 : requirements.cpus();
            RunId run = RunId.of("running-" + worker.id());
            Task task = Synthetic.task(run, slot, "busy", requirements, 0, TENANTS[slot % TENANTS.length], null,
                    0, NOW.minusSeconds(600));
            running.add(new RunningTask(task, worker.id(), NOW.minusSeconds(300)));
        }
    }

    @Benchmark
    public int schedule(Decisions counter) {
        List<FreeSlots> free = windows.get(window);
        window = window + 1 == windows.size() ? 0 : window + 1;
        List<Assignment> assignments = plugin.schedule(new Snapshot(NOW, queue.pending(), free, running, usage,
                estimates, (task, finish) -> atRisk++));
        counter.decisions += assignments.size();
        if (churn) {
            for (Assignment assignment : assignments) {
                Task task = queue.remove(assignment.task());
                if (task != null) {
                    queue.add(Synthetic.resubmitted(task, ++nextSeq, NOW));
                }
            }
        }
        return assignments.size();
    }

    /**
     * Decayed slot-seconds per tenant, and the attempts on workers as the coordinator keeps them: per
     * tenant, how many and the sum of their lease times (epoch milliseconds).
     */
    private record Usage(Map<String, Double> used, Map<String, long[]> onWorkers) implements TenantUsage {
        @Override
        public double slotSeconds(String tenant) {
            return used.getOrDefault(tenant, 0.0);
        }

        @Override
        public double runningSlotSeconds(String tenant) {
            long[] sum = onWorkers.get(tenant);
            return sum == null ? 0 : Math.max(sum[0] * NOW.toEpochMilli() - sum[1], sum[0] * 1_000) / 1000.0;
        }
    }

    static Map<String, String> properties(String config) {
        Map<String, String> properties = new HashMap<>();
        for (String pair : config.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                properties.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return properties;
    }
}
