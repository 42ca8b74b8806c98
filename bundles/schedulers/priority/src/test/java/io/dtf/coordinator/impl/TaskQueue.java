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
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The coordinator's real queue index, for scheduler tests: tasks of a given priority and age, and
 * a count of the tasks a scheduler takes from the groups' orders, to show that it does not scan.
 */
public final class TaskQueue implements PendingTasks {
    private static final RunId RUN = RunId.of("r1");

    private final PendingIndex index = new PendingIndex();
    private long seq;
    private long looked;

    public Task add(int priority, Instant createdAt, Requirements requirements) {
        seq++;
        Task task = new Task(TaskId.of(RUN, (int) seq), RUN, "t" + seq, "command", Map.of(), requirements, priority,
                "default", null, Duration.ofHours(1), 1, seq, TaskState.QUEUED, 0, null, createdAt, null, null, null);
        index.add(task);
        return task;
    }

    public Task remove(TaskId id) {
        return index.remove(id);
    }

    /** Tasks handed out by the groups' orders so far. */
    public long looked() {
        return looked;
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
        return index.groups().stream().map(group -> (PendingGroup) new Counted(group)).toList();
    }

    /** A group whose orders count what they hand out. */
    private final class Counted implements PendingGroup {
        private final PendingGroup group;

        Counted(PendingGroup group) {
            this.group = group;
        }

        @Override
        public Requirements requirements() {
            return group.requirements();
        }

        @Override
        public int size() {
            return group.size();
        }

        @Override
        public Task first() {
            looked++;
            return group.first();
        }

        @Override
        public Iterator<Task> iterator() {
            return counted(group);
        }

        @Override
        public Iterable<Task> byPriority() {
            return () -> counted(group.byPriority());
        }

        @Override
        public Iterable<Task> byPriorityFrom(int priority) {
            return () -> counted(group.byPriorityFrom(priority));
        }

        @Override
        public Iterable<Task> byDeadline() {
            return () -> counted(group.byDeadline());
        }

        @Override
        public Collection<String> tenants() {
            return group.tenants();
        }

        @Override
        public PendingGroup ofTenant(String tenant) {
            return new Counted(group.ofTenant(tenant));
        }

        @Override
        public Collection<RunId> runs() {
            return group.runs();
        }

        @Override
        public PendingGroup ofRun(RunId run) {
            return new Counted(group.ofRun(run));
        }

        private Iterator<Task> counted(Iterable<Task> order) {
            Iterator<Task> tasks = order.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return tasks.hasNext();
                }

                @Override
                public Task next() {
                    looked++;
                    return tasks.next();
                }
            };
        }
    }
}
