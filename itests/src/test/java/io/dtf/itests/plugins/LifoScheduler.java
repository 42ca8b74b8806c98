package io.dtf.itests.plugins;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A test scheduler: newest task first. Small queues only: it copies them. */
public class LifoScheduler implements SchedulerPlugin {
    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        List<Assignment> assignments = new ArrayList<>();
        Set<Task> taken = new HashSet<>();
        for (FreeSlots slots : context.freeSlots()) {
            for (int i = 0; i < slots.free(); i++) {
                Task newest = null;
                for (PendingGroup group : context.pending().groups()) {
                    if (!group.requirements().satisfiedBy(slots.capabilities())) {
                        continue;
                    }
                    for (Task task : group) {
                        if (!taken.contains(task) && (newest == null || task.seq() > newest.seq())) {
                            newest = task;
                        }
                    }
                }
                if (newest == null) {
                    break;
                }
                taken.add(newest);
                assignments.add(new Assignment(newest.id(), slots.worker()));
            }
        }
        return assignments;
    }
}
