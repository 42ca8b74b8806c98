package io.dtf.api.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker says of itself when it registers.
 *
 * @param id stable id
 * @param name for people ({@code local}, {@code ci-runner-3})
 * @param host host name
 * @param capabilities what it offers
 * @param slots how many tasks it runs at once
 * @param prefetch how many tasks it may hold beyond its slots, leased and waiting for a slot, so that
 *     short tasks start back to back and their reports and leases travel in batches (0: none). The
 *     coordinator fills free slots anywhere before it leases a task ahead, and the worker asks for
 *     tasks ahead only while its tasks are short.
 */
public record WorkerInfo(WorkerId id, String name, String host, Capabilities capabilities, int slots, int prefetch) {
    /**
     * Tasks held ahead of a worker's slots are short: the coordinator leases ahead only tasks expected
     * to take less than this, and a worker asks for as many as its slots end within this time.
     */
    public static final Duration SHORT_TASK = Duration.ofMillis(50);

    public WorkerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capabilities, "capabilities");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot: " + slots);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("a worker cannot hold fewer than 0 tasks ahead: " + prefetch);
        }
    }

    /** A worker that holds no task beyond its slots. */
    public WorkerInfo(WorkerId id, String name, String host, Capabilities capabilities, int slots) {
        this(id, name, host, capabilities, slots, 0);
    }
}
