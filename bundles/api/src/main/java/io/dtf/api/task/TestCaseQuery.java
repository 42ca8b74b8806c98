package io.dtf.api.task;

import java.util.Set;

/**
 * Which test cases to list: those of each task's latest finished attempt, in task order. A
 * {@code null} or empty filter matches all.
 */
public record TestCaseQuery(RunId run, TaskId task, Set<TestCaseStatus> statuses, Page page) {
    public TestCaseQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        page = page == null ? Page.FIRST : page;
    }
}
