package io.dtf.api.task;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of a task, such as {@code r42.3}: the run's id, a dot, the task's index in the run (from
 * 1). Ids a person or a client gives are read with {@link #parse}.
 */
public record TaskId(String value) {
    private static final Pattern FORM = Pattern.compile(RunId.FORM.pattern() + "\\.[1-9][0-9]{0,8}");

    public TaskId {
        Objects.requireNonNull(value, "value");
    }

    public static TaskId of(String value) {
        return new TaskId(value);
    }

    /**
     * A task id given by a person or a client, checked.
     *
     * @throws DtfException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it is not a task id
     */
    public static TaskId parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, RunId.quote(text)
                    + " is not a task id (run id, dot, number, e.g. r12.3)");
        }
        return new TaskId(text);
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
