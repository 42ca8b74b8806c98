package io.dtf.api.worker;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.util.List;

/**
 * What a worker tells the coordinator in one go: the attempts it started and the attempts that ended
 * since it last reported, and leased attempts it hands back without having started them. Reports
 * travel in batches so that a busy worker costs the coordinator one request and one store commit for
 * many tasks; an attempt may be in both {@code started} and {@code completed}.
 *
 * @param started attempts whose processes started
 * @param completed attempts that ended, with their results
 * @param returned attempts leased to the worker and never started, handed back: the coordinator
 *     queues their tasks again as if they had not been leased, without spending one of their attempts
 *     (a worker that held short tasks ahead of its slots and found a long one running, or that drains)
 */
public record WorkerReports(List<TaskAttempt> started, List<AttemptResult> completed, List<TaskAttempt> returned) {
    public static final WorkerReports NONE = new WorkerReports(List.of(), List.of(), List.of());

    public WorkerReports {
        started = withoutNulls("started", started);
        completed = withoutNulls("completed", completed);
        returned = withoutNulls("returned", returned);
    }

    /** Starts and ends, nothing handed back. */
    public WorkerReports(List<TaskAttempt> started, List<AttemptResult> completed) {
        this(started, completed, List.of());
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
        return started.isEmpty() && completed.isEmpty() && returned.isEmpty();
    }

    public int size() {
        return started.size() + completed.size() + returned.size();
    }
}
