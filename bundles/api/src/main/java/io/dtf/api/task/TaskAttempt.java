package io.dtf.api.task;

import java.nio.file.Path;
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

    /** {@code <taskId>-<attempt>} as a file name: the attempt's own folder, and its log's name. */
    public String fileName() {
        return FileNames.segment(task.value()) + "-" + attempt;
    }

    /**
     * The attempt's log file under {@code root}: {@code <runId>/<taskId>-<attempt>.log}. The embedded
     * worker writes its logs there and the coordinator keeps what remote workers stream there: one layout.
     */
    public Path logFile(Path root) {
        return root.resolve(FileNames.segment(task.runId().value())).resolve(fileName() + ".log");
    }

    @Override
    public String toString() {
        return task + "#" + attempt;
    }
}
