package io.dtf.api.scheduler;

import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;

/**
 * A worker that can take tasks now.
 *
 * @param worker the worker
 * @param capabilities what it offers
 * @param free how many tasks it can take now (at least 1)
 * @param slots its slots in all; {@code slots - free} is its current load
 */
public record FreeSlots(WorkerId worker, Capabilities capabilities, int free, int slots) {
}
