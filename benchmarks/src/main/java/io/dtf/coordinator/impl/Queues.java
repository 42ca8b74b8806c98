package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.coordinator.impl.scheduling.PendingIndex;

/**
 * The coordinator's real queue index ({@link PendingIndex}, package-private there), for the
 * benchmarks and the simulation: they decide over exactly what the coordinator gives schedulers.
 */
public final class Queues {
    private final PendingIndex index = new PendingIndex();

    public void add(Task task) {
        index.add(task);
    }

    /** Removes a task; returns it, or {@code null} when it was not queued. */
    public Task remove(TaskId id) {
        return index.remove(id);
    }

    public Task get(TaskId id) {
        return index.get(id);
    }

    public PendingTasks pending() {
        return index;
    }
}
