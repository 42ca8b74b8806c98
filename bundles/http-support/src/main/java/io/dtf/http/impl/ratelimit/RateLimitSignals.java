package io.dtf.http.impl.ratelimit;

import io.dtf.http.impl.retry.RetryAfter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * What an answer says about its target's rate limit, in the dialects vendors speak:
 * <ul>
 * <li>{@code Retry-After} (seconds or an HTTP date) on a 429, 503 or 403;</li>
 * <li>{@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset} (GitHub: epoch seconds);</li>
 * <li>{@code RateLimit-Remaining: 0} with {@code RateLimit-Reset} (IETF draft: seconds to wait; GitLab:
 * epoch seconds), and the draft's structured {@code RateLimit: "default";r=0;t=30}.</li>
 * </ul>
 * A reset of 10<sup>9</sup> or more is epoch seconds, a smaller one a delay in seconds: no vendor's
 * window is 31 years, and no epoch time is that small. And which error answers are the limit speaking:
 * every 429, and a 403 with a wait in it or a body naming a rate limit (GitHub's secondary limits, and
 * its primary limit of old).
 */
public final class RateLimitSignals {
    private static final long EPOCH_SECONDS_FROM = 1_000_000_000L;
    private static final Pattern STRUCTURED_REMAINING = Pattern.compile("(?:^|;)\\s*r=(\\d+)");
    private static final Pattern STRUCTURED_RESET = Pattern.compile("(?:^|;)\\s*t=(\\d+)");

    private RateLimitSignals() {
    }

    /** Until when the answer asks that nothing more be sent to its target; {@code null} when it does not. */
    public static Instant quietUntil(HttpResponse response, Instant now) {
        int status = response.getCode();
        Instant until = null;
        if (status == 429 || status == 503 || status == 403) {
            Duration retryAfter = RetryAfter.of(response, now);
            until = retryAfter == null ? null : now.plus(retryAfter);
        }
        Instant reset = spentUntil(value(response, "X-RateLimit-Remaining"), value(response, "X-RateLimit-Reset"), now);
        if (reset == null) {
            reset = spentUntil(value(response, "RateLimit-Remaining"), value(response, "RateLimit-Reset"), now);
        }
        if (reset == null) {
            reset = structured(value(response, "RateLimit"), now);
        }
        return until == null ? reset : reset == null || until.isAfter(reset) ? until : reset;
    }

    /** Whether an error answer is a rate limit's: a 429, or a 403 that waits or names a rate limit. */
    public static boolean isRateLimited(HttpResponse response, byte[] body) {
        int status = response.getCode();
        if (status == 429) {
            return true;
        }
        return status == 403 && (response.containsHeader("Retry-After")
                || "0".equals(value(response, "X-RateLimit-Remaining"))
                || new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("rate limit"));
    }

    /** Whether a 403 is GitHub's secondary limit, which asks for at least a minute when it gives no wait. */
    public static boolean isSecondaryLimit(HttpResponse response, byte[] body) {
        return response.getCode() == 403
                && new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("secondary rate limit");
    }

    private static Instant spentUntil(String remaining, String reset, Instant now) {
        if (remaining == null || reset == null || !remaining.strip().equals("0")) {
            return null;
        }
        try {
            return resetTime(Long.parseLong(reset.strip()), now);
        } catch (NumberFormatException notSeconds) {
            try {
                // Jira's X-RateLimit-Reset is a time, ISO 8601 (2026-12-07T10:15Z)
                return java.time.OffsetDateTime.parse(reset.strip(), RESET_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException notATime) {
                return null;
            }
        }
    }

    /** An ISO 8601 time with or without seconds and with an offset or Z, as Atlassian sends it. */
    private static final java.time.format.DateTimeFormatter RESET_TIME = new java.time.format.DateTimeFormatterBuilder()
            .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendPattern("HH:mm[:ss][.SSS]").appendOffset("+HH:MM", "Z").toFormatter(Locale.ROOT);

    private static Instant structured(String value, Instant now) {
        if (value == null) {
            return null;
        }
        Matcher r = STRUCTURED_REMAINING.matcher(value);
        Matcher t = STRUCTURED_RESET.matcher(value);
        return r.find() && t.find() && Long.parseLong(r.group(1)) == 0 ? now.plusSeconds(Long.parseLong(t.group(1)))
                : null;
    }

    private static Instant resetTime(long value, Instant now) {
        if (value < 0) {
            return null;
        }
        return value >= EPOCH_SECONDS_FROM ? Instant.ofEpochSecond(value) : now.plusSeconds(value);
    }

    private static String value(HttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }
}
