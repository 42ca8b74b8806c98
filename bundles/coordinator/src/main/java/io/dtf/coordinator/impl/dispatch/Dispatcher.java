package io.dtf.coordinator.impl.dispatch;

import io.dtf.api.task.RunId;
import io.dtf.coordinator.impl.engine.EngineState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dtf-dispatcher} thread: runs a dispatch pass whenever tasks or free slots appear, and
 * the housekeeping once a second.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(1);

    private final EngineState state;
    private final DispatchPass pass;
    private final Runnable housekeeping;
    private Thread thread;

    public Dispatcher(EngineState state, DispatchPass pass, Runnable housekeeping) {
        this.state = state;
        this.pass = pass;
        this.housekeeping = housekeeping;
    }

    public void start() {
        thread = new Thread(this::loop, "dtf-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread, once the engine no longer runs and the dispatcher was woken: it ends its pass and leaves.
     * It is interrupted only if it has not after 5 s, because an interrupt during the store's file I/O makes H2
     * close its file, and with it the database, for everyone.
     */
    public void stop() {
        if (thread == null) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long nextHousekeeping = System.nanoTime();
        while (state.running()) {
            try {
                state.lock().lock();
                try {
                    state.dispatch().awaitRequest(nextHousekeeping - System.nanoTime(), state::running);
                } finally {
                    state.lock().unlock();
                }
                if (System.nanoTime() - nextHousekeeping >= 0) {
                    housekeeping.run();
                    nextHousekeeping = System.nanoTime() + HOUSEKEEPING_PERIOD.toNanos();
                }
                dispatchOnce();
            } catch (InterruptedException interrupted) {
                if (!state.running()) {
                    return;
                }
            } catch (RuntimeException failure) {
                // The store may be down for a moment: nothing was changed in memory, try again later.
                LOG.warn("Dispatch failed, retrying in a second: {}", failure.toString());
                sleepQuietly(HOUSEKEEPING_PERIOD);
            }
        }
    }

    /**
     * Runs each scheduler over its share of the queue and the slots still free, leases what they
     * assign in one batch, and stops the attempts a scheduler preempts.
     */
    public void dispatchOnce() {
        List<RunId> completedRuns = new ArrayList<>();
        state.lock().lock();
        try {
            pass.run(completedRuns);
        } finally {
            state.dispatch().passEnded();
            state.lock().unlock();
        }
        state.publishRunsCompleted(completedRuns);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
