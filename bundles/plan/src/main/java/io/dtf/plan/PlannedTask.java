package io.dtf.plan;

import io.dtf.api.task.Requirements;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One task of a valid plan, with the plan's defaults applied.
 *
 * @param name unique within the plan
 * @param type task type ({@code command})
 * @param spec the type's own keys, normalized by its {@link TaskTypeDefinition} (for {@code command}:
 *     {@code command} a {@code List<String>}, {@code workdir} a {@code String}, {@code env} a
 *     {@code Map<String, String>}, {@code reports} a {@code List<String>}; keys the plan does not set are absent)
 * @param requirements what a worker must offer; {@link Requirements#NONE} when nothing
 * @param priority higher runs first; 0 by default
 * @param deadline when the task should be finished, or {@code null}
 * @param timeout time limit of one attempt
 * @param maxAttempts how often the task may be attempted in all
 */
public record PlannedTask(String name, String type, Map<String, Object> spec, Requirements requirements,
                          int priority, Instant deadline, Duration timeout, int maxAttempts) {
    public PlannedTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timeout, "timeout");
        requirements = requirements == null ? Requirements.NONE : requirements;
    }

    /** A task this one becomes (a shard): its settings, another name and spec. */
    public PlannedTask withNameAndSpec(String newName, Map<String, Object> newSpec) {
        return new PlannedTask(newName, type, newSpec, requirements, priority, deadline, timeout, maxAttempts);
    }
}
