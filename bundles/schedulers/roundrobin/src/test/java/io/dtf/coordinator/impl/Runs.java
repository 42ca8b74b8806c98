package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.coordinator.impl.scheduling.PendingIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The coordinator's real queue index, filled run by run, for scheduler tests. */
public final class Runs implements PendingTasks {
    private final PendingIndex index = new PendingIndex();
    private long seq;

    /** Queues a run of {@code count} tasks of one tenant and requirements, after everything queued so far. */
    public List<Task> submit(String run, String tenant, int count, Requirements requirements) {
        RunId id = RunId.of(run);
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(new Task(TaskId.of(id, i), id, "t" + i, "command", Map.of(), requirements, 0, tenant, null,
                    Duration.ofHours(1), 1, ++seq, TaskState.QUEUED, 0, null, Instant.EPOCH, null, null, null));
        }
        tasks.forEach(index::add);
        return tasks;
    }

    public Task get(TaskId id) {
        return index.get(id);
    }

    public Task remove(TaskId id) {
        return index.remove(id);
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public java.util.NavigableMap<Long, io.dtf.api.task.RunId> runs() {
        return index.runs();
    }

    @Override
    public Collection<PendingGroup> groups() {
        return index.groups();
    }
}
