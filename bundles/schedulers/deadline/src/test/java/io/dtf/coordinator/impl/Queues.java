package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.task.Task;
import io.dtf.coordinator.impl.scheduling.PendingIndex;
import java.util.Collection;

/** The coordinator's real queue index, for scheduler tests outside the coordinator. */
public final class Queues {
    private Queues() {
    }

    public static PendingTasks of(Collection<Task> tasks) {
        PendingIndex index = new PendingIndex();
        tasks.forEach(index::add);
        return index;
    }
}
