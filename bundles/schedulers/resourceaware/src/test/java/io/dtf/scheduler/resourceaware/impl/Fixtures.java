package io.dtf.scheduler.resourceaware.impl;

import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.CapabilitiesBuilder;
import io.dtf.testkit.RequirementsBuilder;
import io.dtf.testkit.SchedulingContextBuilder;
import io.dtf.testkit.TaskBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tasks, workers and scheduling contexts for tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private Fixtures() {
    }

    /** The decision at {@link #NOW} over the coordinator's queue index of these tasks. */
    static SchedulingContext context(List<Task> queued, List<FreeSlots> free, List<RunningTask> running) {
        return SchedulingContextBuilder.at(NOW).queued(queued).free(free).running(running).build();
    }

    static Task task(int index, Requirements requirements) {
        return task(index, requirements, NOW);
    }

    /** Task {@code index} of run r1, submitted {@code index}-th. */
    static Task task(int index, Requirements requirements, Instant createdAt) {
        return TaskBuilder.task().id("r1." + index).seq(index).requirements(requirements)
                .timeout(Duration.ofMinutes(1)).createdAt(createdAt).build();
    }

    static Requirements cpus(int cpus) {
        return RequirementsBuilder.requirements().cpus(cpus).build();
    }

    static Requirements labels(String... labels) {
        return RequirementsBuilder.requirements().labels(labels).build();
    }

    static FreeSlots worker(String id, int cpus, int slots, int free, String... labels) {
        return new FreeSlots(WorkerId.of(id), linux(cpus, 16384, labels), free, slots);
    }

    static Capabilities linux(int cpus, long memoryMb, String... labels) {
        return CapabilitiesBuilder.linux().cpus(cpus).memoryMb(memoryMb).labels(labels).build();
    }
}
