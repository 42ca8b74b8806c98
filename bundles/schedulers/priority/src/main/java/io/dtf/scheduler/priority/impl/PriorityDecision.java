package io.dtf.scheduler.priority.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.scheduler.priority.impl.Ranking.Ranked;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision: each free slot gets the task of highest effective priority that its worker can
 * run. Afterwards {@link #nextUnserved} walks on through the tasks left without a slot, best
 * first, for preemption.
 */
final class PriorityDecision {
    private final SchedulingContext context;
    private final List<AgedOrder> orders = new ArrayList<>();
    private long longestWaitSeconds;

    PriorityDecision(SchedulingContext context, Ranking ranking) {
        this.context = context;
        for (PendingGroup group : context.pending().groups()) {
            orders.add(new AgedOrder(group, ranking));
        }
    }

    List<Assignment> assign() {
        List<Assignment> assignments = new ArrayList<>();
        for (FreeSlots slots : context.freeSlots()) {
            List<AgedOrder> eligible = new ArrayList<>();
            for (AgedOrder order : orders) {
                if (order.group.requirements().satisfiedBy(slots.capabilities())) {
                    eligible.add(order);
                }
            }
            for (int free = slots.free(); free > 0; free--) {
                Ranked best = take(eligible);
                if (best == null) {
                    break;
                }
                assignments.add(new Assignment(best.task().id(), slots.worker()));
                if (best.task().createdAt() != null) {
                    longestWaitSeconds = Math.max(longestWaitSeconds,
                            context.now().getEpochSecond() - best.task().createdAt().getEpochSecond());
                }
            }
        }
        return assignments;
    }

    /** The best task that {@link #assign} left queued, whatever worker it needs; {@code null} when none. */
    Ranked nextUnserved() {
        return take(orders);
    }

    /** The longest time an assigned task had waited, in seconds. */
    long longestWaitSeconds() {
        return longestWaitSeconds;
    }

    private static Ranked take(List<AgedOrder> from) {
        AgedOrder best = null;
        for (AgedOrder order : from) {
            Ranked head = order.peek();
            if (head != null && (best == null || Ranking.FIRST.compare(head, best.peek()) < 0)) {
                best = order;
            }
        }
        if (best == null) {
            return null;
        }
        Ranked head = best.peek();
        best.take();
        return head;
    }
}
