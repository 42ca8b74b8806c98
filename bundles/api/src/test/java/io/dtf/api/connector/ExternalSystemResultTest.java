package io.dtf.api.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ExternalSystemResultTest {
    @Test
    void onlyUnavailableAndRateLimitedAreWorthRetrying() {
        assertTrue(ExternalSystemResult.unavailable("http_503", "down").retryable());
        assertTrue(ExternalSystemResult.rateLimited(Duration.ofSeconds(30), "slow down").retryable());
        assertFalse(ExternalSystemResult.rejected("http_403", "forbidden").retryable());
        assertFalse(ExternalSystemResult.notFound("no PROJ-1").retryable());
        assertFalse(ExternalSystemResult.unsupported("query").retryable());
        assertFalse(ExternalSystemResult.ok().retryable());
    }

    @Test
    void aFailureNeedsAMessageAndARateLimitAWait() {
        assertThrows(NullPointerException.class, () -> ExternalSystemResult.rejected("x", null));
        assertThrows(NullPointerException.class, () -> ExternalSystemResult.rateLimited(null, "slow down"));
    }

    @Test
    void exceptionsAreMappedByWhetherRetryingCanHelp() {
        ExternalSystemResult limited = ExternalSystemResult.rateLimited(Duration.ofSeconds(7), "secondary limit");
        assertSame(limited, ExternalSystemResult.failure(new CompletionException(new ExternalSystemException(limited))),
                "the result an exception carries, through the future's wrapper");
        assertEquals(Status.UNAVAILABLE, ExternalSystemResult.failure(
                new ExecutionException(new ConnectException("Connection refused"))).status());
        assertEquals("timeout", ExternalSystemResult.failure(new TimeoutException()).errorCode());
        ExternalSystemResult defect = ExternalSystemResult.failure(new IllegalStateException("bug"));
        assertEquals(Status.REJECTED, defect.status(), "a defect is not cured by retrying");
        assertEquals("IllegalStateException: bug", defect.message());
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                ExternalSystemResult.failure(new UnsupportedOperationException()).errorCode());
        assertTrue(ExternalSystemResult.failure(new IOException("reset")).retryable());
    }

    @Test
    void orThrowPassesSuccessAndThrowsFailureWithIt() {
        ExternalSystemResult ok = ExternalSystemResult.ok();
        assertSame(ok, ok.orThrow());
        ExternalSystemResult down = ExternalSystemResult.unavailable("http_502", "bad gateway");
        ExternalSystemException thrown = assertThrows(ExternalSystemException.class, down::orThrow);
        assertSame(down, thrown.result());
        assertTrue(thrown.retryable());
        assertEquals("UNAVAILABLE http_502: bad gateway", thrown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExternalSystemException(ok));
    }

    @Test
    void theItemIsTheFirstOfTheItems() {
        ExternalItem issue = new ExternalItem("issue", "10001", "PROJ-1", null, null);
        assertEquals(issue, ExternalSystemResult.ok(issue).item().orElseThrow());
        assertTrue(ExternalSystemResult.ok().item().isEmpty());
        assertEquals("c2", ExternalSystemResult.page(java.util.List.of(issue), "c2").nextCursor());
    }
}
