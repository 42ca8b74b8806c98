package io.dtf.worker.impl.agent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The pause after a failed request, doubled on each failure up to {@link #MAX}; cut short when the worker stops. */
public final class Backoff {
    public static final Duration MIN = Duration.ofMillis(200);
    public static final Duration MAX = Duration.ofSeconds(5);

    private final CountDownLatch stopSignal = new CountDownLatch(1);

    /** The pause after {@code backoff}: twice as long, at most {@link #MAX}. */
    public static Duration next(Duration backoff) {
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX) > 0 ? MAX : next;
    }

    /** Waits {@code backoff} unless the worker stops meanwhile; returns the next pause. */
    public Duration pause(Duration backoff) {
        try {
            stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // woken: go on
        }
        return next(backoff);
    }

    /** Ends every pause, now and later. */
    public void stop() {
        stopSignal.countDown();
    }
}
