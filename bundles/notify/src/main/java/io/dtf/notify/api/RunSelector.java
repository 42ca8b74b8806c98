package io.dtf.notify.api;

import io.dtf.api.task.TestRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which runs an integration reports (the Jira and TestRail connectors' {@code reportRuns}): {@link Matcher matchers}
 * on the run's {@link RunLabels labels}, all of which must match. No matcher selects no run, so that an instance
 * reports nothing until it is told what.
 *
 * @param matchers the conditions, all of which a selected run meets
 */
public record RunSelector(List<Matcher> matchers) {
    public RunSelector {
        matchers = List.copyOf(matchers);
    }

    /**
     * The selector a configuration gives: each value split at commas (a {@code .cfg} file gives a list as one value),
     * e.g. {@code run_name=~nightly-.*, branch=main}.
     *
     * @param setting what the message of a mistake names, e.g. {@code io.dtf.connector.jira: reportRuns}
     * @throws IllegalArgumentException naming the setting and the text that is no matcher
     */
    public static RunSelector parse(String setting, String... values) {
        List<Matcher> matchers = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String text : (value == null ? "" : value).split(",")) {
                if (!text.isBlank()) {
                    try {
                        matchers.add(Matcher.parse(text.strip()));
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException(setting + ": " + bad.getMessage()
                                + " (matchers are separated by commas, e.g. run_name=~nightly-.*, branch=main)", bad);
                    }
                }
            }
        }
        return new RunSelector(matchers);
    }

    /** Whether it selects no run at all. */
    public boolean none() {
        return matchers.isEmpty();
    }

    /** Whether the run is selected. */
    public boolean matches(TestRun run) {
        Map<String, String> labels = RunLabels.of(run);
        return !matchers.isEmpty() && matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }

    @Override
    public String toString() {
        return matchers.isEmpty() ? "no runs" : matchers.stream().map(Matcher::toString).collect(Collectors.joining(", "));
    }
}
