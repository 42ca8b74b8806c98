package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.task.Task;
import io.dtf.scheduler.priority.impl.Ranking.Ranked;
import java.util.Iterator;
import java.util.PriorityQueue;

/**
 * The tasks of one requirement class in decreasing effective priority, found without scanning.
 * Aging is linear, so among the tasks of one priority the oldest ranks highest: each priority's
 * tasks in submission order are already in aged order. This keeps one cursor per priority, met
 * from the highest down by jumping into the class's priority order, and merges their heads in a
 * small heap: a task costs O(log n + priorities), whatever the queue.
 *
 * <p>Priorities are met only while they can still matter: those not met yet are below the lowest
 * one met, and none of their tasks has waited longer than the class's oldest task, so once the
 * best head ranks above that sum, the rest wait (without aging, the highest priority alone is met
 * until it runs out).
 */
final class AgedOrder {
    final PendingGroup group;
    private final Ranking ranking;
    /** The cursors of the priorities met so far, best head first. */
    private final PriorityQueue<Level> levels = new PriorityQueue<>((a, b) -> Ranking.FIRST.compare(a.head, b.head));
    /** Every priority not met yet is at most this. */
    private int below = Integer.MAX_VALUE;
    private boolean allMet;
    /** What waiting adds to the class's oldest task, the most it adds to any; computed when first needed. */
    private double longestAging = Double.NaN;

    AgedOrder(PendingGroup group, Ranking ranking) {
        this.group = group;
        this.ranking = ranking;
    }

    /** The best task not yet taken, or {@code null} when none is left. */
    Ranked peek() {
        while (!allMet && (levels.isEmpty() || levels.peek().head.rank() <= below + longestAging())) {
            meetNextPriority();
        }
        Level best = levels.peek();
        return best == null ? null : best.head;
    }

    /** Takes the task {@link #peek} returned. */
    void take() {
        Level best = levels.poll();
        if (best.advance()) {
            levels.add(best);
        }
    }

    private void meetNextPriority() {
        // the highest priority starts the priority order: no need to look for it
        Iterator<Task> tasks = (below == Integer.MAX_VALUE ? group.byPriority()
                : group.byPriorityFrom(below)).iterator();
        if (!tasks.hasNext()) {
            allMet = true;
            return;
        }
        Task head = tasks.next();
        levels.add(new Level(head, tasks));
        if (head.priority() == Integer.MIN_VALUE) {
            allMet = true;
        } else {
            below = head.priority() - 1;
        }
    }

    private double longestAging() {
        if (Double.isNaN(longestAging)) {
            longestAging = group.size() == 0 ? 0 : ranking.aging(group.first());
        }
        return longestAging;
    }

    /** The tasks of one priority, oldest first: {@link #head} is the next one. */
    private final class Level {
        private final int priority;
        private final Iterator<Task> tasks;
        private Ranked head;

        Level(Task first, Iterator<Task> tasks) {
            this.priority = first.priority();
            this.tasks = tasks;
            this.head = new Ranked(first, ranking.of(first));
        }

        /** Moves to the next task of this priority; {@code false} when there is none. */
        boolean advance() {
            if (!tasks.hasNext()) {
                return false;
            }
            Task next = tasks.next();
            if (next.priority() != priority) {
                return false; // the next priority's own cursor hands those out
            }
            head = new Ranked(next, ranking.of(next));
            return true;
        }
    }
}
