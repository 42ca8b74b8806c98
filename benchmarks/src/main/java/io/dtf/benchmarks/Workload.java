package io.dtf.benchmarks;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A synthetic workload for the simulation: workers, tenants with weights, and tasks arriving in
 * runs over time, each with its true duration. Built from a seed, so every scheduler sees the same.
 *
 * @param name short name, for the table
 * @param description what it is and what it shows
 * @param workers the cluster
 * @param weights tenants and their fair-share weights
 * @param arrivals every task, by arrival time
 */
public record Workload(String name, String description, List<Synthetic.Worker> workers, Map<String, Double> weights,
                       List<Arrival> arrivals) {
    /** The simulated clock starts here. */
    public static final Instant START = Instant.parse("2026-11-27T08:00:00Z");

    /** A task arriving {@code at} after the start (its {@code createdAt}), that takes {@code duration} to run. */
    public record Arrival(Task task, Duration at, Duration duration) {
    }

    /** The four standard workloads; {@code scale} 1 is the documented size, smaller is for tests. */
    public static List<Workload> standard(long seed, double scale) {
        return List.of(mixed(seed, scale), bigRun(seed + 1, scale), deadlines(seed + 2, scale),
                packing(seed + 3, scale));
    }

    /** Tenants of unequal weights submit runs of mixed requirements and priorities for an hour; 1.3 times capacity. */
    static Workload mixed(long seed, double scale) {
        Random random = new Random(seed);
        Map<String, Double> weights = weights("web", 1, "data", 1, "mobile", 2, "ml", 4);
        List<Synthetic.Worker> workers = Synthetic.workers(random, scaled(60, scale));
        Builder builder = new Builder(random, Synthetic.classes(random, 24), workers);
        double work = 1.3 * slots(workers) * 3600;
        builder.runsOverAnHour(() -> builder.work < work, weights, 140,
                () -> random.nextInt(10) < 3 ? 15 + random.nextInt(75) : 0, 90);
        return builder.build("mixed", "4 tenants weighted 1:1:2:4, " + workers.size() + " mixed workers, runs of "
                + "10-150 tasks over an hour, 30% of runs with a deadline; 1.3x capacity", workers, weights);
    }

    /** One tenant's nightly run of an hour's work arrives first; three tenants send small runs all along. */
    static Workload bigRun(long seed, double scale) {
        Random random = new Random(seed);
        Map<String, Double> weights = weights("nightly", 1, "web", 1, "mobile", 1, "api", 1);
        List<Synthetic.Worker> workers = Synthetic.workers(random, scaled(40, scale));
        Builder builder = new Builder(random, Synthetic.classes(random, 16), workers);
        // the nightly run needs nothing special, so that it can take every worker
        builder.mix = List.of(new Synthetic.TaskClass(Requirements.NONE, 1), new Synthetic.TaskClass(
                new Requirements("linux", null, null, null, Set.of(), null, null, null), 1));
        builder.run("nightly", (int) (slots(workers) * 3600 / 90.0), 0, 0, 0, 90);
        builder.mix = null;
        for (int minute = 1; minute < 60; minute += 3) {
            for (String tenant : List.of("web", "mobile", "api")) {
                builder.run(tenant, 20, minute * 60 + random.nextInt(60), random.nextInt(7),
                        random.nextInt(10) < 4 ? 20 : 0, 90);
            }
        }
        return builder.build("big-run", "a run with an hour of work for " + workers.size() + " workers arrives first; "
                + "3 other tenants send runs of 20 tasks every 3 minutes, 40% with a 20-minute deadline", workers,
                weights);
    }

    /** Every run has a deadline, some tight, some loose; 1.2 times capacity. */
    static Workload deadlines(long seed, double scale) {
        Random random = new Random(seed);
        Map<String, Double> weights = weights("web", 1, "data", 1, "mobile", 1, "ml", 1);
        List<Synthetic.Worker> workers = Synthetic.workers(random, scaled(40, scale));
        Builder builder = new Builder(random, Synthetic.classes(random, 16), workers);
        double work = 1.2 * slots(workers) * 3600;
        builder.runsOverAnHour(() -> builder.work < work, weights, 60, () -> 10 + random.nextInt(110), 120);
        return builder.build("deadlines", "every run has a deadline 10-120 minutes after it arrives, "
                + workers.size() + " mixed workers; 1.2x capacity", workers, weights);
    }

    /**
     * Tasks asking for 1 to 8 CPUs on big (16 CPUs, 16 slots) and small (4 CPUs, 4 slots) Linux
     * workers: slot counting alone overcommits CPUs, which the simulation charges as slower tasks.
     */
    static Workload packing(long seed, double scale) {
        Random random = new Random(seed);
        Map<String, Double> weights = weights("web", 1, "data", 1);
        List<Synthetic.Worker> workers = new ArrayList<>();
        int pairs = scaled(12, scale);
        for (int i = 0; i < pairs; i++) {
            workers.add(new Synthetic.Worker(WorkerId.of("big" + i), linux(16, 65_536), 16));
            workers.add(new Synthetic.Worker(WorkerId.of("small" + i), linux(4, 16_384), 4));
        }
        List<Synthetic.TaskClass> classes = List.of(cpus(1, 2_048, 8), cpus(2, 4_096, 4), cpus(4, 8_192, 2),
                cpus(8, 16_384, 1));
        Builder builder = new Builder(random, classes, workers);
        double cpuSeconds = 1.2 * 20 * pairs * 3600;
        builder.runsOverAnHour(() -> builder.cpuWork < cpuSeconds, weights, 90,
                () -> random.nextInt(10) < 3 ? 30 + random.nextInt(60) : 0, 120);
        return builder.build("packing", pairs + " workers of 16 CPUs/16 slots and " + pairs
                + " of 4 CPUs/4 slots; tasks ask for 1, 2, 4 or 8 CPUs; 1.2x the CPUs", workers, weights);
    }

    private static Capabilities linux(int cpus, long memoryMb) {
        return new Capabilities("linux", "x86_64", cpus, memoryMb, "17", Set.of("docker"), Set.of(), false, false);
    }

    private static Synthetic.TaskClass cpus(int cpus, long memoryMb, double weight) {
        return new Synthetic.TaskClass(new Requirements(null, null, cpus, memoryMb, Set.of(), null, null, null),
                weight);
    }

    private static Map<String, Double> weights(Object... pairs) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            weights.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return weights;
    }

    private static int scaled(int count, double scale) {
        return Math.max(2, (int) Math.round(count * scale));
    }

    private static int slots(List<Synthetic.Worker> workers) {
        return workers.stream().mapToInt(Synthetic.Worker::slots).sum();
    }

    private static String pick(Random random, Map<String, Double> weights) {
        List<String> tenants = new ArrayList<>(weights.keySet());
        return tenants.get(random.nextInt(tenants.size()));
    }

    /** Makes runs of tasks whose names repeat across runs of a suite, so that history can learn them. */
    private static final class Builder {
        final Random random;
        final List<Synthetic.TaskClass> classes;
        final List<Arrival> arrivals = new ArrayList<>();
        /** The classes of the next runs; {@code null}: three drawn from {@code classes} for each run. */
        List<Synthetic.TaskClass> mix;
        double work;
        double cpuWork;
        int runs;

        /** Only classes that some worker of the cluster serves: every task can run. */
        Builder(Random random, List<Synthetic.TaskClass> classes, List<Synthetic.Worker> workers) {
            this.random = random;
            this.classes = classes.stream().filter(c -> workers.stream()
                    .anyMatch(worker -> c.requirements().satisfiedBy(worker.capabilities()))).toList();
        }

        /**
         * Runs of 10 to {@code 10 + sizes} tasks from random tenants at random times within the
         * first hour, while {@code more} says so.
         */
        void runsOverAnHour(BooleanSupplier more, Map<String, Double> weights, int sizes, IntSupplier deadlineMinutes,
                int meanSeconds) {
            while (more.getAsBoolean()) {
                run(pick(random, weights), 10 + random.nextInt(sizes), random.nextInt(3600), Synthetic.priority(random),
                        deadlineMinutes.getAsInt(), meanSeconds);
            }
        }

        /**
         * A run of {@code size} tasks arriving at {@code second}, of one of 20 suites of the tenant;
         * each task of a suite has its own typical duration around {@code meanSeconds}, and each
         * attempt varies around it. {@code deadlineMinutes} 0: no deadline.
         */
        void run(String tenant, int size, int second, int priority, int deadlineMinutes, int meanSeconds) {
            RunId run = RunId.of("r" + (++runs));
            int suite = random.nextInt(20);
            Instant created = START.plusSeconds(second);
            Instant deadline = deadlineMinutes > 0 ? created.plus(Duration.ofMinutes(deadlineMinutes)) : null;
            List<Synthetic.TaskClass> mix = this.mix != null ? this.mix : List.of(Synthetic.pickClass(random, classes),
                    Synthetic.pickClass(random, classes), Synthetic.pickClass(random, classes));
            for (int i = 1; i <= size; i++) {
                String name = tenant + "/suite" + suite + "/t" + i;
                Random typical = new Random(name.hashCode());
                double seconds = meanSeconds * Math.exp(typical.nextGaussian() * 0.6 - 0.18)
                        * Math.exp(random.nextGaussian() * 0.2 - 0.02);
                Requirements requirements = mix.get(random.nextInt(mix.size())).requirements();
                Task task = Synthetic.task(run, i, name, requirements, priority, tenant, deadline, 0, created);
                arrivals.add(new Arrival(task, Duration.ofSeconds(second), Duration.ofMillis(Math.round(seconds * 1000))));
                work += seconds;
                cpuWork += seconds * (requirements.cpus() == null ? 1 : requirements.cpus());
            }
        }

        Workload build(String name, String description, List<Synthetic.Worker> workers, Map<String, Double> weights) {
            arrivals.sort(Comparator.comparing(Arrival::at));
            List<Arrival> numbered = new ArrayList<>();
            long seq = 0;
            for (Arrival arrival : arrivals) {
                Task task = arrival.task();
                numbered.add(new Arrival(Synthetic.resubmitted(task, ++seq, task.createdAt()), arrival.at(),
                        arrival.duration()));
            }
            return new Workload(name, description, List.copyOf(workers), Collections.unmodifiableMap(weights),
                    List.copyOf(numbered));
        }
    }
}
