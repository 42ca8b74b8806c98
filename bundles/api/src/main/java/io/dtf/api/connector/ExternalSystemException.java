package io.dtf.api.connector;

import java.util.Objects;

/**
 * A failed {@link ExternalSystemResult} as an exception: how a future of another type (a CI provider's
 * {@code CompletableFuture<URI>}) or {@link ExternalSystemResult#orThrow()} reports the failure, keeping whether it
 * is worth retrying. {@link ExternalSystemResult#failure(Throwable)} gives the result back.
 */
public class ExternalSystemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExternalSystemResult result;

    public ExternalSystemException(ExternalSystemResult result) {
        this(result, null);
    }

    public ExternalSystemException(ExternalSystemResult result, Throwable cause) {
        super(Objects.requireNonNull(result, "result").describe(), cause);
        if (result.success()) {
            throw new IllegalArgumentException("a successful result is no failure");
        }
        this.result = result;
    }

    /** The failure. */
    public ExternalSystemResult result() {
        return result;
    }

    /** Whether the same call may succeed later. */
    public boolean retryable() {
        return result.retryable();
    }
}
