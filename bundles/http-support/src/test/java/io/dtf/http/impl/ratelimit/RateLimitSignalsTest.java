package io.dtf.http.impl.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

class RateLimitSignalsTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void retryAfterCountsOnRateLimitAnswersOnly() {
        assertEquals(NOW.plusSeconds(5), RateLimitSignals.quietUntil(answer(429, "Retry-After", "5"), NOW));
        assertEquals(NOW.plusSeconds(5), RateLimitSignals.quietUntil(answer(503, "Retry-After", "5"), NOW));
        assertNull(RateLimitSignals.quietUntil(answer(301, "Retry-After", "5"), NOW), "a redirect's means something else");
    }

    @Test
    void aResetIsEpochSecondsFromTheYear2001OnElseSecondsFromNow() {
        assertEquals(Instant.ofEpochSecond(1_900_000_000L), RateLimitSignals.quietUntil(
                answer(200, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1900000000"), NOW));
        assertEquals(NOW.plusSeconds(60), RateLimitSignals.quietUntil(
                answer(200, "RateLimit-Remaining", "0", "RateLimit-Reset", "60"), NOW));
        assertNull(RateLimitSignals.quietUntil(answer(200, "X-RateLimit-Remaining", "1", "X-RateLimit-Reset", "60"), NOW),
                "requests left: no wait");
    }

    /** Atlassian's "Rate limiting" page: X-RateLimit-Reset is an ISO 8601 time, e.g. 2024-01-01T12:00Z. */
    @Test
    void jirasResetIsATime() {
        assertEquals(Instant.parse("2026-12-07T10:15:00Z"), RateLimitSignals.quietUntil(
                answer(200, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "2026-12-07T10:15Z"), NOW));
        assertEquals(Instant.parse("2026-12-07T09:15:30Z"), RateLimitSignals.quietUntil(
                answer(200, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "2026-12-07T10:15:30+01:00"), NOW));
        assertNull(RateLimitSignals.quietUntil(answer(200, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "soon"), NOW));
    }

    @Test
    void theStructuredRateLimitFieldOfTheLaterDrafts() {
        assertEquals(NOW.plusSeconds(30), RateLimitSignals.quietUntil(answer(200, "RateLimit", "\"default\";r=0;t=30"), NOW));
        assertNull(RateLimitSignals.quietUntil(answer(200, "RateLimit", "\"default\";r=3;t=30"), NOW));
    }

    @Test
    void theLaterOfRetryAfterAndResetCounts() {
        assertEquals(NOW.plusSeconds(90), RateLimitSignals.quietUntil(answer(429, "Retry-After", "90",
                "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "20"), NOW));
    }

    @Test
    void whichErrorAnswersAreTheLimitSpeaking() {
        byte[] none = new byte[0];
        assertTrue(RateLimitSignals.isRateLimited(answer(429), none));
        assertTrue(RateLimitSignals.isRateLimited(answer(403, "Retry-After", "60"), none));
        assertTrue(RateLimitSignals.isRateLimited(answer(403, "X-RateLimit-Remaining", "0"), none));
        byte[] secondary = "{\"message\":\"You have exceeded a secondary rate limit\"}".getBytes(StandardCharsets.UTF_8);
        assertTrue(RateLimitSignals.isRateLimited(answer(403), secondary));
        assertTrue(RateLimitSignals.isSecondaryLimit(answer(403), secondary));
        assertFalse(RateLimitSignals.isRateLimited(answer(403), "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(RateLimitSignals.isRateLimited(answer(503, "Retry-After", "60"), none), "503 is the retry policy's");
    }

    private static BasicHttpResponse answer(int status, String... headers) {
        BasicHttpResponse response = new BasicHttpResponse(status);
        for (int i = 0; i < headers.length; i += 2) {
            response.addHeader(headers[i], headers[i + 1]);
        }
        return response;
    }
}
