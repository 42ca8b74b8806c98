package io.dtf.http.impl.ratelimit;

import io.dtf.api.connector.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The rate limit of one target (a host, or a key a call names): the vendor's stated limit, kept in
 * advance as a sliding window (at most {@code permits} starts in any {@code per}: exact, unlike a token
 * bucket, which lets twice the limit through across a window's edge), and the server's say, a time
 * before which nothing is sent ({@code Retry-After}, a spent {@code X-RateLimit-Remaining}). Calls start
 * in the order they were admitted. Thread-safe.
 */
public final class TargetLimiter {
    private final String name;
    private final RateLimit limit;
    /** The start times given out, ascending; only the last {@code permits} of them matter. */
    private final Deque<Instant> starts = new ArrayDeque<>();
    private Instant blockedUntil = Instant.MIN;

    /** @param limit the stated limit, or {@code null} for none (only the server's say counts) */
    public TargetLimiter(String name, RateLimit limit) {
        this.name = name;
        this.limit = limit;
    }

    public String name() {
        return name;
    }

    /**
     * Reserves the earliest start allowed after {@code now}, unless that is more than {@code maxWait}
     * away (then nothing is reserved).
     */
    public synchronized Admission admit(Instant now, Duration maxWait) {
        Instant start = now.isAfter(blockedUntil) ? now : blockedUntil;
        if (limit != null && !starts.isEmpty()) {
            start = later(start, starts.peekLast());
            if (starts.size() >= limit.permits()) {
                start = later(start, starts.peekFirst().plus(limit.per()));
            }
        }
        Duration wait = Duration.between(now, start);
        if (wait.compareTo(maxWait) > 0) {
            return new Admission(false, wait);
        }
        if (limit != null) {
            starts.addLast(start);
            if (starts.size() > limit.permits()) {
                starts.removeFirst();
            }
        }
        return new Admission(true, wait);
    }

    /** The server asks that nothing be sent before {@code until}; an earlier time than one known is ignored. */
    public synchronized void blockUntil(Instant until) {
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
    }

    /** Until when the server asked for quiet; {@link Instant#MIN} when it never did. */
    public synchronized Instant blockedUntil() {
        return blockedUntil;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
