package io.dtf.api.scheduler;

import java.time.Instant;
import java.util.List;

/** A snapshot of what a scheduler decides on. Valid only during the {@code schedule} call. */
public interface SchedulingContext {
    Instant now();

    PendingTasks pending();

    /** Workers with at least one free slot. */
    List<FreeSlots> freeSlots();

    TenantUsage usage();

    DurationEstimates estimates();
}
