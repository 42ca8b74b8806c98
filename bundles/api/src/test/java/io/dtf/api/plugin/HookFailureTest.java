package io.dtf.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HookFailureTest {
    @Test
    void anExternalSystemsFailureIsRetryableOrPermanentAsItsResultSays() {
        HookFailure limited = HookFailure.of(ExternalSystemResult.rateLimited(Duration.ofSeconds(20), "slow down"));
        assertFalse(limited.permanent());
        assertEquals(Duration.ofSeconds(20), limited.retryAfter());
        assertEquals("RATE_LIMITED rate_limited: slow down (retry after PT20S)", limited.getMessage());

        HookFailure refused = HookFailure.of(ExternalSystemResult.rejected("http_401", "bad credentials"));
        assertTrue(refused.permanent());
        assertNull(refused.retryAfter());
        assertFalse(HookFailure.of(ExternalSystemResult.failure(new ConnectException("refused"))).permanent());
        assertThrows(IllegalArgumentException.class, () -> HookFailure.of(ExternalSystemResult.ok()));
    }
}
