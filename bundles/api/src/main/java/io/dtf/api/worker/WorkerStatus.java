package io.dtf.api.worker;

import java.time.Instant;

/**
 * A registered worker as the coordinator sees it now.
 *
 * @param info what it registered with
 * @param state its state
 * @param busySlots slots holding a leased or running task
 * @param registeredAt first registration
 * @param lastSeen last poll
 * @param tasksFinished attempts it finished since the coordinator started
 */
public record WorkerStatus(WorkerInfo info, WorkerState state, int busySlots, Instant registeredAt,
                           Instant lastSeen, long tasksFinished) {
}
