package io.dtf.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * No answer: the server could not be reached, the connection broke, or the answer did not come in
 * time, after every retry the {@link RetryPolicy} allowed. The message is redacted.
 */
public class HttpTransportException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final boolean connectFailure;

    public HttpTransportException(String message, IOException cause, boolean connectFailure) {
        super(Secrets.redact(message), cause);
        this.connectFailure = connectFailure;
    }

    /** Whether no connection could be made at all (the server is down or unreachable). */
    public boolean isConnectFailure() {
        return connectFailure;
    }
}
