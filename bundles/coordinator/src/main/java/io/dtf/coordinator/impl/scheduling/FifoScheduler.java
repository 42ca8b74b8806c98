package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * First in, first out: each free slot gets the oldest queued task its worker can run. Costs one
 * look at the head of each requirement class per assignment, never a scan of the queue. The
 * coordinator falls back to it when the configured scheduler is not installed.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + FifoScheduler.NAME)
public final class FifoScheduler implements SchedulerPlugin {

    public static final String NAME = "fifo";

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        List<Cursor> cursors = new ArrayList<>();
        for (PendingGroup group : context.pending().groups()) {
            cursors.add(new Cursor(group));
        }
        List<Assignment> assignments = new ArrayList<>();
        for (FreeSlots slots : context.freeSlots()) {
            List<Cursor> eligible = new ArrayList<>();
            for (Cursor cursor : cursors) {
                if (cursor.head != null && cursor.group.requirements().satisfiedBy(slots.capabilities())) {
                    eligible.add(cursor);
                }
            }
            for (int free = slots.free(); free > 0; free--) {
                Cursor oldest = null;
                for (Cursor cursor : eligible) {
                    if (cursor.head != null && (oldest == null || cursor.head.seq() < oldest.head.seq())) {
                        oldest = cursor;
                    }
                }
                if (oldest == null) {
                    break;
                }
                assignments.add(new Assignment(oldest.head.id(), slots.worker()));
                oldest.advance();
            }
        }
        return assignments;
    }

    /** Walks one requirement class in order, remembering what this decision already assigned. */
    private static final class Cursor {
        final PendingGroup group;
        final Iterator<Task> tasks;
        Task head;

        Cursor(PendingGroup group) {
            this.group = group;
            this.tasks = group.iterator();
            advance();
        }

        void advance() {
            head = tasks.hasNext() ? tasks.next() : null;
        }
    }
}
