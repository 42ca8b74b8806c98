package io.dtf.coordinator.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hook's delivery line: a bounded queue and a thread of its own, so that events reach the hook
 * in order and a hook that throws, hangs or falls behind costs only itself. Events beyond the
 * queue's capacity are dropped and counted.
 */
final class HookChannel {
    private static final Logger LOG = LoggerFactory.getLogger(HookChannel.class);

    private final String name;
    private final Hook hook;
    private final Set<HookType> accepted;
    private final ThreadPoolExecutor executor;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private volatile String lastError;
    private volatile long runningSinceNanos;
    private volatile Thread runningThread;

    /**
     * @param accepted the hook types it wants; empty for all
     * @param capacity events that may wait before new ones are dropped
     */
    HookChannel(String name, Hook hook, Set<HookType> accepted, int capacity) {
        this.name = name;
        this.hook = hook;
        this.accepted = Set.copyOf(accepted);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "dtf-hook-" + name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    void offer(DtfEvent event) {
        if (!accepted.isEmpty() && !accepted.contains(event.type())) {
            return;
        }
        try {
            executor.execute(() -> deliver(event));
        } catch (RejectedExecutionException full) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("Hook {} falls behind: its queue is full, {} events dropped so far", name, dropped.get());
            }
        }
    }

    private void deliver(DtfEvent event) {
        runningThread = Thread.currentThread();
        runningSinceNanos = System.nanoTime();
        try {
            hook.on(event);
            delivered.incrementAndGet();
        } catch (InterruptedException interrupted) {
            Thread.interrupted();
            recordFailure("interrupted after exceeding its time limit on " + event.type());
        } catch (Exception | LinkageError failure) {
            recordFailure(event.type() + ": " + failure);
        } finally {
            runningSinceNanos = 0;
            runningThread = null;
        }
    }

    private void recordFailure(String error) {
        failures.incrementAndGet();
        lastError = error;
        LOG.warn("Hook {} failed: {}", name, error);
    }

    /** Interrupts the hook when one event has taken longer than {@code limit}; called by a watchdog. */
    void enforce(Duration limit) {
        long since = runningSinceNanos;
        Thread thread = runningThread;
        if (since != 0 && thread != null && System.nanoTime() - since > limit.toNanos()) {
            runningSinceNanos = 0;
            timeouts.incrementAndGet();
            lastError = "exceeded its time limit of " + limit.toMillis() + " ms";
            thread.interrupt();
        }
    }

    void close() {
        executor.shutdownNow();
    }

    String name() {
        return name;
    }

    long delivered() {
        return delivered.get();
    }

    long failures() {
        return failures.get();
    }

    long dropped() {
        return dropped.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    String lastError() {
        return lastError;
    }

    int queued() {
        return executor.getQueue().size();
    }
}
