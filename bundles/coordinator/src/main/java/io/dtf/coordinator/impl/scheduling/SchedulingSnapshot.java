package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The scheduler's view of one decision, as the engine gives it: the queue of the scheduler's runs,
 * the slots still free, and the engine's usage and duration history. The tasks on workers are
 * listed only when the scheduler asks (most never do). Lives only during the decision.
 */
public final class SchedulingSnapshot implements SchedulingContext {
    private final Instant now;
    private final PendingTasks pending;
    private final List<FreeSlots> freeSlots;
    private final Supplier<List<RunningTask>> listRunning;
    private final TenantUsage usage;
    private final DurationEstimates estimates;
    private final BiConsumer<Task, Instant> deadlineAtRisk;
    private List<RunningTask> running;

    /**
     * @param listRunning lists the tasks on workers; called at most once, when the scheduler asks
     * @param deadlineAtRisk told of each task a scheduler expects to miss its deadline
     */
    public SchedulingSnapshot(Instant now, PendingTasks pending, List<FreeSlots> freeSlots,
                              Supplier<List<RunningTask>> listRunning, TenantUsage usage, DurationEstimates estimates,
                              BiConsumer<Task, Instant> deadlineAtRisk) {
        this.now = now;
        this.pending = pending;
        this.freeSlots = freeSlots;
        this.listRunning = listRunning;
        this.usage = usage;
        this.estimates = estimates;
        this.deadlineAtRisk = deadlineAtRisk;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public PendingTasks pending() {
        return pending;
    }

    @Override
    public List<FreeSlots> freeSlots() {
        return freeSlots;
    }

    @Override
    public List<RunningTask> running() {
        if (running == null) {
            running = listRunning.get();
        }
        return running;
    }

    @Override
    public TenantUsage usage() {
        return usage;
    }

    @Override
    public DurationEstimates estimates() {
        return estimates;
    }

    @Override
    public void deadlineAtRisk(Task task, Instant expectedFinish) {
        deadlineAtRisk.accept(task, expectedFinish);
    }
}
