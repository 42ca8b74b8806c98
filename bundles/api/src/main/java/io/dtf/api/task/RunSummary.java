package io.dtf.api.task;

import java.time.Instant;

/**
 * A run with its derived state.
 *
 * @param run the submission
 * @param state derived from the task counts
 * @param counts tasks per state
 * @param finishedAt when the last task finished, or {@code null} while the run goes on
 * @param testCases how many test cases its tasks reported (latest attempts)
 * @param failedTestCases how many of them failed or errored
 */
public record RunSummary(TestRun run, RunState state, TaskCounts counts, Instant finishedAt,
                         int testCases, int failedTestCases) {
}
