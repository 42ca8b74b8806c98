package io.dtf.api.task;

/**
 * Which slowest tests to find: those of one run, or those of the latest runs, slowest mean first. Each test case
 * counts as its task's latest result reported it (earlier attempts are left out).
 *
 * @param run the run, or {@code null} for the latest {@code recentRuns} runs
 * @param recentRuns how many of the latest runs to look at when no run is given (1 to {@link #MAX_RECENT_RUNS})
 * @param limit how many tests to answer with (1 to {@link Page#MAX_LIMIT})
 */
public record SlowestTestsQuery(RunId run, int recentRuns, int limit) {
    public static final int DEFAULT_RECENT_RUNS = 20;
    public static final int MAX_RECENT_RUNS = 100;

    public SlowestTestsQuery {
        if (recentRuns < 1 || recentRuns > MAX_RECENT_RUNS) {
            throw new IllegalArgumentException("recentRuns must be between 1 and " + MAX_RECENT_RUNS + ": " + recentRuns);
        }
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + Page.MAX_LIMIT + ": " + limit);
        }
    }
}
