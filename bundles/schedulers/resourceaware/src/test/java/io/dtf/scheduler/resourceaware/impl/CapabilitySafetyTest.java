package io.dtf.scheduler.resourceaware.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.TaskBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property test: on thousands of random workers and tasks, no assignment ever breaks a
 * capability, a slot count or a worker's CPUs and memory (counting what already runs there), and
 * no free slot is left idle while a queued task would fit it.
 */
class CapabilitySafetyTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String[] OS = {"linux", "windows", "mac"};
    private static final String[] ARCH = {"x86_64", "aarch64"};
    private static final int[] CPUS = {0, 1, 2, 4, 8, 16};
    private static final long[] MEMORY = {0, 1024, 2048, 4096, 8192, 16384};
    private static final String[] LABELS = {"gpu", "docker", "large", "fast"};
    private static final String[] BROWSERS = {"chrome", "firefox"};

    private final Random random = new Random(20261127);
    private int nextTask;

    @Test
    void noAssignmentEverBreaksACapabilityOrAResource() {
        int rounds = 400;
        int tasks = 0;
        int workers = 0;
        int assignments = 0;
        List<String> violations = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            ResourceAwareScheduler.Settings settings = new ResourceAwareScheduler.Settings(
                    random.nextInt(3), random.nextBoolean() ? 0 : 512, "gpu", Duration.ZERO);
            List<FreeSlots> free = new ArrayList<>();
            List<RunningTask> running = new ArrayList<>();
            int workerCount = 1 + random.nextInt(60);
            for (int w = 0; w < workerCount; w++) {
                FreeSlots slots = randomWorker("w" + w);
                free.add(slots);
                for (int busy = slots.slots() - slots.free(); busy > 0; busy--) {
                    if (random.nextInt(4) > 0) { // some busy slots run tasks the context does not list
                        running.add(new RunningTask(randomTask(), slots.worker(), NOW));
                    }
                }
            }
            List<Task> queued = new ArrayList<>();
            List<Requirements> classes = new ArrayList<>();
            for (int c = 1 + random.nextInt(30); c > 0; c--) {
                classes.add(randomRequirements());
            }
            for (int t = 1 + random.nextInt(400); t > 0; t--) {
                queued.add(task(classes.get(random.nextInt(classes.size()))));
            }
            List<Assignment> decided = new ResourceAwareScheduler(settings)
                    .schedule(Fixtures.context(queued, free, running));
            check(decided, queued, free, running, settings, violations);
            tasks += queued.size();
            workers += workerCount;
            assignments += decided.size();
        }
        assertEquals(List.of(), violations.subList(0, Math.min(20, violations.size())));
        System.out.printf("capability safety: %d rounds, %d workers, %d tasks, %d assignments, 0 violations%n",
                rounds, workers, tasks, assignments);
    }

    private static void check(List<Assignment> decided, List<Task> queued, List<FreeSlots> free,
            List<RunningTask> running, ResourceAwareScheduler.Settings settings, List<String> violations) {
        Map<TaskId, Task> byId = new HashMap<>();
        queued.forEach(t -> byId.put(t.id(), t));
        Map<WorkerId, Load> load = new LinkedHashMap<>();
        free.forEach(f -> load.put(f.worker(), new Load(f, settings)));
        for (RunningTask r : running) {
            load.get(r.worker()).add(r.task().requirements(), settings, false);
        }
        load.values().forEach(l -> l.unlisted(settings));
        Set<TaskId> seen = new HashSet<>();
        for (Assignment a : decided) {
            Task task = byId.get(a.task());
            Load worker = load.get(a.worker());
            if (task == null || worker == null || !seen.add(a.task())) {
                violations.add("unknown or repeated: " + a);
                continue;
            }
            if (!task.requirements().satisfiedBy(worker.slots.capabilities())) {
                violations.add("capability: " + task.requirements() + " on " + worker.slots.capabilities());
            }
            worker.add(task.requirements(), settings, true);
            if (worker.free < 0 || worker.cpus > worker.cpuCapacity || worker.memory > worker.memoryCapacity) {
                violations.add("overloaded " + a.worker() + ": " + worker);
            }
        }
        // Work conservation: what is still queued fits no slot left free.
        Set<Requirements> checked = new HashSet<>();
        for (Task task : queued) {
            if (!seen.contains(task.id()) && checked.add(task.requirements())) {
                for (Load worker : load.values()) {
                    if (worker.wouldFit(task.requirements(), settings)) {
                        violations.add("idle slot on " + worker.slots.worker() + " fits queued " + task.requirements());
                    }
                }
            }
        }
    }

    /** The test's own account of a worker's load. */
    private static final class Load {
        final FreeSlots slots;
        final double cpuCapacity;
        final double memoryCapacity;
        int free;
        int listed;
        double cpus;
        double memory;

        Load(FreeSlots slots, ResourceAwareScheduler.Settings settings) {
            this.slots = slots;
            this.free = slots.free();
            Capabilities c = slots.capabilities();
            this.cpuCapacity = c.cpus() > 0 ? c.cpus() : Math.max(1, settings.defaultCpus()) * slots.slots();
            this.memoryCapacity = c.memoryMb() > 0 ? c.memoryMb() : Double.MAX_VALUE;
        }

        void add(Requirements r, ResourceAwareScheduler.Settings settings, boolean assigned) {
            cpus += r.cpus() != null ? r.cpus() : settings.defaultCpus();
            memory += r.memoryMb() != null ? r.memoryMb() : settings.defaultMemoryMb();
            if (assigned) {
                free--;
            } else {
                listed++;
            }
        }

        void unlisted(ResourceAwareScheduler.Settings settings) {
            int unknown = slots.slots() - slots.free() - listed;
            cpus += unknown * settings.defaultCpus();
            memory += unknown * settings.defaultMemoryMb();
        }

        boolean wouldFit(Requirements r, ResourceAwareScheduler.Settings settings) {
            return free > 0 && r.satisfiedBy(slots.capabilities())
                    && cpus + (r.cpus() != null ? r.cpus() : settings.defaultCpus()) <= cpuCapacity
                    && memory + (r.memoryMb() != null ? r.memoryMb() : settings.defaultMemoryMb()) <= memoryCapacity;
        }

        @Override
        public String toString() {
            return "free " + free + ", cpus " + cpus + "/" + cpuCapacity + ", memory " + memory + "/" + memoryCapacity;
        }
    }

    private FreeSlots randomWorker(String id) {
        Capabilities capabilities = new Capabilities(pick(OS), pick(ARCH), CPUS[random.nextInt(CPUS.length)],
                MEMORY[random.nextInt(MEMORY.length)], "17", subset(LABELS), subset(BROWSERS), random.nextBoolean(),
                random.nextBoolean());
        int slots = 1 + random.nextInt(8);
        return new FreeSlots(WorkerId.of(id), capabilities, 1 + random.nextInt(slots), slots);
    }

    private Requirements randomRequirements() {
        return new Requirements(maybe(pick(OS)), maybe(pick(ARCH)), maybe(1 + random.nextInt(8)),
                maybe((long) (256 << random.nextInt(7))), random.nextInt(3) == 0 ? subset(LABELS) : Set.of(),
                maybe(pick(BROWSERS)), maybe(true), maybe(true));
    }

    private Task randomTask() {
        return task(randomRequirements());
    }

    private Task task(Requirements requirements) {
        int index = ++nextTask;
        RunId run = RunId.of("r" + (index % 7));
        return TaskBuilder.task().id(TaskId.of(run, index).value()).seq(index).requirements(requirements)
                .timeout(Duration.ofMinutes(1)).createdAt(NOW).build();
    }

    private <T> T maybe(T value) {
        return random.nextInt(5) < 2 ? value : null;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private Set<String> subset(String[] values) {
        Set<String> subset = new HashSet<>();
        for (String value : values) {
            if (random.nextInt(3) == 0) {
                subset.add(value);
            }
        }
        return subset;
    }
}
