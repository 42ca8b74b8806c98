package io.dtf.api.task;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A finished run as integrations report it: what {@code RUN_COMPLETED} carries, so that a CI provider,
 * a chat message or a tracker needs no further query.
 *
 * @param summary the run (name, labels, CI context; no plan text), its state and counts
 * @param duration from submission to its last task's end
 * @param failedTests the failed and errored test cases of the latest attempts, at most the configured number
 * @param failedTestsLeftOut how many more failed than {@code failedTests} holds
 * @param link the run in DTF, from the configured public URL
 */
public record RunReport(RunSummary summary, Duration duration, List<StoredTestCase> failedTests,
                        int failedTestsLeftOut, URI link) {
    public RunReport {
        failedTests = failedTests == null ? List.of() : List.copyOf(failedTests);
    }
}
