package io.dtf.coordinator.impl.dispatch;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import io.dtf.coordinator.impl.preemption.Preemption;
import io.dtf.coordinator.impl.scheduling.PendingIndex;
import io.dtf.coordinator.impl.scheduling.SchedulingSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatch pass: the schedulers fill the free slots first; what is left queued then goes to
 * workers that asked to hold short tasks ahead of their slots, so an idle slot anywhere is never
 * passed over for a place in a busy worker's line. Every assignment is checked (still queued,
 * capabilities, room), and what passes is leased in one batch. Called with the engine's lock held.
 */
public final class DispatchPass {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchPass.class);

    private final EngineState state;
    private final SchedulerChoice schedulers;
    private final Preemption preemption;

    public DispatchPass(EngineState state, SchedulerChoice schedulers, Preemption preemption) {
        this.state = state;
        this.schedulers = schedulers;
        this.preemption = preemption;
    }

    void run(List<RunId> completedRuns) {
        if (state.queue().size() == 0) {
            return;
        }
        Instant now = state.clock().instant();
        Map<WorkerId, Integer> room = state.leases().room(WorkerSlot::capacity);
        if (room.isEmpty() && state.leases().attempts().isEmpty()) {
            return; // nothing to assign and nothing a scheduler could preempt
        }
        state.usage().advanceTo(now);
        assign(room, now, true, task -> true, completedRuns);
        if (state.queue().size() > 0) {
            Map<WorkerId, Integer> ahead = state.leases().room(WorkerSlot::capacityAhead);
            if (!ahead.isEmpty()) {
                assign(ahead, now, false, this::expectedShort, completedRuns);
            }
        }
    }

    /**
     * Whether a task may wait ahead of a worker's slots: expected to take less than {@link WorkerInfo#SHORT_TASK}
     * by its own history, else by its run's attempts so far. A task nothing is known of waits for a slot.
     */
    private boolean expectedShort(Task task) {
        OptionalDouble own = state.durations().averageMillis(task);
        if (own.isPresent()) {
            return own.getAsDouble() < WorkerInfo.SHORT_TASK.toMillis();
        }
        return state.runs().averageMillis(task.runId()) < WorkerInfo.SHORT_TASK.toMillis(); // NaN: nothing ended yet
    }

    /**
     * Lets each scheduler assign its share of the queue to the {@code room} given, leases what they
     * assign and {@code allowed} lets through in one batch and, when {@code preempting}, stops the
     * attempts a scheduler preempts.
     */
    private void assign(Map<WorkerId, Integer> room, Instant now, boolean preempting, Predicate<Task> allowed,
                        List<RunId> completedRuns) {
        List<Task> tasks = new ArrayList<>();
        Set<TaskId> chosen = new HashSet<>();
        List<WorkerSlot> targets = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        for (Map.Entry<String, PendingIndex> queue : state.queue().inTurn()) {
            List<FreeSlots> free = new ArrayList<>();
            room.forEach((id, left) -> {
                if (left > 0) {
                    WorkerSlot worker = state.leases().worker(id);
                    free.add(new FreeSlots(id, worker.info.capabilities(), left, worker.info.slots()));
                }
            });
            SchedulerPlugin scheduler = schedulers.named(queue.getKey());
            SchedulingContext context = new SchedulingSnapshot(now, queue.getValue(), free, state.leases()::running,
                    state.usage(), state.durations(), this::deadlineAtRisk);
            int assigned = 0;
            if (!free.isEmpty()) {
                for (Assignment assignment : schedulers.decide(scheduler, context)) {
                    Task task = queue.getValue().get(assignment.task());
                    WorkerSlot worker = state.leases().worker(assignment.worker());
                    int left = room.getOrDefault(assignment.worker(), 0);
                    if (task == null || worker == null || left <= 0 || chosen.contains(task.id())
                            || !task.requirements().satisfiedBy(worker.info.capabilities())) {
                        continue; // the scheduler's mistake: the task stays queued
                    }
                    if (!allowed.test(task)) {
                        continue; // it waits for a free slot
                    }
                    room.put(assignment.worker(), left - 1);
                    chosen.add(task.id());
                    tasks.add(task);
                    targets.add(worker);
                    transitions.add(Transition.lease(task, worker.info.id(), now));
                    assigned++;
                }
            }
            if (preempting && queue.getValue().size() > assigned && scheduler != null) {
                preemption.preempt(scheduler, context, now, completedRuns);
            }
        }
        boolean[] applied = state.writes().writeAfterDeferredStarts(transitions);
        for (int i = 0; i < applied.length; i++) {
            Task task = tasks.get(i);
            state.queue().remove(task.id());
            if (!applied[i]) {
                LOG.warn("Task {} changed in the store behind the coordinator's back; reloading it", task.id());
                state.store().task(task.id()).filter(t -> t.state() == TaskState.QUEUED).ifPresent(state::enqueue);
                continue;
            }
            WorkerSlot worker = targets.get(i);
            state.runs().counted(task, TaskState.LEASED, null);
            Task leased = state.leases().lease(task, worker, now);
            state.publish(HookType.TASK_ASSIGNED, task.runId(), task.id(), worker.info.id(), Severity.INFO,
                    Map.of("name", task.name(), "attempt", leased.attempt()));
        }
    }

    private void deadlineAtRisk(Task task, Instant expectedFinish) {
        if (state.runs().firstDeadlineWarning(task.id())) {
            state.publish(HookType.TASK_DEADLINE_AT_RISK, task.runId(), task.id(), null, Severity.WARNING,
                    Map.of("name", task.name(), "deadline", String.valueOf(task.deadline()),
                            "expectedFinish", expectedFinish.toString()));
        }
    }
}
