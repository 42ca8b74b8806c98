package io.dtf.http.impl.retry;

import io.dtf.http.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Which failures are tried again, and after how long. A request the server surely did not act on is
 * always tried again: no connection, a 429 or a 503. One that it may have acted on only when repeating
 * it is harmless (idempotent): other 5xx gateway and server errors, a lost or late answer.
 */
public final class RetryRules {
    private RetryRules() {
    }

    public static boolean isRetryable(int status, boolean idempotent) {
        return status == 429 || status == 503 || (idempotent && (status == 500 || status == 502 || status == 504));
    }

    public static boolean isRetryable(IOException failure, boolean idempotent) {
        return isConnectFailure(failure) || (idempotent && (failure instanceof NoHttpResponseException
                || failure instanceof SocketTimeoutException || failure instanceof SocketException));
    }

    /** Whether no connection could be made at all: the server is down or unreachable. */
    public static boolean isConnectFailure(IOException failure) {
        return failure instanceof ConnectException || failure instanceof ConnectTimeoutException
                || failure instanceof NoRouteToHostException || failure instanceof UnknownHostException;
    }

    /**
     * The wait before the next try, or {@code null} when there is none: the policy's tries are spent,
     * the server asks for a longer wait than the policy accepts, or the try would start after the
     * policy's {@code maxElapsed}. The server's {@code Retry-After} counts when longer than the backoff.
     *
     * @param attempt the try that just failed (1 for the first)
     * @param elapsed since the first try started
     * @param retryAfter the server's {@code Retry-After}, or {@code null}
     */
    public static Duration nextWait(RetryPolicy policy, int attempt, Duration elapsed, Duration retryAfter) {
        if (attempt >= policy.maxAttempts()) {
            return null;
        }
        Duration wait = policy.backoff(attempt + 1);
        if (retryAfter != null) {
            if (retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
                return null;
            }
            wait = retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
        }
        return elapsed.plus(wait).compareTo(policy.maxElapsed()) > 0 ? null : wait;
    }
}
