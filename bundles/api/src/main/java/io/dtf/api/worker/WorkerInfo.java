package io.dtf.api.worker;

import java.util.Objects;

/**
 * What a worker says of itself when it registers.
 *
 * @param id stable id
 * @param name for people ({@code local}, {@code ci-runner-3})
 * @param host host name
 * @param capabilities what it offers
 * @param slots how many tasks it runs at once
 */
public record WorkerInfo(WorkerId id, String name, String host, Capabilities capabilities, int slots) {
    public WorkerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capabilities, "capabilities");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot: " + slots);
        }
    }
}
