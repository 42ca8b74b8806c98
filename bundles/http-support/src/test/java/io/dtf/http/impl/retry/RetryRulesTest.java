package io.dtf.http.impl.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.http.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class RetryRulesTest {
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofMinutes(1));

    @Test
    void answersTheServerSurelyDidNotActOnAreAlwaysRetried() {
        for (boolean idempotent : new boolean[] {true, false}) {
            assertTrue(RetryRules.isRetryable(429, idempotent));
            assertTrue(RetryRules.isRetryable(503, idempotent));
            assertFalse(RetryRules.isRetryable(400, idempotent));
            assertFalse(RetryRules.isRetryable(404, idempotent));
            assertFalse(RetryRules.isRetryable(501, idempotent));
        }
        for (int status : new int[] {500, 502, 504}) {
            assertTrue(RetryRules.isRetryable(status, true), status + " idempotent");
            assertFalse(RetryRules.isRetryable(status, false), status + " not idempotent");
        }
    }

    @Test
    void aConnectionThatWasNeverMadeIsRetriedALostAnswerOnlyWhenIdempotent() {
        for (IOException connect : new IOException[] {new ConnectException("refused"), new UnknownHostException("x")}) {
            assertTrue(RetryRules.isConnectFailure(connect));
            assertTrue(RetryRules.isRetryable(connect, false));
        }
        for (IOException lost : new IOException[] {new NoHttpResponseException("none"),
                new SocketTimeoutException("late"), new SocketException("reset")}) {
            assertFalse(RetryRules.isConnectFailure(lost));
            assertTrue(RetryRules.isRetryable(lost, true), lost.toString());
            assertFalse(RetryRules.isRetryable(lost, false), lost.toString());
        }
        assertFalse(RetryRules.isRetryable(new IOException("other"), true));
    }

    @Test
    void theBackoffUnlessTheServerAsksForLonger() {
        long backoff = RetryRules.nextWait(POLICY, 1, Duration.ZERO, null).toMillis();
        assertTrue(backoff >= 80 && backoff <= 120, backoff + " ms");
        long shortAdvice = RetryRules.nextWait(POLICY, 1, Duration.ZERO, Duration.ZERO).toMillis();
        assertTrue(shortAdvice >= 80 && shortAdvice <= 120, shortAdvice + " ms");
        assertEquals(Duration.ofSeconds(5), RetryRules.nextWait(POLICY, 2, Duration.ZERO, Duration.ofSeconds(5)));
    }

    @Test
    void noWaitWhenTriesOrTimeAreSpentOrTheServerAsksTooMuch() {
        assertNull(RetryRules.nextWait(POLICY, 3, Duration.ZERO, null), "3 tries in all");
        assertNull(RetryRules.nextWait(POLICY, 1, Duration.ZERO, Duration.ofSeconds(11)), "over maxRetryAfter");
        assertNull(RetryRules.nextWait(POLICY, 1, Duration.ofSeconds(55), Duration.ofSeconds(6)), "past maxElapsed");
        assertEquals(Duration.ofSeconds(5), RetryRules.nextWait(POLICY, 1, Duration.ofSeconds(55), Duration.ofSeconds(5)));
    }
}
