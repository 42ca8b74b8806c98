package io.dtf.http.impl.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dtf.api.connector.RateLimit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TargetLimiterTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void noMoreThanThePermitsStartInAnyWindow() {
        TargetLimiter limiter = new TargetLimiter("t", new RateLimit(2, Duration.ofSeconds(10)));
        assertEquals(Duration.ZERO, limiter.admit(T0, LONG).delay());
        assertEquals(Duration.ZERO, limiter.admit(T0.plusSeconds(1), LONG).delay());
        // the third starts 10 s after the first, the fourth 10 s after the second
        assertEquals(Duration.ofSeconds(8), limiter.admit(T0.plusSeconds(2), LONG).delay());
        assertEquals(Duration.ofSeconds(9), limiter.admit(T0.plusSeconds(2), LONG).delay());
        assertEquals(Duration.ZERO, limiter.admit(T0.plusSeconds(30), LONG).delay(), "an idle window is free again");
    }

    @Test
    void callsStartInTheOrderTheyWereAdmitted() {
        TargetLimiter limiter = new TargetLimiter("t", RateLimit.perSecond(1));
        limiter.admit(T0, LONG);
        assertEquals(Duration.ofSeconds(1), limiter.admit(T0, LONG).delay());
        assertEquals(Duration.ofSeconds(2), limiter.admit(T0, LONG).delay());
    }

    @Test
    void theServersQuietTimeHoldsEveryCallAndOnlyALaterOneCounts() {
        TargetLimiter limiter = new TargetLimiter("t", null);
        limiter.blockUntil(T0.plusSeconds(30));
        limiter.blockUntil(T0.plusSeconds(10));
        assertEquals(Duration.ofSeconds(30), limiter.admit(T0, LONG).delay());
        assertEquals(Duration.ofSeconds(30), limiter.admit(T0, LONG).delay(), "no stated limit: no spacing");
    }

    @Test
    void aWaitLongerThanAllowedIsRefusedAndReservesNothing() {
        TargetLimiter limiter = new TargetLimiter("t", RateLimit.perMinute(1));
        limiter.admit(T0, LONG);
        Admission refused = limiter.admit(T0, Duration.ofSeconds(59));
        assertFalse(refused.admitted());
        assertEquals(Duration.ofMinutes(1), refused.delay());
        assertEquals(Duration.ofMinutes(1), limiter.admit(T0, LONG).delay(), "the refused call took no slot");
    }
}
