package io.dtf.plan;

import org.osgi.annotation.versioning.ProviderType;

/** What {@link TaskTypeDefinition#expand} works with, for one task of a plan. */
@ProviderType
public interface TaskExpansion {

    /** Reports a problem at a key of the task ({@code tasks[2].split: no test classes found}). */
    void problem(String key, String message);

    /**
     * Takes a name for a task this one becomes.
     *
     * @return {@code false} when another task of the plan has it, or another task's expansion took it
     */
    boolean claim(String name);

    /** How long test classes are expected to run, for a split balanced by time. */
    TestClassEstimates testClassEstimates();
}
