package io.dtf.api.plugin;

import io.dtf.api.connector.ExternalSystemResult;
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

    /**
     * The failure of a call to an external system (a connector, a CI provider, a channel) as its result says:
     * retryable with the system's wait, or permanent. {@code ExternalSystemResult.failure(exception)} gives the
     * result of a failed future: {@code throw HookFailure.of(ExternalSystemResult.failure(e))}.
     *
     * @throws IllegalArgumentException when the result is a success
     */
    public static HookFailure of(ExternalSystemResult failure) {
        if (failure.success()) {
            throw new IllegalArgumentException("a successful result is no failure");
        }
        return failure.retryable() ? retryable(failure.describe(), null, failure.retryAfter())
                : permanent(failure.describe(), null);
    }

    public boolean permanent() {
        return permanent;
    }

    /** When to try again at the earliest, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
