package io.dtf.api.executor;

import org.osgi.annotation.versioning.ProviderType;

/** Tells an executor that its attempt was cancelled while it runs. */
@ProviderType
public interface Cancellation {
    boolean isCancelled();

    /** Runs {@code action} once when the attempt is cancelled, at once if it already is. */
    void onCancel(Runnable action);
}
