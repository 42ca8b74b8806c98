package io.dtf.client.impl.cli;

import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskState;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** How the commands put runs and tasks into words. */
final class RunTexts {
    private RunTexts() {
    }

    /** The non-zero counts in life-cycle order with the total: {@code 3 passed, 1 failed (of 4)}. */
    static String counts(RunSummary run) {
        StringBuilder s = new StringBuilder();
        for (TaskState state : TaskState.values()) {
            int n = run.counts().get(state);
            if (n > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(n).append(' ')
                        .append(state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return s.append(s.length() == 0 ? "no tasks" : " (of " + run.counts().total() + ")").toString();
    }

    /** Tasks that ended badly: failed, errored or timed out. */
    static int failed(RunSummary r) {
        return r.counts().get(TaskState.FAILED) + r.counts().get(TaskState.ERROR) + r.counts().get(TaskState.TIMED_OUT);
    }

    /** The CI context in brief: {@code github #42 feature/cart}, {@code gitlab main}. */
    static String ci(CIContext ci) {
        return ci.provider() + (ci.pullRequest() == null ? "" : " #" + ci.pullRequest())
                + (ci.branch() == null ? "" : " " + ci.branch());
    }

    /** {@code FAILED,ERROR}: as {@code --state} takes them. */
    static String names(Set<TaskState> states) {
        return states.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
