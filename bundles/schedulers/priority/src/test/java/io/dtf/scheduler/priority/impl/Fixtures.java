package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.CapabilitiesBuilder;
import io.dtf.testkit.SchedulingContextBuilder;
import io.dtf.testkit.TaskBuilder;
import io.dtf.testkit.TestQueue;
import java.time.Instant;
import java.util.List;

/** Queued tasks, free slots and scheduling contexts for tests: what the priority scheduler reads. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private Fixtures() {
    }

    /** Queues a task of this priority, submitted at {@code createdAt}. */
    static Task add(TestQueue queue, int priority, Instant createdAt, Requirements requirements) {
        return queue.submit(TaskBuilder.task().priority(priority).createdAt(createdAt).requirements(requirements));
    }

    /** The decision at {@code now} over the queue, as the coordinator makes it. */
    static SchedulingContext context(Instant now, TestQueue queue, List<FreeSlots> free, List<RunningTask> running) {
        return SchedulingContextBuilder.at(now).queue(queue).free(free).running(running).build();
    }

    static FreeSlots free(String worker, int free, String... labels) {
        return new FreeSlots(WorkerId.of(worker), caps(labels), free, free);
    }

    static Capabilities caps(String... labels) {
        return CapabilitiesBuilder.linux().labels(labels).build();
    }
}
