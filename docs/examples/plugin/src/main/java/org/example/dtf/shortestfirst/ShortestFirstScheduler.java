package org.example.dtf.shortestfirst;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Shortest job first: the free slots go to the queued tasks expected to take the least time (the coordinator's
 * estimate from each task's history), oldest first among equals. Short tasks stop waiting behind long ones, at
 * the price of long ones waiting longer. A decision compares the {@value #LOOKAHEAD} oldest tasks of each
 * requirement class, so its work stays bounded however long the queue grows. Select it with
 * {@code dtf:scheduler-use shortest-first}.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + ShortestFirstScheduler.NAME)
public class ShortestFirstScheduler implements SchedulerPlugin {
    public static final String NAME = "shortest-first";
    static final int LOOKAHEAD = 100;

    private record Candidate(Task task, Duration estimate) {
    }

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        List<Candidate> candidates = new ArrayList<>();
        for (PendingGroup group : context.pending().groups()) {
            int compared = 0;
            for (Task task : group) {
                if (compared++ == LOOKAHEAD) {
                    break;
                }
                candidates.add(new Candidate(task, context.estimates().estimate(task)));
            }
        }
        candidates.sort(Comparator.comparing(Candidate::estimate).thenComparingLong(candidate -> candidate.task().seq()));

        List<FreeSlots> workers = context.freeSlots();
        int[] free = workers.stream().mapToInt(FreeSlots::free).toArray();
        int left = 0;
        for (int slots : free) {
            left += slots;
        }
        List<Assignment> assignments = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (left == 0) {
                break;
            }
            for (int w = 0; w < free.length; w++) {
                if (free[w] > 0 && candidate.task().requirements().satisfiedBy(workers.get(w).capabilities())) {
                    assignments.add(new Assignment(candidate.task().id(), workers.get(w).worker()));
                    free[w]--;
                    left--;
                    break;
                }
            }
        }
        return assignments;
    }
}
