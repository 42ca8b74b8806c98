package io.dtf.plan;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * How long test classes are expected to run: balances the shards of a task split by class (a {@code junit} task's
 * {@code split}, see {@link TaskExpansion}). The coordinator answers from the test cases it stored; asked once per
 * split, for all its classes at once.
 */
@FunctionalInterface
public interface TestClassEstimates {

    /** Knows no test class: shards get equal counts. */
    TestClassEstimates NONE = classNames -> Map.of();

    /**
     * @param classNames fully qualified top-level classes
     * @return the expected duration of each of them that is known; the others are left out
     */
    Map<String, Duration> of(Collection<String> classNames);
}
