package io.dtf.http.impl.exchange;

import java.io.IOException;
import java.time.Duration;

/** What one try came to: a handled answer, an error answer, or no answer. */
sealed interface Outcome<T> {
    /** A successful answer, handled. */
    record Answered<T>(T value) implements Outcome<T> {
    }

    /**
     * An error answer (3xx to 5xx), read and closed.
     *
     * @param retryAfter its {@code Retry-After}, or {@code null}
     * @param rateLimited whether it is the target's rate limit speaking (a 429, GitHub's 403)
     * @param secondaryLimit whether it is GitHub's secondary limit (at least a minute when it gives no wait)
     */
    record ErrorAnswer<T>(int status, byte[] body, Duration retryAfter, boolean rateLimited, boolean secondaryLimit)
            implements Outcome<T> {
    }

    /** No answer: no connection, a broken one, a time-out, or the handler's read failed. */
    record Failed<T>(IOException failure) implements Outcome<T> {
    }
}
