package io.dtf.plan;

import io.dtf.api.executor.TaskExecutor;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The plan keys of one task type: which keys its tasks take, how each is checked and normalized into the task's
 * spec, and what one task becomes (several shards, say). A task type's bundle registers it as a service with the
 * {@value #PROPERTY} property naming the type, next to its {@link TaskExecutor}; from then on plans may use the
 * type and their keys are checked by it. Only {@code command} is built into the plan reader.
 *
 * <p>Every method reports what is wrong through the {@link PlanValue} or {@link TaskExpansion} it is given, with
 * the location, and never throws for a bad plan. One that throws anyway is reported as a problem of the plan
 * naming the type, and the plan is refused. Implementations are called concurrently, for several plans at once.
 */
@ConsumerType
public interface TaskTypeDefinition {
    /** Service property naming the task type: the same as the executor's. */
    String PROPERTY = TaskExecutor.PROPERTY;

    /**
     * The type's own keys, besides {@code name}, {@code type} and the settings every task has ({@code timeout},
     * {@code maxAttempts}, {@code priority}, {@code deadline}, {@code requirements}). A task of this type with
     * another key is refused, and the message lists these (did you mean 'workdir'?).
     */
    List<String> keys();

    /**
     * Checks the task as a whole before its keys are read, such as the keys it requires
     * ({@code task.problemAt("command", "required")}).
     *
     * @param task the task, a mapping
     */
    default void checkTask(PlanValue task) {
    }

    /**
     * Reads one of {@link #keys()}, set in the task, into the value its executor finds in the task's spec.
     *
     * @param key one of {@link #keys()}
     * @param value its value in the plan; never left out, {@code null} or empty
     * @return the normalized value, or {@code null} after reporting a problem through {@code value}
     */
    Object read(String key, PlanValue value);

    /**
     * The tasks one task of the plan becomes: itself unless the type splits it (a {@code junit} task with
     * {@code split} becomes its shards). Called only for a plan without problems, in plan order.
     *
     * @param task the task with its spec as {@link #read} made it, and the plan's settings applied
     * @param expansion where problems go, the names taken, and the estimates a split can balance by
     * @return at least one task, each of this type; new names claimed with {@link TaskExpansion#claim}
     */
    default List<PlannedTask> expand(PlannedTask task, TaskExpansion expansion) {
        return List.of(task);
    }
}
