package io.dtf.pool.browser.impl.driver;

import io.dtf.pool.browser.impl.settings.Backend;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pool's own time limits on browser calls. WebDriver's script time-out does not fire while a page runs a busy
 * loop, and then even deleting the session hangs; so every call is watched, and a call still running at its limit
 * has its browser killed by process id, which makes the call fail at once. For a Grid's browser, which cannot be
 * killed from here, the waiting thread is interrupted first (its HTTP call is abandoned at once), and the session is
 * deleted in the background ({@link DriverSession#kill}): the single watchdog thread never waits for a browser.
 */
public final class Watchdog implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dtf-pool-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /** Watches the calling thread's calls on {@code session} for {@code limit}; close the watch when they end. */
    public Watch watch(DriverSession session, Duration limit) {
        return watch(limit, () -> session.kill("no answer within " + limit.toSeconds() + " s (hung)"),
                session.backend() == Backend.GRID);
    }

    /**
     * Watches the calling thread for {@code limit}: then the thread is interrupted if {@code interrupt} (when there is
     * no process to kill), and {@code kill} runs; {@code kill} must not block.
     */
    public Watch watch(Duration limit, Runnable kill, boolean interrupt) {
        Watch watch = new Watch(kill, interrupt ? Thread.currentThread() : null, limit);
        watch.timeout = timer.schedule(watch::fire, limit.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched stretch of calls. */
    public static final class Watch implements AutoCloseable {
        private final Runnable kill;
        private final Thread caller;
        private final Duration limit;
        private ScheduledFuture<?> timeout;
        private boolean fired;
        private boolean closed;

        private Watch(Runnable kill, Thread caller, Duration limit) {
            this.kill = kill;
            this.caller = caller;
            this.limit = limit;
        }

        /** Whether the limit passed and the browser was killed. */
        public synchronized boolean fired() {
            return fired;
        }

        public Duration limit() {
            return limit;
        }

        private void fire() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                fired = true;
                // first, and under the lock: close() then clears the interrupt, which never reaches a later call
                if (caller != null) {
                    caller.interrupt();
                }
            }
            kill.run();
        }

        @Override
        public void close() {
            boolean interrupted;
            synchronized (this) {
                closed = true;
                interrupted = fired && caller != null;
            }
            timeout.cancel(false);
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }
}
