package io.dtf.api.task;

/** Outcome of one test case, as JUnit XML reports it. */
public enum TestCaseStatus {
    PASSED,
    /** An assertion failed ({@code <failure>}). */
    FAILED,
    /** The test broke with an unexpected exception ({@code <error>}). */
    ERROR,
    SKIPPED;

    /** Whether the test case counts as failed: FAILED or ERROR. */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }
}
