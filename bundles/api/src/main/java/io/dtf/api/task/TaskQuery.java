package io.dtf.api.task;

import io.dtf.api.worker.WorkerId;
import java.util.Set;

/**
 * Which tasks to list, in submission order. A {@code null} or empty filter matches all. Tasks in a
 * listing carry their result without test cases; ask {@link TestCaseQuery} for those.
 */
public record TaskQuery(RunId run, Set<TaskState> states, WorkerId worker, Page page) {
    public TaskQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
        page = page == null ? Page.FIRST : page;
    }

    public static TaskQuery ofRun(RunId run, Page page) {
        return new TaskQuery(run, Set.of(), null, page);
    }
}
