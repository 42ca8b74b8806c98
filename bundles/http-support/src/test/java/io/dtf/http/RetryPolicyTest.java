package io.dtf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesUpToTheMaximumWithJitter() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            assertBetween(80, 120, p.backoff(2).toMillis());
            assertBetween(160, 240, p.backoff(3).toMillis());
            assertBetween(320, 480, p.backoff(4).toMillis());
            assertBetween(800, 1200, p.backoff(8).toMillis());
            assertBetween(800, 1200, p.backoff(1_000).toMillis());
        }
    }

    @Test
    void noneWaitsNothing() {
        assertEquals(Duration.ZERO, RetryPolicy.NONE.backoff(2));
        assertEquals(1, RetryPolicy.NONE.maxAttempts());
    }

    @Test
    void invalidPoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.withMaxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofMillis(-1), Duration.ZERO,
                Duration.ZERO, Duration.ZERO));
    }

    private static void assertBetween(long low, long high, long value) {
        assertTrue(value >= low && value <= high, value + " not in [" + low + ", " + high + "]");
    }
}
