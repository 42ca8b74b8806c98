package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The queued tasks, indexed by requirement class and, within each class, kept in submission,
 * priority and deadline order, for all tenants and per tenant: a scheduler walks the order it
 * needs from the front of the classes a worker can serve, and never scans the queue. A retried
 * task keeps its sequence and so goes back to its place. Not thread safe: the engine guards it.
 */
public final class PendingIndex implements PendingTasks {
    private static final Comparator<Task> SUBMISSION = Comparator.comparingLong(Task::seq);
    private static final Comparator<Task> PRIORITY =
            Comparator.comparingInt(Task::priority).reversed().thenComparingLong(Task::seq);
    private static final Comparator<Task> DEADLINE = Comparator.comparing(Task::deadline,
            Comparator.nullsLast(Comparator.naturalOrder())).thenComparingLong(Task::seq);

    private static final RunId PROBE_RUN = RunId.of("probe");
    private static final TaskId PROBE = TaskId.of(PROBE_RUN, 0);

    private final Map<Requirements, ClassGroup> groups = new LinkedHashMap<>();
    private final Map<TaskId, Task> byId = new HashMap<>();
    /** Per run with queued tasks: its key in {@link #runs} and how many it has queued. */
    private final Map<RunId, long[]> queuedRuns = new HashMap<>();
    private final NavigableMap<Long, RunId> runs = new TreeMap<>();

    public void add(Task task) {
        remove(task.id());
        byId.put(task.id(), task);
        groups.computeIfAbsent(task.requirements(), ClassGroup::new).add(task);
        long[] run = queuedRuns.computeIfAbsent(task.runId(), id -> {
            runs.put(task.seq(), id);
            return new long[] {task.seq(), 0};
        });
        run[1]++;
    }

    /** Removes the task; returns it, or {@code null} when it was not queued. */
    public Task remove(TaskId id) {
        Task task = byId.remove(id);
        if (task != null) {
            ClassGroup group = groups.get(task.requirements());
            group.remove(task);
            if (group.size() == 0) {
                groups.remove(task.requirements());
            }
            long[] run = queuedRuns.get(task.runId());
            if (--run[1] == 0) {
                queuedRuns.remove(task.runId());
                runs.remove(run[0]);
            }
        }
        return task;
    }

    @Override
    public NavigableMap<Long, RunId> runs() {
        return Collections.unmodifiableNavigableMap(runs);
    }

    public Task get(TaskId id) {
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

    /** A task that no queued task of the priority precedes in {@link #PRIORITY}: where they start. */
    private static Task firstOf(int priority) {
        return new Task(PROBE, PROBE_RUN, null, "probe", null, null, priority, null, null, null, 0, Long.MIN_VALUE,
                TaskState.QUEUED, 0, null, null, null, null, null);
    }

    /** Tasks of one requirement class (and maybe one tenant) in three orders. */
    private static class Orders implements PendingGroup {
        final Requirements requirements;
        final NavigableSet<Task> bySubmission = new TreeSet<>(SUBMISSION);
        final NavigableSet<Task> byPriority = new TreeSet<>(PRIORITY);
        final NavigableSet<Task> byDeadline = new TreeSet<>(DEADLINE);

        Orders(Requirements requirements) {
            this.requirements = requirements;
        }

        void add(Task task) {
            bySubmission.add(task);
            byPriority.add(task);
            byDeadline.add(task);
        }

        void remove(Task task) {
            bySubmission.remove(task);
            byPriority.remove(task);
            byDeadline.remove(task);
        }

        @Override
        public Requirements requirements() {
            return requirements;
        }

        @Override
        public int size() {
            return bySubmission.size();
        }

        @Override
        public Task first() {
            return bySubmission.first();
        }

        @Override
        public Iterator<Task> iterator() {
            return Collections.unmodifiableSet(bySubmission).iterator();
        }

        @Override
        public Iterable<Task> byPriority() {
            return Collections.unmodifiableSet(byPriority);
        }

        @Override
        public Iterable<Task> byPriorityFrom(int priority) {
            return Collections.unmodifiableSet(byPriority.tailSet(firstOf(priority), true));
        }

        @Override
        public Iterable<Task> byDeadline() {
            return Collections.unmodifiableSet(byDeadline);
        }

        @Override
        public Collection<String> tenants() {
            return bySubmission.isEmpty() ? Collections.emptySet() : Collections.singleton(first().tenant());
        }

        @Override
        public PendingGroup ofTenant(String tenant) {
            return tenants().contains(tenant) ? this : new Orders(requirements);
        }

        @Override
        public Collection<RunId> runs() {
            return bySubmission.isEmpty() ? Collections.emptySet() : Collections.singleton(first().runId());
        }

        @Override
        public PendingGroup ofRun(RunId run) {
            return runs().contains(run) ? this : new Orders(requirements);
        }
    }

    /** A requirement class: all its tasks, and the same split by tenant and by run. */
    private static final class ClassGroup extends Orders {
        private final Map<String, Orders> tenants = new LinkedHashMap<>();
        /** Runs come in submission order, and a run's tasks are submitted together: insertion order is run order. */
        private final Map<RunId, Orders> runs = new LinkedHashMap<>();

        ClassGroup(Requirements requirements) {
            super(requirements);
        }

        @Override
        void add(Task task) {
            super.add(task);
            tenants.computeIfAbsent(task.tenant(), t -> new Orders(requirements)).add(task);
            runs.computeIfAbsent(task.runId(), r -> new Orders(requirements)).add(task);
        }

        @Override
        void remove(Task task) {
            super.remove(task);
            removeFrom(tenants, task.tenant(), task);
            removeFrom(runs, task.runId(), task);
        }

        private static <K> void removeFrom(Map<K, Orders> split, K key, Task task) {
            Orders part = split.get(key);
            part.remove(task);
            if (part.size() == 0) {
                split.remove(key);
            }
        }

        @Override
        public Collection<RunId> runs() {
            return Collections.unmodifiableSet(runs.keySet());
        }

        @Override
        public PendingGroup ofRun(RunId run) {
            Orders orders = runs.get(run);
            return orders == null ? new Orders(requirements) : orders;
        }

        @Override
        public Collection<String> tenants() {
            return Collections.unmodifiableSet(tenants.keySet());
        }

        @Override
        public PendingGroup ofTenant(String tenant) {
            Orders orders = tenants.get(tenant);
            return orders == null ? new Orders(requirements) : orders;
        }
    }
}
