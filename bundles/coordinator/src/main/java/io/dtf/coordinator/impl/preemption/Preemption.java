package io.dtf.coordinator.impl.preemption;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.coordinator.impl.engine.AttemptEnds;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.OnWorker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the attempts a scheduler chooses to make room for more urgent queued tasks; they are
 * queued again at once, without spending any of their tasks' attempts, and their attempt records
 * say they were preempted. Called by a dispatch pass with the engine's lock held.
 */
public final class Preemption {
    private static final Logger LOG = LoggerFactory.getLogger(Preemption.class);

    private final EngineState state;
    private final AttemptEnds ends;

    public Preemption(EngineState state, AttemptEnds ends) {
        this.state = state;
        this.ends = ends;
    }

    /** Stops the attempts the scheduler wants to make room with; they are queued again at once. */
    public void preempt(SchedulerPlugin scheduler, SchedulingContext context, Instant now,
                        List<RunId> completedRuns) {
        List<TaskAttempt> victims;
        try {
            victims = scheduler.preempt(context);
        } catch (RuntimeException | LinkageError failure) {
            LOG.warn("Scheduler {} failed to choose what to preempt: {}", scheduler, failure.toString());
            return;
        }
        for (TaskAttempt attempt : victims) {
            OnWorker onWorker = state.leases().attempt(attempt.task());
            if (onWorker == null || onWorker.task.attempt() != attempt.attempt()) {
                continue;
            }
            TaskResult result = onWorker.endedNow(TaskState.ERROR, "preempted to make room for a more urgent task", now);
            if (state.store().transition(Transition.preempt(attempt, result, now))) {
                state.leases().takeBack(onWorker, true);
                state.publish(HookType.TASK_PREEMPTED, onWorker.task.runId(), attempt.task(), onWorker.worker,
                        Severity.INFO, Map.of("name", onWorker.task.name(), "attempt", attempt.attempt()));
                // queued again as the store has it: the attempt spent none of the task's attempts
                ends.ended(onWorker.task.withAttemptPreempted(), attempt.attempt(), result, true, completedRuns);
            }
        }
    }
}
