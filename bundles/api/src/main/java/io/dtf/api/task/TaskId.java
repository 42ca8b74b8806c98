package io.dtf.api.task;

import java.util.Objects;

/** Identifier of a task, such as {@code r42.3}: the run's id, a dot, the task's index in the run. */
public record TaskId(String value) {
    public TaskId {
        Objects.requireNonNull(value, "value");
    }

    public static TaskId of(String value) {
        return new TaskId(value);
    }

    /** The id of the {@code index}-th task (from 1) of a run. */
    public static TaskId of(RunId run, int index) {
        return new TaskId(run.value() + "." + index);
    }

    /** The run this task belongs to, read from the id itself. */
    public RunId runId() {
        int dot = value.lastIndexOf('.');
        return new RunId(dot < 0 ? value : value.substring(0, dot));
    }

    @Override
    public String toString() {
        return value;
    }
}
