package io.dtf.plan;

import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid plan, as {@link PlanParser} reads it.
 *
 * @param name the run's name
 * @param labels free labels of the run
 * @param tenant fair-share tenant; {@code default} when the plan names none
 * @param scheduler the scheduler asked for, or {@code null} for the active one
 * @param tasks the tasks in plan order, defaults applied
 */
public record Plan(String name, Map<String, String> labels, String tenant, String scheduler, List<PlannedTask> tasks) {

    public Plan {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : labels;
        tenant = tenant == null ? "default" : tenant;
        tasks = List.copyOf(tasks);
    }

    /** The run to store for this plan. */
    public TestRun toRun(RunId id, Instant submittedAt, String planText) {
        return new TestRun(id, name, labels, tenant, scheduler, submittedAt, planText);
    }

    /**
     * The tasks to store, in plan order: ids {@code <run>.1}, {@code <run>.2}, …, state QUEUED, attempt 0,
     * and seq 0 (the store assigns it).
     */
    public List<Task> toTasks(RunId id, Instant createdAt) {
        List<Task> result = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            PlannedTask t = tasks.get(i);
            result.add(new Task(TaskId.of(id, i + 1), id, t.name(), t.type(), t.spec(), t.requirements(),
                    t.priority(), tenant, t.deadline(), t.timeout(), t.maxAttempts(), 0L, TaskState.QUEUED, 0,
                    null, createdAt, null, null, null));
        }
        return List.copyOf(result);
    }
}
