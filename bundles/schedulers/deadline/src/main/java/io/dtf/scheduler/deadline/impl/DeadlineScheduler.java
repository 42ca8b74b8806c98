package io.dtf.scheduler.deadline.impl;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Earliest deadline first: each free slot gets, among the requirement classes its worker can
 * serve, the queued task with the earliest deadline; tasks without a deadline come after all
 * tasks with one, oldest first. Each task looked at is checked against its duration estimate: when
 * {@code now + estimate} is after its deadline the coordinator is told
 * ({@link SchedulingContext#deadlineAtRisk}) and the task is counted as at risk, or as missed when
 * its deadline has passed already; a task that finishes after its deadline counts as missed too.
 * With {@code deferInfeasible}, tasks that will miss anyway run after those that can still make
 * theirs, so that one late task does not make the next ones late as well.
 *
 * <p>Costs one walk over the front of {@code byDeadline()} of each class a free worker can serve,
 * never a scan of the queue. Called by the coordinator under its lock, as {@link #taskFinished}
 * is; {@link #counters()} may be read from any thread.
 */
@Component(service = SchedulerPlugin.class, property = SchedulerPlugin.PROPERTY + "=" + DeadlineScheduler.NAME,
        configurationPid = "io.dtf.scheduler.deadline")
@Designate(ocd = DeadlineConfig.class)
public final class DeadlineScheduler implements SchedulerPlugin {
    public static final String NAME = "deadline";

    /** How many tasks the scheduler remembers for counting each at most once. */
    private static final int REMEMBERED = 100_000;

    /** Order of candidates: deadline tasks (feasible ones, unless deferring), late ones, no deadline. */
    private static final int FEASIBLE = 0;
    private static final int LATE = 1;
    private static final int NO_DEADLINE = 2;

    private volatile Settings settings;
    private final AtomicLong assigned = new AtomicLong();
    private final AtomicLong atRisk = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final Map<TaskId, Boolean> reportedAtRisk = lru();
    private final Map<TaskId, Boolean> reportedMissed = lru();
    private final Map<TaskId, Instant> assignedAt = lru();
    private Instant lastNow = Instant.EPOCH;

    /** With the default settings (as without a configuration). */
    public DeadlineScheduler() {
        this(Settings.DEFAULTS);
    }

    public DeadlineScheduler(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(DeadlineConfig config) {
        settings = new Settings(config.deferInfeasible(), Math.max(1, config.lookAhead()));
    }

    /**
     * @param deferInfeasible run tasks that will miss their deadline after those that can still
     *     make theirs (and before tasks without a deadline)
     * @param lookAhead how many late tasks per requirement class one decision may set aside
     */
    public record Settings(boolean deferInfeasible, int lookAhead) {
        public static final Settings DEFAULTS = new Settings(false, 32);
    }

    @Override
    public List<Assignment> schedule(SchedulingContext context) {
        lastNow = context.now();
        Decision decision = new Decision(context, settings);
        List<Cursor> cursors = new ArrayList<>();
        for (PendingGroup group : context.pending().groups()) {
            cursors.add(new Cursor(group, decision));
        }
        List<Assignment> assignments = new ArrayList<>();
        List<Cursor> eligible = new ArrayList<>();
        for (FreeSlots slots : context.freeSlots()) {
            eligible.clear();
            for (Cursor cursor : cursors) {
                if (!cursor.exhausted() && cursor.group.requirements().satisfiedBy(slots.capabilities())) {
                    eligible.add(cursor);
                }
            }
            for (int free = slots.free(); free > 0 && !eligible.isEmpty(); free--) {
                Cursor best = null;
                for (Cursor cursor : eligible) {
                    if (cursor.candidate() != null && (best == null || cursor.before(best))) {
                        best = cursor;
                    }
                }
                if (best == null) {
                    break;
                }
                Task task = best.take();
                assignments.add(new Assignment(task.id(), slots.worker()));
                if (task.deadline() != null) {
                    assignedAt.put(task.id(), decision.now);
                }
            }
        }
        assigned.addAndGet(assignments.size());
        return assignments;
    }

    @Override
    public void taskFinished(TaskOutcome outcome) {
        Task task = outcome.task();
        Instant started = assignedAt.remove(task.id());
        if (task.deadline() != null && outcome.duration() != null) {
            // Assigned by this scheduler: lease time plus duration; else at least the last decision's time.
            Instant finished = started != null ? started.plus(outcome.duration()) : lastNow;
            if (finished.isAfter(task.deadline())) {
                countOnce(reportedMissed, task.id(), missed);
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("assigned", assigned.get(), "atRisk", atRisk.get(), "missed", missed.get());
    }

    /** Checks a task against its estimate; reports and counts it when it will miss its deadline. */
    private boolean feasible(Task task, Decision decision) {
        if (task.deadline() == null) {
            return true;
        }
        Instant finish = decision.now.plus(decision.estimates.estimate(task));
        if (!finish.isAfter(task.deadline())) {
            return true;
        }
        boolean passed = task.deadline().isBefore(decision.now);
        if (countOnce(passed ? reportedMissed : reportedAtRisk, task.id(), passed ? missed : atRisk)) {
            decision.context.deadlineAtRisk(task, finish);
        }
        return false;
    }

    private static boolean countOnce(Map<TaskId, Boolean> reported, TaskId task, AtomicLong counter) {
        if (reported.put(task, Boolean.TRUE) == null) {
            counter.incrementAndGet();
            return true;
        }
        return false;
    }

    private static <V> Map<TaskId, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TaskId, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** What one call of {@link #schedule} decides with. */
    private static final class Decision {
        final SchedulingContext context;
        final Instant now;
        final DurationEstimates estimates;
        final Settings settings;

        Decision(SchedulingContext context, Settings settings) {
            this.context = context;
            this.now = context.now();
            this.estimates = context.estimates();
            this.settings = settings;
        }
    }

    /**
     * Walks one requirement class by deadline, started on first use. With deferred infeasible
     * tasks, the late ones it passes wait in {@code late}, in deadline order.
     */
    private final class Cursor {
        final PendingGroup group;
        final Decision decision;
        final ArrayDeque<Task> late = new ArrayDeque<>();
        Iterator<Task> tasks;
        Task head;
        int setAside;

        Cursor(PendingGroup group, Decision decision) {
            this.group = group;
            this.decision = decision;
        }

        boolean exhausted() {
            return tasks != null && head == null && late.isEmpty();
        }

        Task candidate() {
            if (tasks == null) {
                tasks = group.byDeadline().iterator();
                advance();
            }
            return rank() == LATE ? late.peekFirst() : head;
        }

        int rank() {
            if (head != null && head.deadline() != null) {
                return FEASIBLE; // or late but not set aside: strict EDF
            }
            return late.isEmpty() ? NO_DEADLINE : LATE;
        }

        /** Whether this cursor's candidate goes before the other's. Both have one. */
        boolean before(Cursor other) {
            int rank = rank();
            int otherRank = other.rank();
            if (rank != otherRank) {
                return rank < otherRank;
            }
            Task mine = candidate();
            Task theirs = other.candidate();
            if (mine.deadline() != null && theirs.deadline() != null && !mine.deadline().equals(theirs.deadline())) {
                return mine.deadline().isBefore(theirs.deadline());
            }
            return mine.seq() < theirs.seq();
        }

        Task take() {
            Task task = candidate();
            if (rank() == LATE) {
                late.pollFirst();
            } else {
                advance();
            }
            return task;
        }

        private void advance() {
            while (tasks.hasNext()) {
                head = tasks.next();
                boolean feasible = feasible(head, decision);
                if (feasible || !decision.settings.deferInfeasible() || setAside >= decision.settings.lookAhead()) {
                    return;
                }
                late.addLast(head);
                setAside++;
            }
            head = null;
        }
    }
}
