package io.dtf.api.task;

import java.util.Objects;

/** Identifier of a run, such as {@code r42}. */
public record RunId(String value) {
    public RunId {
        Objects.requireNonNull(value, "value");
    }

    public static RunId of(String value) {
        return new RunId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
