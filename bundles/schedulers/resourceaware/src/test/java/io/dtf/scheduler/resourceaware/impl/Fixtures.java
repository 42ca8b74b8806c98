package io.dtf.scheduler.resourceaware.impl;

import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Tasks and workers for tests. */
final class Fixtures {
    static final RunId RUN = RunId.of("r1");
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private Fixtures() {
    }

    static Task task(int index, Requirements requirements) {
        return task(index, requirements, NOW);
    }

    static Task task(int index, Requirements requirements, Instant createdAt) {
        return new Task(TaskId.of(RUN, index), RUN, "t" + index, "command", Map.of(), requirements, 0, "default",
                null, Duration.ofMinutes(1), 1, index, TaskState.QUEUED, 0, null, createdAt, null, null, null);
    }

    static Requirements cpus(int cpus) {
        return new Requirements(null, null, cpus, null, Set.of(), null, null, null);
    }

    static Requirements labels(String... labels) {
        return new Requirements(null, null, null, null, Set.of(labels), null, null, null);
    }

    static FreeSlots worker(String id, int cpus, int slots, int free, String... labels) {
        return new FreeSlots(WorkerId.of(id), linux(cpus, 16384, labels), free, slots);
    }

    static Capabilities linux(int cpus, long memoryMb, String... labels) {
        return new Capabilities("linux", "x86_64", cpus, memoryMb, "17", Set.of(labels), Set.of(), false, false);
    }
}
