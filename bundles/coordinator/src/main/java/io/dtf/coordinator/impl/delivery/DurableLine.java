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
 * <p>All state is guarded by the line's monitor. Reads, acknowledgements and retries run on the shared scheduler's
 * thread; the hook is called by a runner per lane ({@link LaneRunner}), which delivers the lane's events one after
 * the other while it has any, and which the watchdog interrupts and abandons at the time limit.
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
    /** The lanes being delivered, each by a runner of its own; at most the hook's concurrency. */
    private final Map<String, LaneRunner> runners = new HashMap<>();
    private long readUpTo;
    private long acknowledged;
    private boolean closed;
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private long lastReadNanos;
    private ScheduledFuture<?> ackFlush;
    private ScheduledFuture<?> poll;
    private ScheduledFuture<?> watchdog;

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
            long watchPeriod = Math.max(20, Math.min(1000, settings.timeLimit().toMillis() / 4));
            watchdog = scheduler.scheduleWithFixedDelay(this::watch, watchPeriod, watchPeriod, TimeUnit.MILLISECONDS);
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

    /** Starts a runner for each lane whose head is ready and that has none, up to the concurrency. Holds the monitor. */
    private void startDeliveries() {
        for (Map.Entry<String, ArrayDeque<Pending>> lane : lanes.entrySet()) {
            if (runners.size() >= settings.concurrency()) {
                return;
            }
            Pending head = lane.getValue().peekFirst();
            if (head != null && !head.waiting && !runners.containsKey(lane.getKey())) {
                LaneRunner runner = new LaneRunner(lane.getKey());
                runners.put(lane.getKey(), runner);
                try {
                    calls.execute(runner);
                } catch (RejectedExecutionException stopped) {
                    runners.remove(lane.getKey());
                    return;
                }
            }
        }
    }

    /** The lane's head when it may be delivered now, or {@code null}. Holds the monitor. */
    private Pending readyHead(String lane) {
        ArrayDeque<Pending> events = lanes.get(lane);
        Pending head = events == null ? null : events.peekFirst();
        return head == null || head.waiting || closed ? null : head;
    }

    /**
     * Delivers a lane's events one after the other on one thread, for as long as the lane has ready events: a
     * burst of a run's events costs no hand-over between threads per event. The {@link #watch watchdog} takes
     * back a call that exceeds the time limit: the runner is abandoned and its thread interrupted.
     */
    private final class LaneRunner implements Runnable {
        final String lane;
        volatile Thread thread;
        /** The event being delivered and since when; guarded by the line. */
        Pending current;
        long callStartedNanos;
        boolean abandoned;

        LaneRunner(String lane) {
            this.lane = lane;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            while (true) {
                Pending next;
                synchronized (DurableLine.this) {
                    next = abandoned ? null : readyHead(lane);
                    if (next == null) {
                        runners.remove(lane, this);
                        return;
                    }
                }
                Throwable failure = null;
                DtfEvent event = null;
                try {
                    // before the time limit starts: the watchdog must never interrupt the store's file I/O
                    event = completion.apply(next.stored.event());
                } catch (RuntimeException storeDown) {
                    failure = storeDown;
                }
                synchronized (DurableLine.this) {
                    if (abandoned || closed) {
                        runners.remove(lane, this);
                        return;
                    }
                    next.attempts++;
                    current = next;
                    callStartedNanos = System.nanoTime();
                }
                try {
                    if (event != null) {
                        hook.on(event);
                    }
                } catch (Throwable e) { // whatever the hook throws is its failure, and the lane goes on
                    failure = e;
                }
                synchronized (DurableLine.this) {
                    Thread.interrupted(); // an interrupt of the watchdog's stays with this call
                    current = null;
                    if (abandoned) {
                        return; // the watchdog ended this call and took the lane back
                    }
                    if (!ended(next, failure)) {
                        runners.remove(lane, this);
                        startDeliveries();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Ends the calls that exceed the time limit: each counts as a retryable failure, its runner is abandoned (its
     * thread interrupted; should the hook ignore that, the thread is left to it) and the lane goes on without it.
     */
    private synchronized void watch() {
        long limit = settings.timeLimit().toNanos();
        long now = System.nanoTime();
        for (LaneRunner runner : List.copyOf(runners.values())) {
            if (runner.current != null && now - runner.callStartedNanos > limit) {
                Pending timedOut = runner.current;
                runner.abandoned = true;
                runner.current = null;
                Thread thread = runner.thread;
                if (thread != null) {
                    thread.interrupt();
                }
                runners.remove(runner.lane, runner);
                ended(timedOut, new HookTimeout(settings.timeLimit()));
            }
        }
        startDeliveries();
    }

    /**
     * A call ended: the event is done (delivered, or parked), or waits for another attempt. Holds the monitor.
     *
     * @return whether the lane may go on to its next event
     */
    private boolean ended(Pending pending, Throwable failure) {
        if (closed) {
            return false;
        }
        boolean goOn = true;
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
                goOn = park(pending, reason);
            } else {
                Duration wait = Backoff.after(pending.attempts, hookFailure == null ? null : hookFailure.retryAfter());
                LOG.info("Durable hook {} failed on {} (attempt {} of {}), trying again in {} ms: {}", subscriber,
                        pending.stored.event().id(), pending.attempts, settings.attempts(), wait.toMillis(), reason);
                pending.waiting = true;
                schedule(() -> retry(pending), wait.toMillis());
                goOn = false;
            }
        }
        if (open.size() < BUFFER / 2) {
            wake();
        }
        return goOn;
    }

    private synchronized void retry(Pending pending) {
        pending.waiting = false;
        if (!closed) {
            startDeliveries();
        }
    }

    /** Gives up on the event: parked with its reason, shown by dtf:plugins, sent again on request. Holds the monitor. */
    private boolean park(Pending pending, String reason) {
        try {
            log.park(subscriber, pending.stored, reason, pending.attempts);
            if (!pending.fromParked) {
                parked++;
            }
            LOG.warn("Durable hook {} gave up on {} after {} attempt(s), parked: {}", subscriber,
                    pending.stored.event().id(), pending.attempts, reason);
            done(pending);
            return true;
        } catch (RuntimeException storeDown) {
            // not parked, so not done: tried again later, the store may be back by then
            pending.waiting = true;
            schedule(() -> retry(pending), Backoff.LONGEST.toMillis());
            return false;
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
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        runners.values().forEach(runner -> runner.abandoned = true);
        runners.clear();
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
