package io.dtf.api.ci;

import io.dtf.api.task.RunState;
import java.util.Objects;

/** The status of a build or commit as CI systems show it; each provider maps it to its own words. */
public enum BuildStatus {
    /** Waiting to start. */
    PENDING,
    /** Running. */
    RUNNING,
    SUCCESS,
    /** Tests failed. */
    FAILURE,
    /** The run could not do its work (DTF or infrastructure failed), as opposed to tests failing. */
    ERROR,
    CANCELLED;

    /** The status of a run in this state. */
    public static BuildStatus of(RunState state) {
        return switch (Objects.requireNonNull(state, "state")) {
            case QUEUED -> PENDING;
            case RUNNING -> RUNNING;
            case PASSED -> SUCCESS;
            case FAILED -> FAILURE;
            case CANCELLED -> CANCELLED;
        };
    }

    /** Whether the build is over. */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
