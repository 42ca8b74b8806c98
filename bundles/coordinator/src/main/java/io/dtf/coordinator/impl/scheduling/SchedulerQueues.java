package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue, split by the scheduler each run asked for: a plan may name its own scheduler, and each
 * scheduler decides over its own runs' tasks only. Runs that name none share the queue of the
 * active scheduler, under the empty name. Not thread safe: the engine guards it.
 */
public final class SchedulerQueues {
    public static final String ACTIVE = "";

    private final Map<String, PendingIndex> queues = new LinkedHashMap<>();
    private final Map<TaskId, PendingIndex> queueOf = new HashMap<>();
    private int turn;

    public void add(Task task, String scheduler) {
        remove(task.id());
        PendingIndex queue = queues.computeIfAbsent(scheduler == null ? ACTIVE : scheduler, s -> new PendingIndex());
        queue.add(task);
        queueOf.put(task.id(), queue);
    }

    /** Removes the task; returns it, or {@code null} when it was not queued. */
    public Task remove(TaskId id) {
        PendingIndex queue = queueOf.remove(id);
        return queue == null ? null : queue.remove(id);
    }

    public Task get(TaskId id) {
        PendingIndex queue = queueOf.get(id);
        return queue == null ? null : queue.get(id);
    }

    public int size() {
        return queueOf.size();
    }

    /**
     * The non-empty queues by scheduler name, in the order to serve them this time: the first one
     * changes with every call, so that no scheduler's runs always get the slots that are left last.
     */
    public List<Map.Entry<String, PendingIndex>> inTurn() {
        List<Map.Entry<String, PendingIndex>> nonEmpty = new ArrayList<>();
        for (Map.Entry<String, PendingIndex> queue : queues.entrySet()) {
            if (queue.getValue().size() > 0) {
                nonEmpty.add(queue);
            }
        }
        if (nonEmpty.size() > 1) {
            int first = Math.floorMod(turn++, nonEmpty.size());
            List<Map.Entry<String, PendingIndex>> rotated = new ArrayList<>(nonEmpty.subList(first, nonEmpty.size()));
            rotated.addAll(nonEmpty.subList(0, first));
            return rotated;
        }
        return nonEmpty;
    }
}
