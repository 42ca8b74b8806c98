package io.dtf.connector.email.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * At most {@code permits} messages in any minute: a sliding window of the times messages were let through. A
 * message beyond it is not held (that would hold a thread of the sender's small pool): the caller is told how long
 * to wait, and DTF's notifications send it then.
 */
final class SendingRate {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int permits;
    private final Clock clock;
    private final Deque<Instant> sent = new ArrayDeque<>();

    SendingRate(int permits, Clock clock) {
        this.permits = permits;
        this.clock = clock;
    }

    /** Takes a permit and answers empty, or answers how long until one is free and takes nothing. */
    synchronized Optional<Duration> acquire() {
        Instant now = clock.instant();
        while (!sent.isEmpty() && !sent.peekFirst().plus(WINDOW).isAfter(now)) {
            sent.pollFirst();
        }
        if (sent.size() < permits) {
            sent.addLast(now);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, sent.peekFirst().plus(WINDOW)));
    }

    /** Gives back a permit taken for a message that was then not sent (refused before it reached the server). */
    synchronized void release() {
        sent.pollLast();
    }
}
