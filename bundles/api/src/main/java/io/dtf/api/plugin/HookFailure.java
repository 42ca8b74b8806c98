package io.dtf.api.plugin;

import java.time.Duration;

/**
 * Thrown by a durable {@link Hook} to say whether delivering the event again can succeed. Any other
 * exception counts as retryable.
 */
public class HookFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final transient Duration retryAfter;

    private HookFailure(String message, Throwable cause, boolean permanent, Duration retryAfter) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** The event can never be delivered (refused as invalid, not authorised): it is parked at once. */
    public static HookFailure permanent(String message, Throwable cause) {
        return new HookFailure(message, cause, true, null);
    }

    /**
     * Worth trying again (time-out, 5xx, rate limited).
     *
     * @param retryAfter when the other side asked to be called again, or {@code null} for the usual backoff
     */
    public static HookFailure retryable(String message, Throwable cause, Duration retryAfter) {
        return new HookFailure(message, cause, false, retryAfter);
    }

    public boolean permanent() {
        return permanent;
    }

    /** When to try again at the earliest, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
