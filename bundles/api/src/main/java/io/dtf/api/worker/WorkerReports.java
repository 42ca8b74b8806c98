package io.dtf.api.worker;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.util.List;

/**
 * What a worker tells the coordinator in one go: the attempts it started and the attempts that ended
 * since it last reported. Reports travel in batches so that a busy worker costs the coordinator one
 * request and one store commit for many tasks; an attempt may be in both lists.
 */
public record WorkerReports(List<TaskAttempt> started, List<AttemptResult> completed) {
    public static final WorkerReports NONE = new WorkerReports(List.of(), List.of());

    public WorkerReports {
        started = withoutNulls("started", started);
        completed = withoutNulls("completed", completed);
    }

    private static <T> List<T> withoutNulls(String name, List<T> list) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(list);
    }

    public static WorkerReports started(TaskAttempt attempt) {
        return new WorkerReports(List.of(attempt), List.of());
    }

    public static WorkerReports completed(TaskAttempt attempt, TaskResult result) {
        return new WorkerReports(List.of(), List.of(new AttemptResult(attempt, result)));
    }

    public boolean isEmpty() {
        return started.isEmpty() && completed.isEmpty();
    }

    public int size() {
        return started.size() + completed.size();
    }
}
