package io.dtf.api.task;

import java.util.Set;

/**
 * Which test cases to list. A {@code null} or empty filter matches all.
 *
 * @param allAttempts {@code false}: those of each task's latest result, in task order and report order;
 *     {@code true}: those of every attempt of each task, in task order, then by class, name and attempt, so that a
 *     test that failed and then passed on a retry shows as its attempts one after the other
 */
public record TestCaseQuery(RunId run, TaskId task, Set<TestCaseStatus> statuses, Page page, boolean allAttempts) {
    public TestCaseQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        page = page == null ? Page.FIRST : page;
    }

    /** Test cases of each task's latest result. */
    public TestCaseQuery(RunId run, TaskId task, Set<TestCaseStatus> statuses, Page page) {
        this(run, task, statuses, page, false);
    }
}
