package io.dtf.notify.api;

import io.dtf.api.task.CIContext;
import io.dtf.api.task.TestRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels of a run that {@link Matcher matchers} see: the run's own labels, {@code run_name}, {@code tenant} and,
 * when it came from CI, {@code provider}, {@code repository}, {@code branch}, {@code commit} and
 * {@code pull_request}. Notification routes, silences and the trackers that report a run's tests (Jira, TestRail)
 * select runs by them alike.
 */
public final class RunLabels {
    private RunLabels() {
    }

    /** The labels of a run; the names above win over run labels of the same name. */
    public static Map<String, String> of(TestRun run) {
        Map<String, String> labels = new LinkedHashMap<>(run.labels());
        labels.put("run_name", run.name());
        labels.put("tenant", run.tenant());
        CIContext ci = run.ci();
        if (ci != null) {
            put(labels, "provider", ci.provider());
            put(labels, "repository", ci.repository());
            put(labels, "branch", ci.branch());
            put(labels, "commit", ci.commit());
            put(labels, "pull_request", ci.pullRequest() == null ? null : ci.pullRequest().toString());
        }
        return labels;
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }
}
