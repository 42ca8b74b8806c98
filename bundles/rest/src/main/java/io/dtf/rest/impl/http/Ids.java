package io.dtf.rest.impl.http;

import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import java.util.regex.Pattern;

/**
 * The forms of ids the API accepts: runs {@code r12}, tasks {@code r12.3}, workers letters, digits,
 * {@code .}, {@code _} and {@code -} (at most 128), plugin and scheduler names the same (at most 200). A malformed id is a 400, a well-formed unknown one a 404.
 */
public final class Ids {
    private static final Pattern RUN = Pattern.compile("r[1-9][0-9]{0,17}");
    private static final Pattern TASK = Pattern.compile("r[1-9][0-9]{0,17}\\.[1-9][0-9]{0,8}");
    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Ids() {
    }

    public static RunId run(String value) {
        if (value == null || !RUN.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + Query.shorten(String.valueOf(value))
                    + "' is not a run id (r followed by a number, e.g. r12)");
        }
        return RunId.of(value);
    }

    public static TaskId task(String value) {
        if (value == null || !TASK.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + Query.shorten(String.valueOf(value))
                    + "' is not a task id (run id, dot, number, e.g. r12.3)");
        }
        return TaskId.of(value);
    }

    public static WorkerId worker(String value) {
        if (value == null || !WORKER.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("'" + Query.shorten(String.valueOf(value))
                    + "' is not a worker id (1 to 128 letters, digits, '.', '_' or '-')");
        }
        return WorkerId.of(value);
    }

    /** A plugin's or scheduler's name: a bundle symbolic name or a {@code dtf.scheduler} name. */
    public static String name(String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + Query.shorten(String.valueOf(value))
                    + "' is not a name (1 to 200 letters, digits, '.', '_' or '-')");
        }
        return value;
    }
}
