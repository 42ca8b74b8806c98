package io.dtf.http.impl.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-11-27T10:00:00Z");

    @Test
    void secondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", NOW));
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse(" 120 ", NOW));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Fri, 27 Nov 2026 10:00:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Fri, 27 Nov 2026 09:00:00 GMT", NOW), "a date past is no wait");
    }

    @Test
    void whatCannotBeReadIsNoAdvice() {
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("-1", NOW));
        assertNull(RetryAfter.parse(" ", NOW));
        assertNull(RetryAfter.parse(null, NOW));
    }

    @Test
    void fromTheAnswersHeader() {
        BasicHttpResponse response = new BasicHttpResponse(503);
        assertNull(RetryAfter.of(response, NOW.toInstant()));
        response.setHeader("Retry-After", "7");
        assertEquals(Duration.ofSeconds(7), RetryAfter.of(response, NOW.toInstant()));
        response.setHeader("Retry-After", "Fri, 27 Nov 2099 10:00:30 GMT");
        assertEquals(Duration.between(NOW.toInstant(), java.time.Instant.parse("2099-11-27T10:00:30Z")),
                RetryAfter.of(response, NOW.toInstant()), "measured from the time given");
    }
}
