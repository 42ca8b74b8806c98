package io.dtf.api.ci;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.util.Collection;

/**
 * How many test cases a run has, by outcome (latest attempts).
 *
 * @param total every test case
 * @param passed those that passed (the flaky ones included)
 * @param failed those that failed or errored
 * @param skipped those skipped
 * @param flaky those that passed only on a re-run
 */
public record TestCounts(int total, int passed, int failed, int skipped, int flaky) {
    public static final TestCounts NONE = new TestCounts(0, 0, 0, 0, 0);

    public TestCounts {
        if (total < 0 || passed < 0 || failed < 0 || skipped < 0 || flaky < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (passed + failed + skipped > total) {
            throw new IllegalArgumentException("passed + failed + skipped (" + (passed + failed + skipped)
                    + ") exceeds total (" + total + ")");
        }
    }

    /** The counts of these test cases. */
    public static TestCounts of(Collection<TestCaseResult> tests) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int flaky = 0;
        for (TestCaseResult test : tests) {
            if (test.status().isFailure()) {
                failed++;
            } else if (test.status() == TestCaseStatus.SKIPPED) {
                skipped++;
            } else {
                passed++;
            }
            flaky += test.flaky() ? 1 : 0;
        }
        return new TestCounts(tests.size(), passed, failed, skipped, flaky);
    }
}
