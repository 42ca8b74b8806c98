package io.dtf.plan;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a plan gets when it says nothing, and what this DTF can run.
 *
 * @param timeout time limit of one attempt of a task whose plan sets none
 * @param maxAttempts attempts of a task whose plan sets none (1 = no retry)
 * @param taskTypes the task types this DTF can run: a plan may use these, {@code command}, and the types of the
 *     {@link TaskTypeDefinition}s given to the {@link PlanParser}, and is refused for any other. The keys of a type
 *     here without a definition (one only remote workers run) are passed to its executor as written
 * @param testClassEstimates how long test classes are expected to run; balances the shards of a task split by
 *     class. The coordinator plugs in its history here; {@link TestClassEstimates#NONE} (also for {@code null})
 *     knows nothing, and shards get equal counts
 */
public record PlanDefaults(Duration timeout, int maxAttempts, Set<String> taskTypes,
                           TestClassEstimates testClassEstimates) {

    /** 30 minutes, one attempt, task type {@code command}. */
    public static final PlanDefaults STANDARD = new PlanDefaults(Duration.ofMinutes(30), 1, Set.of("command"));

    public PlanDefaults(Duration timeout, int maxAttempts, Set<String> taskTypes) {
        this(timeout, maxAttempts, taskTypes, TestClassEstimates.NONE);
    }

    public PlanDefaults {
        testClassEstimates = testClassEstimates == null ? TestClassEstimates.NONE : testClassEstimates;
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(taskTypes, "taskTypes");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(PlanParser.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + PlanParser.MAX_TIMEOUT);
        }
        if (maxAttempts < 1 || maxAttempts > PlanParser.MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + PlanParser.MAX_ATTEMPTS);
        }
        if (taskTypes.isEmpty()) {
            throw new IllegalArgumentException("taskTypes must not be empty");
        }
        // sorted, so that messages listing them are stable
        taskTypes = Collections.unmodifiableSet(new LinkedHashSet<>(taskTypes.stream().sorted().toList()));
    }

    public PlanDefaults withTimeout(Duration newTimeout) {
        return new PlanDefaults(newTimeout, maxAttempts, taskTypes, testClassEstimates);
    }

    public PlanDefaults withMaxAttempts(int newMaxAttempts) {
        return new PlanDefaults(timeout, newMaxAttempts, taskTypes, testClassEstimates);
    }

    public PlanDefaults withTaskTypes(Set<String> newTaskTypes) {
        return new PlanDefaults(timeout, maxAttempts, newTaskTypes, testClassEstimates);
    }

    public PlanDefaults withTestClassEstimates(TestClassEstimates estimates) {
        return new PlanDefaults(timeout, maxAttempts, taskTypes, estimates);
    }
}
