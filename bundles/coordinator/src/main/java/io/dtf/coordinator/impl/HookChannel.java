package io.dtf.coordinator.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import io.dtf.coordinator.impl.delivery.HookKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hook's delivery line: a bounded queue and a thread of its own, so that events reach the hook
 * in order and a hook that throws, hangs or falls behind costs only itself. The line outlives the
 * hook service for a grace period: when a plugin is updated, its new version attaches to the same
 * line and receives what arrived in between, so an update loses no event. Events beyond the
 * queue's capacity are dropped and counted.
 */
final class HookChannel {
    private static final Logger LOG = LoggerFactory.getLogger(HookChannel.class);

    private final HookKey id;
    private final String key;
    private final BlockingQueue<DtfEvent> queue = new LinkedBlockingQueue<>();
    /** Events in {@link #queue}, counted before they go in, so that it never holds more than {@link #capacity}. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int capacity;
    private volatile int failureLimit;
    private final Consumer<HookChannel> onFailing;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private volatile Hook hook;
    private volatile Set<HookType> accepted = Set.of();
    private volatile long detachedAtNanos;
    private volatile boolean closed;
    private volatile String lastError;
    private volatile long runningSinceNanos;
    private int consecutiveFailures;
    private boolean reportedFailing;

    /**
     * @param id stable across versions of the plugin: its bundle, component name and configuration
     * @param capacity events that may wait before new ones are dropped
     * @param failureLimit consecutive failures after which {@code onFailing} is told, once
     */
    HookChannel(HookKey id, int capacity, int failureLimit, Consumer<HookChannel> onFailing) {
        this.id = id;
        this.key = id.value();
        this.capacity = capacity;
        this.failureLimit = failureLimit;
        this.onFailing = onFailing;
        this.thread = new Thread(this::deliverLoop, "dtf-hook-" + key);
        thread.setDaemon(true);
        thread.start();
    }

    /** New limits, from now on: events queued beyond a smaller capacity are still delivered. */
    void limits(int newCapacity, int newFailureLimit) {
        capacity = newCapacity;
        failureLimit = newFailureLimit;
    }

    /** Connects the (new) hook service; events queued meanwhile go to it. */
    synchronized void attach(Hook newHook, Set<HookType> types) {
        accepted = Set.copyOf(types);
        hook = newHook;
        detachedAtNanos = 0;
        notifyAll();
    }

    /** The hook service went away; events are kept for a successor until {@link #expired}. */
    synchronized void detach(Hook oldHook) {
        if (hook == oldHook) {
            hook = null;
            detachedAtNanos = System.nanoTime();
        }
    }

    boolean expired(Duration grace) {
        long since = detachedAtNanos;
        return hook == null && since != 0 && System.nanoTime() - since > grace.toNanos();
    }

    /** Whether the hook wants events of the type. */
    boolean accepts(HookType type) {
        Set<HookType> types = accepted;
        return !closed && (types.isEmpty() || types.contains(type));
    }

    void offer(DtfEvent event) {
        if (!accepts(event.type())) {
            return;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("Hook {} falls behind: its queue is full, {} events dropped so far", key, dropped.get());
            }
            return;
        }
        queue.add(event);
    }

    private void deliverLoop() {
        while (!closed) {
            try {
                DtfEvent event = queue.take();
                waiting.decrementAndGet();
                Hook current;
                synchronized (this) {
                    while ((current = hook) == null && !closed) {
                        wait();
                    }
                }
                if (current != null) {
                    deliver(current, event);
                }
            } catch (InterruptedException interrupted) {
                // a time-out interrupt that arrived after the event ended, or close(): go on or stop
            }
        }
    }

    private void deliver(Hook target, DtfEvent event) {
        runningSinceNanos = System.nanoTime();
        String failure = null;
        try {
            target.on(event);
        } catch (InterruptedException interrupted) {
            failure = "interrupted after exceeding its time limit on " + event.type();
        } catch (Exception | LinkageError error) {
            failure = event.type() + ": " + error;
        } finally {
            runningSinceNanos = 0;
            Thread.interrupted();
        }
        if (failure == null) {
            delivered.incrementAndGet();
            consecutiveFailures = 0;
        } else {
            recordFailure(failure);
        }
    }

    private void recordFailure(String error) {
        failures.incrementAndGet();
        lastError = error;
        LOG.warn("Hook {} failed: {}", key, error);
        if (++consecutiveFailures >= failureLimit && !reportedFailing) {
            reportedFailing = true;
            onFailing.accept(this);
        }
    }

    /** Interrupts the hook when one event has taken longer than {@code limit}; called by a watchdog. */
    void enforce(Duration limit) {
        long since = runningSinceNanos;
        if (since != 0 && System.nanoTime() - since > limit.toNanos()) {
            runningSinceNanos = 0;
            timeouts.incrementAndGet();
            lastError = "exceeded its time limit of " + limit.toMillis() + " ms";
            thread.interrupt();
        }
    }

    void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        thread.interrupt();
    }

    String key() {
        return key;
    }

    String plugin() {
        return id.plugin();
    }

    /** The line as {@code dtf:plugins} shows it. */
    HookInfo info() {
        return new HookInfo(id.component(), id.configuration(), hook != null, delivered(), failures() + timeouts(),
                dropped(), queued(), lastError);
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
        return queue.size();
    }
}
