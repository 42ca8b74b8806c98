package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.scheduler.priority.impl.Ranking.Ranked;
import java.util.HashSet;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The tasks of one requirement class in decreasing effective priority, found without scanning:
 * it walks the class's priority order and its submission order (oldest first) side by side.
 * Every task not yet seen has a priority no higher than the last one seen in priority order and
 * has waited no longer than the last one seen in submission order, so once the best task seen
 * ranks at least that sum, it is the best of the class (Fagin's threshold algorithm). The walk is
 * capped per task returned so that a decision's cost stays bounded whatever the queue.
 */
final class AgedOrder {
    /** The most tasks looked at to find the next one. */
    static final int LOOKAHEAD = 1024;

    final PendingGroup group;
    private final Ranking ranking;
    private final Iterator<Task> byPriority;
    private final Iterator<Task> bySubmission;
    private final PriorityQueue<Ranked> seen = new PriorityQueue<>(Ranking.FIRST);
    private final Set<TaskId> pulled = new HashSet<>();
    private double priorityBound = Double.POSITIVE_INFINITY;
    private double agingBound = Double.POSITIVE_INFINITY;
    private boolean allSeen;

    AgedOrder(PendingGroup group, Ranking ranking) {
        this.group = group;
        this.ranking = ranking;
        this.byPriority = group.byPriority().iterator();
        this.bySubmission = group.iterator();
    }

    /** The best task not yet taken, or {@code null} when none is left. */
    Ranked peek() {
        for (int looked = 0; !allSeen && looked < LOOKAHEAD; looked += 2) {
            Ranked best = seen.peek();
            if (best != null && best.rank() >= priorityBound + agingBound) {
                break;
            }
            if (!byPriority.hasNext() || !bySubmission.hasNext()) {
                allSeen = true; // either order holds every task
                break;
            }
            Task highest = byPriority.next();
            priorityBound = highest.priority();
            see(highest);
            Task oldest = bySubmission.next();
            agingBound = ranking.aging(oldest);
            see(oldest);
        }
        return seen.peek();
    }

    /** Takes the task {@link #peek} returned. */
    void take() {
        seen.poll();
    }

    private void see(Task task) {
        if (pulled.add(task.id())) {
            seen.add(new Ranked(task, ranking.of(task)));
        }
    }
}
