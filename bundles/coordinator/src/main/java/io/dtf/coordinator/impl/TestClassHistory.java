package io.dtf.coordinator.impl;

import io.dtf.api.store.TaskStore;
import io.dtf.plan.TestClassEstimates;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test classes' expected durations from the test cases in the store, for splitting {@code junit} tasks by class:
 * the median of each class's time in its latest {@link #RUNS} runs. A median, not a mean, so that one run
 * slowed by a loaded machine or a hanging test does not unbalance the next splits.
 */
final class TestClassHistory implements TestClassEstimates {
    private static final Logger LOG = LoggerFactory.getLogger(TestClassHistory.class);

    /** Runs of a class that count: enough for a stable median, recent enough to follow a class that changes. */
    static final int RUNS = 10;

    private final TaskStore store;

    TestClassHistory(TaskStore store) {
        this.store = store;
    }

    /** Without history (the store failed to answer), shards get equal counts: the plan is still accepted. */
    @Override
    public Map<String, Duration> of(Collection<String> classNames) {
        try {
            return store.testClassDurations(classNames, RUNS);
        } catch (RuntimeException failed) {
            LOG.warn("Cannot read the test classes' durations; this split gives its shards equal counts: {}",
                    failed.toString());
            return Map.of();
        }
    }
}
