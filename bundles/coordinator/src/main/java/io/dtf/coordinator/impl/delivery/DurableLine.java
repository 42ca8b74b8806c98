package io.dtf.coordinator.impl.delivery;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog;
import io.dtf.api.store.EventLog.StoredEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One durable hook's delivery: reads its events from the {@link EventLog} after its acknowledged position,
 * calls the hook with each, at least once and in order within each run (a run's events are a lane; lanes
 * go in parallel up to the hook's concurrency), retries failures with {@link Backoff}, parks an event after
 * its attempts or at a permanent failure, and acknowledges the events done, in order, so that after a
 * crash, a restart or an update the next line starts where this one stopped.
 *
 * <p>All state is guarded by the line's monitor and changed on the shared scheduler's thread or under the
 * monitor; only the hook calls run elsewhere, on a thread per call, interrupted at the time limit.
 */
final class DurableLine {
    private static final Logger LOG = LoggerFactory.getLogger(DurableLine.class);
    /** Events read ahead of delivery at most: a lane that keeps failing holds this many in memory, no more. */
    static final int BUFFER = 2000;
    private static final int PAGE = 500;
    /** Reads of the log at most this often: events arrive in bursts, and a read per event would cost a query each. */
    private static final long READ_PERIOD_MILLIS = 20;
    /** Acknowledgements are written at most this often; a crash repeats at most this much. */
    private static final long ACK_PERIOD_MILLIS = 200;
    /** The log is read at least this often, for events stored without a wake-up (another coordinator, a restart). */
    private static final long POLL_PERIOD_MILLIS = 1000;

    private final HookKey key;
    private final String subscriber;
    private final Hook hook;
    private final Set<HookType> types;
    private final DurableSettings settings;
    private final EventLog log;
    private final UnaryOperator<DtfEvent> completion;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService calls;

    /** Events read and not done, by sequence number. */
    private final TreeMap<Long, Pending> open = new TreeMap<>();
    /** Each run's events not done, in order; its head is being delivered or waits for a retry. */
    private final Map<String, ArrayDeque<Pending>> lanes = new HashMap<>();
    private long readUpTo;
    private long acknowledged;
    private int inFlight;
    private boolean closed;
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private long lastReadNanos;
    private ScheduledFuture<?> ackFlush;
    private ScheduledFuture<?> poll;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile int parked;
    private volatile String lastError;

    /** An event on its way; guarded by the line. */
    private static final class Pending {
        final StoredEvent stored;
        final String lane;
        /** Sent again from the parked events: it leaves them only once delivered, so that a crash loses nothing. */
        boolean fromParked;
        int attempts;
        boolean waiting;
        boolean delivering;

        Pending(StoredEvent stored) {
            this.stored = stored;
            this.lane = stored.event().run() == null ? "" : stored.event().run().value();
        }
    }

    DurableLine(HookKey key, Hook hook, Set<HookType> types, DurableSettings settings, EventLog log,
                UnaryOperator<DtfEvent> completion, ScheduledExecutorService scheduler, ExecutorService calls) {
        this.key = key;
        this.subscriber = key.value();
        this.hook = hook;
        this.types = Set.copyOf(types);
        this.settings = settings;
        this.log = log;
        this.completion = completion;
        this.scheduler = scheduler;
        this.calls = calls;
    }

    /** Subscribes (or picks up its subscription) and starts delivering from its acknowledged position. */
    void start() {
        EventLog.Subscription subscription = log.subscribe(subscriber, types);
        synchronized (this) {
            acknowledged = subscription.acknowledged();
            readUpTo = acknowledged;
            parked = log.parked(subscriber).size();
            poll = scheduler.scheduleWithFixedDelay(this::wake, POLL_PERIOD_MILLIS, POLL_PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Durable hook {} delivers from event {} on ({} at once, {} per call, {} attempts)", subscriber,
                subscription.acknowledged(), settings.concurrency(), settings.timeLimit(), settings.attempts());
        wake();
    }

    HookKey key() {
        return key;
    }

    Hook hook() {
        return hook;
    }

    /** New events may be in the log: deliver them soon (reads are spaced {@value #READ_PERIOD_MILLIS} ms apart). */
    void wake() {
        if (pumpScheduled.compareAndSet(false, true)) {
            try {
                long sinceRead = System.nanoTime() - lastReadNanos;
                long delay = Math.max(0, TimeUnit.MILLISECONDS.toNanos(READ_PERIOD_MILLIS) - sinceRead);
                scheduler.schedule(this::pump, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                pumpScheduled.set(false);
            }
        }
    }

    private void pump() {
        pumpScheduled.set(false);
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (open.size() < BUFFER) {
                    read();
                }
                startDeliveries();
            }
        } catch (RuntimeException failure) {
            lastError = "reading events failed: " + failure.getMessage();
            LOG.warn("Durable hook {}: {}", subscriber, lastError);
        }
    }

    /** Reads the next events into their lanes. Holds the monitor. */
    private void read() {
        lastReadNanos = System.nanoTime();
        List<StoredEvent> events = log.read(readUpTo, types, Math.min(PAGE, BUFFER - open.size()));
        for (StoredEvent event : events) {
            Pending pending = new Pending(event);
            open.put(event.seq(), pending);
            lanes.computeIfAbsent(pending.lane, lane -> new ArrayDeque<>()).add(pending);
            readUpTo = event.seq();
        }
        if (events.size() == PAGE) {
            wake(); // more where these came from
        } else if (open.isEmpty()) {
            acknowledgeDone(); // nothing of ours up to here
        }
    }

    /** Starts the head of each idle lane, up to the concurrency. Holds the monitor. */
    private void startDeliveries() {
        for (ArrayDeque<Pending> lane : lanes.values()) {
            if (inFlight >= settings.concurrency()) {
                return;
            }
            Pending head = lane.peekFirst();
            if (head != null && !head.delivering && !head.waiting) {
                deliver(head);
            }
        }
    }

    /** Calls the hook on a thread of its own, interrupted at the time limit. Holds the monitor. */
    private void deliver(Pending pending) {
        pending.delivering = true;
        pending.attempts++;
        inFlight++;
        AtomicBoolean ended = new AtomicBoolean();
        Thread[] caller = new Thread[1];
        // the time limit is set before the call starts, so that the call can always cancel it
        ScheduledFuture<?> timeLimit = schedule(() -> {
            if (ended.compareAndSet(false, true)) {
                synchronized (caller) {
                    if (caller[0] != null) {
                        caller[0].interrupt();
                    }
                }
                ended(pending, new HookTimeout(settings.timeLimit()));
            }
        }, settings.timeLimit().toMillis());
        Runnable call = () -> {
            synchronized (caller) {
                caller[0] = Thread.currentThread();
            }
            Throwable failure = null;
            try {
                hook.on(completion.apply(pending.stored.event()));
            } catch (Exception | LinkageError e) {
                failure = e;
            } finally {
                synchronized (caller) {
                    caller[0] = null;
                    Thread.interrupted(); // an interrupt meant for this call stays with it
                }
            }
            if (ended.compareAndSet(false, true)) {
                if (timeLimit != null) {
                    timeLimit.cancel(false);
                }
                Throwable outcome = failure;
                execute(() -> ended(pending, outcome));
            }
        };
        try {
            calls.execute(call);
        } catch (RejectedExecutionException stopped) {
            ended.set(true);
            if (timeLimit != null) {
                timeLimit.cancel(false);
            }
            inFlight--;
            pending.delivering = false;
        }
    }

    /** A call ended: the event is done, parked, or tried again later. */
    private synchronized void ended(Pending pending, Throwable failure) {
        inFlight--;
        pending.delivering = false;
        if (closed) {
            return;
        }
        if (failure == null) {
            delivered.incrementAndGet();
            if (pending.fromParked) {
                unpark(pending);
            }
            done(pending);
        } else {
            failures.incrementAndGet();
            HookFailure hookFailure = failure instanceof HookFailure f ? f : null;
            String reason = describe(failure);
            lastError = pending.stored.event().type() + " " + pending.stored.event().id() + ": " + reason;
            if (hookFailure != null && hookFailure.permanent() || pending.attempts >= settings.attempts()) {
                park(pending, reason);
            } else {
                Duration wait = Backoff.after(pending.attempts, hookFailure == null ? null : hookFailure.retryAfter());
                LOG.info("Durable hook {} failed on {} (attempt {} of {}), trying again in {} ms: {}", subscriber,
                        pending.stored.event().id(), pending.attempts, settings.attempts(), wait.toMillis(), reason);
                pending.waiting = true;
                schedule(() -> retry(pending), wait.toMillis());
            }
        }
        startDeliveries();
        if (open.size() < BUFFER / 2) {
            wake();
        }
    }

    private synchronized void retry(Pending pending) {
        pending.waiting = false;
        if (!closed) {
            startDeliveries();
        }
    }

    /** Gives up on the event: parked with its reason, shown by dtf:plugins, sent again on request. Holds the monitor. */
    private void park(Pending pending, String reason) {
        try {
            log.park(subscriber, pending.stored, reason, pending.attempts);
            if (!pending.fromParked) {
                parked++;
            }
            LOG.warn("Durable hook {} gave up on {} after {} attempt(s), parked: {}", subscriber,
                    pending.stored.event().id(), pending.attempts, reason);
            done(pending);
        } catch (RuntimeException storeDown) {
            // not parked, so not done: tried again later, the store may be back by then
            pending.waiting = true;
            schedule(() -> retry(pending), Backoff.LONGEST.toMillis());
        }
    }

    private void unpark(Pending pending) {
        try {
            log.unpark(subscriber, pending.stored.seq());
            parked = Math.max(0, parked - 1);
        } catch (RuntimeException storeDown) {
            // still listed as parked: sending it again on request delivers it once more, at least once as promised
            lastError = "removing a delivered event from the parked ones failed: " + storeDown.getMessage();
        }
    }

    /** The event is delivered or parked: its lane moves on, and the acknowledged position may. Holds the monitor. */
    private void done(Pending pending) {
        open.remove(pending.stored.seq());
        ArrayDeque<Pending> lane = lanes.get(pending.lane);
        lane.remove(pending);
        if (lane.isEmpty()) {
            lanes.remove(pending.lane);
        }
        acknowledgeDone();
    }

    /** Writes the acknowledged position soon: everything below the oldest event not done. Holds the monitor. */
    private void acknowledgeDone() {
        long upTo = open.isEmpty() ? readUpTo : open.firstKey() - 1;
        if (upTo > acknowledged && ackFlush == null) {
            ackFlush = schedule(this::flushAcknowledged, ACK_PERIOD_MILLIS);
        }
    }

    private synchronized void flushAcknowledged() {
        ackFlush = null;
        long upTo = open.isEmpty() ? readUpTo : open.firstKey() - 1;
        if (upTo <= acknowledged || closed) {
            return;
        }
        try {
            log.acknowledge(subscriber, upTo);
            acknowledged = upTo;
        } catch (RuntimeException storeDown) {
            lastError = "acknowledging failed: " + storeDown.getMessage();
            ackFlush = schedule(this::flushAcknowledged, POLL_PERIOD_MILLIS);
        }
    }

    /**
     * Sends parked events again: the given one, or all when {@code seq} is {@code null}; how many. Each stays parked
     * in the store until it is delivered.
     */
    synchronized int redeliver(Long seq) {
        int sent = 0;
        for (EventLog.ParkedEvent event : log.parked(subscriber)) {
            long eventSeq = event.event().seq();
            if (closed || seq != null && eventSeq != seq || open.containsKey(eventSeq)) {
                continue;
            }
            Pending pending = new Pending(event.event());
            pending.fromParked = true;
            lanes.computeIfAbsent(pending.lane, lane -> new ArrayDeque<>()).add(pending);
            open.put(eventSeq, pending);
            sent++;
        }
        startDeliveries();
        return sent;
    }

    List<EventLog.ParkedEvent> parkedEvents() {
        return log.parked(subscriber);
    }

    /** Stops: calls under way finish on their own; what they did not acknowledge is delivered again next time. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (poll != null) {
            poll.cancel(false);
        }
        if (ackFlush != null) {
            ackFlush.cancel(false);
            ackFlush = null;
        }
        long upTo = open.isEmpty() ? readUpTo : open.firstKey() - 1;
        if (upTo > acknowledged) {
            try {
                log.acknowledge(subscriber, upTo);
                acknowledged = upTo;
            } catch (RuntimeException storeDown) {
                LOG.debug("Durable hook {}: position {} not written at close; events after {} come again", subscriber,
                        upTo, acknowledged);
            }
        }
    }

    synchronized HookInfo info() {
        int retrying = (int) open.values().stream().filter(p -> p.waiting).count();
        return new HookInfo(key.component(), key.configuration(), !closed, delivered.get(), failures.get(), 0,
                open.size(), lastError, true, parked, retrying);
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the coordinator stops; the next line delivers what is not acknowledged
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof HookFailure || failure instanceof HookTimeout
                ? message : failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A call that took longer than the hook's time limit. */
    private static final class HookTimeout extends Exception {
        private static final long serialVersionUID = 1L;

        HookTimeout(Duration limit) {
            super("took longer than its time limit of " + limit.toMillis() + " ms", null, false, false);
        }
    }
}
