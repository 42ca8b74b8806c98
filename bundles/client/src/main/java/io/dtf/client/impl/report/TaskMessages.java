package io.dtf.client.impl.report;

import io.dtf.api.task.Task;

/** What a task's latest result says went wrong, as the command line and the reports put it. */
public final class TaskMessages {
    private TaskMessages() {
    }

    /** The result's message, else a non-zero exit code; null for none. */
    public static String of(Task t) {
        if (t.result() == null) {
            return null;
        }
        if (t.result().message() != null) {
            return t.result().message();
        }
        return t.result().exitCode() == null || t.result().exitCode() == 0 ? null : "exit code " + t.result().exitCode();
    }
}
