package io.dtf.testkit;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.coordinator.impl.scheduling.PendingIndex;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The queue as the coordinator gives it to schedulers: its own pending-task index (by requirement class, with
 * orders by submission, priority, deadline, tenant and run), filled by the test. Tasks submitted through it get
 * the ids and submission sequence the coordinator would give them: {@code r1.1}, {@code r1.2}, ... in the order
 * of submission.
 */
public final class TestQueue {
    private final PendingIndex index = new PendingIndex();
    private final Map<RunId, Integer> submittedPerRun = new HashMap<>();
    private long seq;
    private long taken;

    /** Queues the task, submitted at {@link TaskBuilder#T0} unless it says otherwise. */
    public Task submit(TaskBuilder task) {
        return submit(task, TaskBuilder.T0);
    }

    /** Queues the task, submitted at {@code now} unless it says otherwise. */
    public Task submit(TaskBuilder task, Instant now) {
        return enqueue(issue(task, now));
    }

    /** Queues a task exactly as it is: its id and sequence decide its place. */
    public Task add(Task task) {
        enqueue(task);
        noteSubmitted(task);
        return task;
    }

    /** The task with the id and sequence its submission would give it, counted as submitted but not queued. */
    Task issue(TaskBuilder task, Instant now) {
        Task issued = task.build(seq + 1, submittedPerRun.getOrDefault(task.run(), 0) + 1, now);
        noteSubmitted(issued);
        return issued;
    }

    private Task enqueue(Task task) {
        if (index.get(task.id()) != null) {
            throw new IllegalArgumentException("task " + task.id() + " is queued already");
        }
        index.add(task);
        return task;
    }

    private void noteSubmitted(Task task) {
        submittedPerRun.merge(task.runId(), 1, Integer::sum);
        seq = Math.max(seq, task.seq());
    }

    /** Takes the task out of the queue, as the coordinator does when it leases it; {@code null} if not queued. */
    public Task remove(TaskId id) {
        return index.remove(id);
    }

    /** The queued task, or {@code null}. */
    public Task get(TaskId id) {
        return index.get(id);
    }

    public int size() {
        return index.size();
    }

    /** The tasks of the tenant in the queue. */
    public int size(String tenant) {
        return index.groups().stream().mapToInt(group -> group.ofTenant(tenant).size()).sum();
    }

    /** The coordinator's pending-task index itself: what a scheduler gets as {@code context.pending()}. */
    public PendingTasks pending() {
        return index;
    }

    /**
     * The same queue, counting every task its groups hand out ({@link #tasksTaken()}): to show that a
     * scheduler walks the orders it needs from the front instead of scanning the queue.
     */
    public PendingTasks observed() {
        return new Observed();
    }

    /** Tasks handed out through {@link #observed()} so far: by {@code first()}, iteration or an order. */
    public long tasksTaken() {
        return taken;
    }

    private final class Observed implements PendingTasks {
        @Override
        public int size() {
            return index.size();
        }

        @Override
        public Collection<PendingGroup> groups() {
            return index.groups().stream().map(group -> (PendingGroup) new CountedGroup(group)).toList();
        }

        @Override
        public NavigableMap<Long, RunId> runs() {
            return index.runs();
        }
    }

    /** A group whose orders count what they hand out. */
    private final class CountedGroup implements PendingGroup {
        private final PendingGroup group;

        CountedGroup(PendingGroup group) {
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
            taken++;
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
            return new CountedGroup(group.ofTenant(tenant));
        }

        @Override
        public Collection<RunId> runs() {
            return group.runs();
        }

        @Override
        public PendingGroup ofRun(RunId run) {
            return new CountedGroup(group.ofRun(run));
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
                    taken++;
                    return tasks.next();
                }
            };
        }
    }
}
