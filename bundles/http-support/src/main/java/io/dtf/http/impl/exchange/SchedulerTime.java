package io.dtf.http.impl.exchange;

import io.dtf.http.HttpTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The system clock, and waits as timers on one daemon thread of the client's: a waiting call holds no
 * thread, and a cancelled wait is removed at once (not kept until it would have fired). Closed with
 * its client.
 */
public final class SchedulerTime implements HttpTime, AutoCloseable {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "dtf-http-timer");
        t.setDaemon(true);
        return t;
    });

    public SchedulerTime() {
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public CompletableFuture<Void> after(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> scheduled = timer.schedule(() -> done.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
        done.whenComplete((v, e) -> scheduled.cancel(false));
        return done;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
