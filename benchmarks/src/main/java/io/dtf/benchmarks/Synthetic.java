package io.dtf.benchmarks;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic workers and tasks, the same for the benchmark and the simulation: a catalogue of
 * worker kinds (plain Linux, big Linux, browser boxes, GPU boxes, ARM, Windows, Mac, small) and a
 * few dozen requirement classes that those workers serve, drawn with a fixed seed.
 */
public final class Synthetic {
    /** A worker: its id, what it offers and its slots. */
    public record Worker(WorkerId id, Capabilities capabilities, int slots) {
    }

    /** A requirement class and how often tasks of it come, relative to the others. */
    public record TaskClass(Requirements requirements, double weight) {
    }

    private record Kind(double share, Capabilities capabilities, int slots) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(0.28, caps("linux", "x86_64", 8, 16_384, Set.of("docker"), Set.of(), false, false), 4),
            new Kind(0.14, caps("linux", "x86_64", 16, 65_536, Set.of("docker", "large"), Set.of(), false, false), 8),
            new Kind(0.14, caps("linux", "x86_64", 4, 8_192, Set.of(), Set.of("chrome", "firefox"), true, false), 2),
            new Kind(0.06, caps("linux", "x86_64", 8, 32_768, Set.of("gpu", "docker"), Set.of("chrome"), true, true), 2),
            new Kind(0.10, caps("linux", "aarch64", 8, 16_384, Set.of("docker"), Set.of(), false, false), 4),
            new Kind(0.10, caps("windows", "x86_64", 8, 16_384, Set.of(), Set.of("chrome", "edge"), true, false), 4),
            new Kind(0.10, caps("mac", "aarch64", 8, 16_384, Set.of(), Set.of("safari", "chrome"), true, false), 4),
            new Kind(0.08, caps("linux", "x86_64", 2, 4_096, Set.of(), Set.of(), false, false), 2));

    private static final String[] OS = {null, null, null, "linux", "linux", "windows", "mac"};
    private static final Integer[] CPUS = {null, null, null, 2, 4, 8};
    private static final Long[] MEMORY = {null, null, null, 4_096L, 16_384L};
    private static final List<Set<String>> LABELS = List.of(Set.of(), Set.of(), Set.of(), Set.of("docker"),
            Set.of("large"), Set.of("gpu"));
    private static final String[] BROWSERS = {null, null, null, null, "chrome", "firefox", "safari", "edge"};

    private Synthetic() {
    }

    private static Capabilities caps(String os, String arch, int cpus, long memoryMb, Set<String> labels,
            Set<String> browsers, boolean webgpu, boolean webnn) {
        return new Capabilities(os, arch, cpus, memoryMb, "17", labels, browsers, webgpu, webnn);
    }

    /** {@code count} workers of the catalogue's kinds in their shares, in a shuffled order. */
    public static List<Worker> workers(Random random, int count) {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Kind kind = kind(random);
            workers.add(new Worker(WorkerId.of("w" + i), kind.capabilities(), kind.slots()));
        }
        return workers;
    }

    private static Kind kind(Random random) {
        double x = random.nextDouble();
        for (Kind kind : KINDS) {
            x -= kind.share();
            if (x < 0) {
                return kind;
            }
        }
        return KINDS.get(0);
    }

    /**
     * {@code count} distinct requirement classes that at least one kind of worker serves, with
     * weights falling off like Zipf's law (the first class is the most common); the first is
     * always "no requirements".
     */
    public static List<TaskClass> classes(Random random, int count) {
        Set<Requirements> distinct = new LinkedHashSet<>();
        distinct.add(Requirements.NONE);
        while (distinct.size() < count) {
            Requirements requirements = new Requirements(pick(random, OS),
                    random.nextInt(8) == 0 ? "aarch64" : null, pick(random, CPUS), pick(random, MEMORY),
                    LABELS.get(random.nextInt(LABELS.size())), pick(random, BROWSERS),
                    random.nextInt(10) == 0 ? Boolean.TRUE : null, random.nextInt(30) == 0 ? Boolean.TRUE : null);
            if (KINDS.stream().anyMatch(kind -> requirements.satisfiedBy(kind.capabilities()))) {
                distinct.add(requirements);
            }
        }
        List<TaskClass> classes = new ArrayList<>();
        int rank = 1;
        for (Requirements requirements : distinct) {
            // as common as the workers that serve it: few tasks need what few workers have
            classes.add(new TaskClass(requirements, servingShare(requirements) / Math.pow(rank++, 0.8)));
        }
        return classes;
    }

    /** The share of the catalogue's slots that can run tasks with these requirements. */
    static double servingShare(Requirements requirements) {
        double serving = 0;
        double all = 0;
        for (Kind kind : KINDS) {
            all += kind.share() * kind.slots();
            if (requirements.satisfiedBy(kind.capabilities())) {
                serving += kind.share() * kind.slots();
            }
        }
        return serving / all;
    }

    /** A class drawn by weight. */
    public static TaskClass pickClass(Random random, List<TaskClass> classes) {
        double total = 0;
        for (TaskClass taskClass : classes) {
            total += taskClass.weight();
        }
        double x = random.nextDouble() * total;
        for (TaskClass taskClass : classes) {
            x -= taskClass.weight();
            if (x < 0) {
                return taskClass;
            }
        }
        return classes.get(classes.size() - 1);
    }

    /** A queued task with the given definition. */
    public static Task task(RunId run, int index, String name, Requirements requirements, int priority, String tenant,
            Instant deadline, long seq, Instant createdAt) {
        return new Task(TaskId.of(run, index), run, name, "command", Map.of(), requirements, priority, tenant,
                deadline, Duration.ofHours(1), 2, seq, TaskState.QUEUED, 0, null, createdAt, null, null, null);
    }

    /** The same task under a new submission order and creation time, as when it is queued anew. */
    public static Task resubmitted(Task t, long seq, Instant createdAt) {
        return new Task(t.id(), t.runId(), t.name(), t.type(), t.spec(), t.requirements(), t.priority(), t.tenant(),
                t.deadline(), t.timeout(), t.maxAttempts(), seq, t.state(), t.attempt(), t.worker(), createdAt,
                t.startedAt(), t.finishedAt(), t.result());
    }

    /** Priorities as plans give them: mostly the default 0, some raised, a few urgent. */
    public static int priority(Random random) {
        int x = random.nextInt(100);
        return x < 55 ? 0 : x < 75 ? 1 + random.nextInt(3) : x < 92 ? 4 + random.nextInt(3) : 7 + random.nextInt(3);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
