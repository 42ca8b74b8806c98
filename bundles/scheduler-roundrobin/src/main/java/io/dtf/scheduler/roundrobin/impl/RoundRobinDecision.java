package io.dtf.scheduler.roundrobin.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One round-robin decision. Workers take turns: each pass over the free workers, starting after
 * the one served last, gives each one task. Runs take turns: each task given goes to the next run
 * after the one served last (runs in submission order, circularly) that has a task the worker can
 * run, its oldest. So every run with an eligible task gets a slot before any run gets a second.
 *
 * <p>The queue is indexed by requirement class and tenant but not by run, so the runs are found by
 * walking each class's tenants from their oldest task: until as many runs after the one served
 * last are found as there are free slots, and at most {@code lookahead} tasks (more only when the
 * free slots need more tasks). A run whose tasks all lie further back in its class and tenant than
 * that waits for the tasks ahead of it to start. A run index in {@code PendingGroup} (like its
 * tenant index) would make this exact and cheaper.
 */
final class RoundRobinDecision {
    private final SchedulingContext context;
    private final int lookahead;
    /** The free slots of this decision: no run can take more tasks than that. */
    private final int cap;
    private final List<Window> windows = new ArrayList<>();
    private final TreeMap<Long, RunTasks> rotation = new TreeMap<>();
    private final Map<RunId, RunTasks> runs = new HashMap<>();
    /** Where the previous decision stopped. */
    private final Rotation previous;
    /** Where this one is. */
    private Rotation last;

    RoundRobinDecision(SchedulingContext context, int lookahead, Rotation last) {
        this.context = context;
        this.lookahead = lookahead;
        this.previous = last;
        this.last = last;
        int free = 0;
        for (FreeSlots slots : context.freeSlots()) {
            free += slots.free();
        }
        this.cap = free;
        for (PendingGroup group : context.pending().groups()) {
            windows.add(new Window(group));
        }
    }

    List<Assignment> decide() {
        List<FreeSlots> free = context.freeSlots();
        int workers = free.size();
        int[] left = new int[workers];
        List<List<Window>> eligible = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            left[i] = free.get(i).free();
            eligible.add(null);
        }
        int start = firstWorker(free);
        List<Assignment> assignments = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int k = 0; k < workers; k++) {
                int i = (start + k) % workers;
                if (left[i] == 0) {
                    continue;
                }
                if (eligible.get(i) == null) {
                    eligible.set(i, windowsFor(free.get(i)));
                }
                Task task = next(eligible.get(i));
                if (task == null) {
                    left[i] = 0;
                    continue;
                }
                assignments.add(new Assignment(task.id(), free.get(i).worker()));
                left[i]--;
                progress = true;
                last = new Rotation(free.get(i).worker(), i, last.run(), last.runKey());
            }
        }
        return assignments;
    }

    /** Where this decision stopped, for the next one. */
    Rotation rotation() {
        return last;
    }

    private int firstWorker(List<FreeSlots> free) {
        for (int i = 0; i < free.size(); i++) {
            if (free.get(i).worker().equals(last.worker())) {
                return (i + 1) % free.size();
            }
        }
        return Math.floorMod(last.workerIndex() + 1, free.size());
    }

    /** The classes this worker can serve, walked the first time a worker needs them. */
    private List<Window> windowsFor(FreeSlots slots) {
        List<Window> eligible = new ArrayList<>();
        for (Window window : windows) {
            if (window.group.requirements().satisfiedBy(slots.capabilities())) {
                if (window.tenants == null) {
                    window.start();
                }
                eligible.add(window);
            }
        }
        return eligible;
    }

    /** The next run's oldest task among these classes; walks further only when the runs found have none. */
    private Task next(List<Window> eligible) {
        while (true) {
            Task task = fromNextRun(eligible);
            if (task != null) {
                return task;
            }
            boolean more = false;
            for (Window window : eligible) {
                more |= window.walk(lookahead);
            }
            if (!more) {
                return null;
            }
        }
    }

    private Task fromNextRun(List<Window> eligible) {
        RunTasks previous = last.run() == null ? null : runs.get(last.run());
        long pivot = previous != null ? previous.key : last.runKey();
        for (Map<Long, RunTasks> part : List.of(rotation.tailMap(pivot, false), rotation.headMap(pivot, true))) {
            for (RunTasks run : part.values()) {
                Task task = run.takeOldest(eligible);
                if (task != null) {
                    last = new Rotation(last.worker(), last.workerIndex(), run.id, run.key);
                    return task;
                }
            }
        }
        return null;
    }

    private RunTasks found(Window window, Task task) {
        RunTasks run = runs.get(task.runId());
        if (run == null) {
            run = new RunTasks(task.runId(), task.seq());
            runs.put(run.id, run);
            rotation.put(run.key, run);
        } else if (task.seq() < run.key) { // seen first in another class
            rotation.remove(run.key);
            run.key = task.seq();
            rotation.put(run.key, run);
        }
        run.add(window, task, cap);
        return run;
    }

    /** The queued tasks of one run found so far, per class, oldest first. */
    private static final class RunTasks {
        final RunId id;
        long key;
        final Map<Window, ArrayDeque<Task>> byClass = new HashMap<>();

        RunTasks(RunId id, long key) {
            this.id = id;
            this.key = key;
        }

        void add(Window window, Task task, int cap) {
            ArrayDeque<Task> tasks = byClass.computeIfAbsent(window, w -> new ArrayDeque<>());
            if (tasks.size() < cap) {
                tasks.add(task);
            }
        }

        Task takeOldest(List<Window> eligible) {
            ArrayDeque<Task> oldest = null;
            for (Window window : eligible) {
                ArrayDeque<Task> tasks = byClass.get(window);
                if (tasks != null && !tasks.isEmpty()
                        && (oldest == null || tasks.peekFirst().seq() < oldest.peekFirst().seq())) {
                    oldest = tasks;
                }
            }
            return oldest == null ? null : oldest.pollFirst();
        }
    }

    /** One requirement class, walked per tenant from the oldest task. */
    private final class Window {
        final PendingGroup group;
        List<Walk> tenants;

        Window(PendingGroup group) {
            this.group = group;
        }

        void start() {
            tenants = new ArrayList<>();
            for (String tenant : group.tenants()) {
                tenants.add(new Walk(this, group.ofTenant(tenant).iterator()));
            }
            walk(lookahead);
        }

        /** Looks at up to {@code count} more tasks of each tenant; whether it found any. */
        boolean walk(int count) {
            boolean found = false;
            for (Walk walk : tenants) {
                found |= walk.next(count);
            }
            return found;
        }
    }

    /**
     * One tenant's tasks of one class, from the oldest. It stops early once it found as many runs
     * after the one served last as this decision has free slots: the rotation cannot reach further.
     */
    private final class Walk {
        final Window window;
        final Iterator<Task> tasks;
        final Set<RunId> runsAhead = new HashSet<>();
        RunTasks current;

        Walk(Window window, Iterator<Task> tasks) {
            this.window = window;
            this.tasks = tasks;
        }

        boolean next(int count) {
            int looked = 0;
            while (looked < count && tasks.hasNext() && runsAhead.size() < cap) {
                Task task = tasks.next();
                looked++;
                if (current == null || !current.id.equals(task.runId())) { // runs lie mostly in one stretch
                    current = found(window, task);
                    if (current.key > previous.runKey() && !current.id.equals(previous.run())) {
                        runsAhead.add(current.id);
                    }
                } else {
                    current.add(window, task, cap);
                }
            }
            return looked > 0;
        }
    }
}
