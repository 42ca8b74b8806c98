package io.dtf.api.scheduler;

import io.dtf.api.task.Task;
import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A snapshot of what a scheduler decides on. Valid only during the call it is given to. */
@ProviderType
public interface SchedulingContext {
    Instant now();

    PendingTasks pending();

    /** Workers with at least one free slot. */
    List<FreeSlots> freeSlots();

    /** Tasks on workers now. */
    List<RunningTask> running();

    TenantUsage usage();

    DurationEstimates estimates();

    /**
     * Tells the coordinator that a queued task will probably finish after its deadline
     * ({@code expectedFinish} after it), or already missed it. The coordinator publishes an event
     * and counts it once per task and kind; calling again for the same task is cheap.
     */
    void deadlineAtRisk(Task task, Instant expectedFinish);
}
