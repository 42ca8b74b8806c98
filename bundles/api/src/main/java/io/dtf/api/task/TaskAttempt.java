package io.dtf.api.task;

import java.util.Objects;

/**
 * One attempt of a task: the fencing token of every state change. A worker holds the attempt it
 * was given; once the task moved on to a newer attempt, whatever that worker reports is refused.
 */
public record TaskAttempt(TaskId task, int attempt) {
    public TaskAttempt {
        Objects.requireNonNull(task, "task");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1: " + attempt);
        }
    }

    @Override
    public String toString() {
        return task + "#" + attempt;
    }
}
