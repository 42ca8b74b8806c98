package io.dtf.http.impl.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/** A server's {@code Retry-After} (RFC 9110, 10.2.3): a number of seconds, or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** How long the answer asks to wait at {@code now}; {@code null} when it does not say, or not readably. */
    public static Duration of(HttpResponse response, Instant now) {
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return header == null ? null : parse(header.getValue(), now.atZone(ZoneOffset.UTC));
    }

    /**
     * The wait a {@code Retry-After} value asks for at {@code now}: a date in the past is no wait;
     * {@code null} for a blank, negative or unreadable value.
     */
    public static Duration parse(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
