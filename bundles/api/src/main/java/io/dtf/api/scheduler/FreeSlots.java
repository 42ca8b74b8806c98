package io.dtf.api.scheduler;

import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;

/**
 * A worker that can take tasks now.
 *
 * @param worker the worker
 * @param capabilities what it offers
 * @param free how many tasks it can take now (at least 1): its free slots; or, when the coordinator
 *     asks a second time in a dispatch pass for what no free slot took, its places for short tasks
 *     held ahead of its slots ({@link io.dtf.api.worker.WorkerInfo#prefetch()}), which may be more
 *     than its slots
 * @param slots its slots in all
 */
public record FreeSlots(WorkerId worker, Capabilities capabilities, int free, int slots) {
}
