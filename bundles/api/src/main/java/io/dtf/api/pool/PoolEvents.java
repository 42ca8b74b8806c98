package io.dtf.api.pool;

/**
 * The events the browser pool publishes through {@link io.dtf.api.plugin.EventPublisher} (as
 * {@link io.dtf.api.plugin.HookType#CUSTOM} events), with the keys of their data, for notification routes.
 */
public final class PoolEvents {
    /** A job took more than the configured percentage longer than its key's trailing median. */
    public static final String SLOW_JOB = "pool.slow-job";
    /** The pool cleaned up browsers or drivers left by an earlier run when it started. */
    public static final String CLEANED_UP = "pool.cleaned-up";

    /** Data keys of {@link #SLOW_JOB}: the job's key, profile and backend, its and the median's milliseconds. */
    public static final String KEY = "key";
    public static final String PROFILE = "profile";
    public static final String BACKEND = "backend";
    public static final String TOOK_MS = "tookMs";
    public static final String MEDIAN_MS = "medianMs";
    public static final String PERCENT_SLOWER = "percentSlower";
    /** Data key of {@link #CLEANED_UP}: the process ids ended. */
    public static final String KILLED_PIDS = "killedPids";

    private PoolEvents() {
    }
}
