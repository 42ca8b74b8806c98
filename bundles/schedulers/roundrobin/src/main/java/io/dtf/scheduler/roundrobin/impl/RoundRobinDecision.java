package io.dtf.scheduler.roundrobin.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One round-robin decision. Workers take turns: each pass over the free workers, starting after
 * the one served last, gives each one task. Runs take turns: each task given goes to the next run
 * after the one served last (runs in submission order, circularly) that has a task the worker can
 * run, its oldest in the first class that has one. So every run with an eligible task gets a slot
 * before any run gets a second, however many tasks the runs ahead of it have queued. The queue's
 * run index ({@link PendingGroup#ofRun}) makes each step look only at the runs it passes.
 */
final class RoundRobinDecision {
    private final SchedulingContext context;
    /** Runs with queued tasks by their place in the rotation, kept by the queue itself. */
    private final NavigableMap<Long, RunId> rotation;
    /** Per class and run, the tasks not yet given in this decision. */
    private final Map<PendingGroup, Map<RunId, Iterator<Task>>> cursors = new HashMap<>();
    private Rotation last;

    RoundRobinDecision(SchedulingContext context, Rotation last) {
        this.context = context;
        this.last = last;
        this.rotation = context.pending().runs();
    }

    List<Assignment> decide() {
        List<FreeSlots> free = context.freeSlots();
        int workers = free.size();
        int[] left = new int[workers];
        List<List<PendingGroup>> eligible = new ArrayList<>(workers);
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
                    eligible.set(i, classesFor(free.get(i)));
                }
                Task task = fromNextRun(eligible.get(i));
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

    private List<PendingGroup> classesFor(FreeSlots slots) {
        List<PendingGroup> classes = new ArrayList<>();
        for (PendingGroup group : context.pending().groups()) {
            if (group.requirements().satisfiedBy(slots.capabilities())) {
                classes.add(group);
            }
        }
        return classes;
    }

    /** The oldest eligible task of the first run after the one served last that has one. */
    private Task fromNextRun(List<PendingGroup> classes) {
        long pivot = last.runKey();
        for (Map<Long, RunId> part : List.of(rotation.tailMap(pivot, false), rotation.headMap(pivot, true))) {
            for (Map.Entry<Long, RunId> run : part.entrySet()) {
                Task task = take(classes, run.getValue());
                if (task != null) {
                    last = new Rotation(last.worker(), last.workerIndex(), run.getValue(), run.getKey());
                    return task;
                }
            }
        }
        return null;
    }

    private Task take(List<PendingGroup> classes, RunId run) {
        for (PendingGroup group : classes) {
            Iterator<Task> tasks = cursors.computeIfAbsent(group, g -> new HashMap<>())
                    .computeIfAbsent(run, r -> group.ofRun(r).iterator());
            if (tasks.hasNext()) {
                return tasks.next();
            }
        }
        return null;
    }
}
