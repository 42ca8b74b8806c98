package io.dtf.connector.testrail.impl;

import io.dtf.api.task.TestRun;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.RunLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * The finished runs an instance reports ({@code reportRuns}): matchers on the run's labels as the notification system
 * writes them ({@code label=value}, {@code label=~regex}, {@link RunLabels}), all of which must match. None: no run.
 */
record RunSelection(List<Matcher> matchers) {
    RunSelection {
        matchers = List.copyOf(matchers);
    }

    /** The matchers of the setting: each value split at commas (a .cfg file gives a list as one value). */
    static RunSelection of(String[] configured) {
        List<Matcher> matchers = new ArrayList<>();
        for (String value : configured == null ? new String[0] : configured) {
            for (String text : (value == null ? "" : value).split(",")) {
                if (!text.isBlank()) {
                    try {
                        matchers.add(Matcher.parse(text.strip()));
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException(TestRailConnector.PID + ": reportRuns: " + bad.getMessage()
                                + " (matchers are separated by commas, e.g. run_name=~nightly-.*, branch=main)", bad);
                    }
                }
            }
        }
        return new RunSelection(matchers);
    }

    boolean none() {
        return matchers.isEmpty();
    }

    boolean matches(TestRun run) {
        var labels = RunLabels.of(run);
        return !matchers.isEmpty() && matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }

    @Override
    public String toString() {
        return matchers.isEmpty() ? "no runs" : matchers.stream().map(Matcher::toString).reduce((a, b) -> a + ", " + b).orElseThrow();
    }
}
