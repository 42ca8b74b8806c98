package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queued tasks, indexed by requirement class and ordered by submission sequence within each
 * class, so that a scheduler looks at the classes a worker can serve instead of scanning the queue.
 * A retried task keeps its sequence and so goes back to its place near the front. Not thread safe:
 * the engine guards it.
 */
final class PendingIndex implements PendingTasks {

    private final Map<Requirements, Group> groups = new LinkedHashMap<>();
    private final Map<TaskId, Task> byId = new HashMap<>();

    void add(Task task) {
        Task previous = byId.put(task.id(), task);
        if (previous != null) {
            groups.get(previous.requirements()).tasks.remove(previous.seq());
        }
        groups.computeIfAbsent(task.requirements(), Group::new).tasks.put(task.seq(), task);
    }

    /** Removes the task; returns it, or {@code null} when it was not queued. */
    Task remove(TaskId id) {
        Task task = byId.remove(id);
        if (task != null) {
            Group group = groups.get(task.requirements());
            group.tasks.remove(task.seq());
            if (group.tasks.isEmpty()) {
                groups.remove(task.requirements());
            }
        }
        return task;
    }

    Task get(TaskId id) {
        return byId.get(id);
    }

    @Override
    public int size() {
        return byId.size();
    }

    @Override
    public Collection<PendingGroup> groups() {
        return Collections.unmodifiableCollection(groups.values());
    }

    private static final class Group implements PendingGroup {
        private final Requirements requirements;
        private final TreeMap<Long, Task> tasks = new TreeMap<>();

        Group(Requirements requirements) {
            this.requirements = requirements;
        }

        @Override
        public Requirements requirements() {
            return requirements;
        }

        @Override
        public int size() {
            return tasks.size();
        }

        @Override
        public Task first() {
            return tasks.firstEntry().getValue();
        }

        @Override
        public Iterator<Task> iterator() {
            return Collections.unmodifiableCollection(tasks.values()).iterator();
        }
    }
}
