package io.dtf.api.worker;

import java.util.Objects;

/** Identifier of a worker, chosen by the worker and stable across its reconnects. */
public record WorkerId(String value) {
    public WorkerId {
        Objects.requireNonNull(value, "value");
    }

    public static WorkerId of(String value) {
        return new WorkerId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
