package io.dtf.coordinator.impl.delivery;

import io.dtf.api.DtfException;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable hooks ({@link Hook#DELIVERY}={@link Hook#DURABLE}), each with a {@link DurableLine} of its own.
 * The store writes the events of its changes itself ({@link EventLog}); the events that change nothing
 * stored (workers, the coordinator, deadlines at risk, plugins' own) are {@link #published} here and
 * appended to the log in batches, off the publishing thread.
 */
public final class DurableHooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableHooks.class);
    /** The types the store writes with the change that causes them; the others are appended here. */
    static final Set<HookType> STORED_WITH_THEIR_CHANGE = EnumSet.of(HookType.RUN_SUBMITTED, HookType.RUN_COMPLETED,
            HookType.TASK_CREATED, HookType.TASK_ASSIGNED, HookType.TASK_STARTED, HookType.TASK_COMPLETED,
            HookType.TASK_FAILED, HookType.TASK_RETRIED, HookType.TASK_TIMED_OUT, HookType.TASK_CANCELLED,
            HookType.TASK_PREEMPTED);
    private static final Duration PURGE_PERIOD = Duration.ofHours(1);

    private final EventLog log;
    private final UnaryOperator<DtfEvent> completion;
    private final Clock clock;
    private volatile Duration retention;
    private final Map<String, DurableLine> lines = new ConcurrentHashMap<>();
    private final Map<Hook, String> keys = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService calls;
    private final LinkedBlockingQueue<DtfEvent> toAppend = new LinkedBlockingQueue<>();

    /**
     * @param completion what a delivered event gets on its way (RUN_COMPLETED's report)
     * @param retention how long delivered events are kept
     */
    public DurableHooks(EventLog log, UnaryOperator<DtfEvent> completion, Clock clock, Duration retention) {
        this.log = log;
        this.completion = completion;
        this.clock = clock;
        this.retention = retention;
        this.scheduler = new ScheduledThreadPoolExecutor(1, named("dtf-durable-hooks"));
        scheduler.setRemoveOnCancelPolicy(true); // a cancelled read or retry is dropped at once
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // at close, pending retries wait for the next start
        this.calls = Executors.newCachedThreadPool(named("dtf-durable-hook-call"));
        scheduler.scheduleWithFixedDelay(this::purge, PURGE_PERIOD.toMinutes(), PURGE_PERIOD.toMinutes(),
                TimeUnit.MINUTES);
    }

    public void retention(Duration newRetention) {
        retention = newRetention;
    }

    /** Whether the hook asks for durable delivery. */
    public static boolean isDurable(Map<String, ?> properties) {
        return Hook.DURABLE.equals(String.valueOf(properties.get(Hook.DELIVERY)).trim());
    }

    /** A durable hook came: it delivers from where its predecessor (same {@link HookKey}) acknowledged. */
    public void add(Hook hook, HookKey key, Set<HookType> types, Map<String, ?> properties) {
        DurableLine line = new DurableLine(key, hook, types, DurableSettings.of(key.value(), properties), log,
                completion, scheduler, calls);
        keys.put(hook, key.value());
        DurableLine previous = lines.put(key.value(), line);
        if (previous != null) {
            previous.close();
        }
        try {
            line.start();
        } catch (DtfException storeDown) {
            LOG.error("Durable hook {} cannot subscribe to events: {}", key.value(), storeDown.getMessage());
        }
    }

    /** The hook went (disabled, updated, stopped): its position stays in the store for when it comes back. */
    public void remove(Hook hook) {
        String key = keys.remove(hook);
        if (key != null) {
            DurableLine line = lines.get(key);
            if (line != null && line.hook() == hook && lines.remove(key, line)) {
                line.close();
            }
        }
    }

    /** An event was published: appended to the log when the store did not write it, and the lines told. */
    public void published(DtfEvent event) {
        if (!STORED_WITH_THEIR_CHANGE.contains(event.type())) {
            toAppend.add(event); // the log keeps only the types some subscriber (here or away) asks for
            try {
                scheduler.execute(this::appendQueued);
            } catch (RejectedExecutionException stopped) {
                // closing: close() appends what is queued
            }
        }
        lines.values().forEach(DurableLine::wake);
    }

    private void appendQueued() {
        List<DtfEvent> batch = new ArrayList<>();
        toAppend.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            log.append(batch);
        } catch (RuntimeException storeDown) {
            LOG.warn("{} event(s) could not be stored for durable hooks: {}", batch.size(), storeDown.getMessage());
        }
    }

    /** The lines of one plugin, as {@code dtf:plugins} shows them. */
    public List<HookInfo> hooksOf(String plugin) {
        return lines.values().stream().filter(line -> line.key().plugin().equals(plugin))
                .sorted(Comparator.comparing(line -> line.key().value())).map(DurableLine::info).toList();
    }

    /** Events a hook of the plugin gave up on. */
    public List<EventLog.ParkedEvent> parked(String plugin) {
        List<EventLog.ParkedEvent> parked = new ArrayList<>();
        for (DurableLine line : lines.values()) {
            if (line.key().plugin().equals(plugin)) {
                parked.addAll(line.parkedEvents());
            }
        }
        return parked;
    }

    /**
     * Sends parked events of the plugin's hooks again.
     *
     * @param seq the event, or {@code null} for all
     * @return how many went back on their way
     */
    public int redeliver(String plugin, Long seq) {
        int sent = 0;
        for (DurableLine line : lines.values()) {
            if (line.key().plugin().equals(plugin)) {
                sent += line.redeliver(seq);
            }
        }
        return sent;
    }

    private void purge() {
        try {
            int purged = log.purge(clock.instant().minus(retention), List.copyOf(lines.keySet()));
            if (purged > 0) {
                LOG.info("Purged {} delivered event(s) older than {}", purged, retention);
            }
        } catch (RuntimeException storeDown) {
            LOG.warn("Purging delivered events failed: {}", storeDown.getMessage());
        }
    }

    @Override
    public void close() {
        lines.values().forEach(DurableLine::close);
        lines.clear();
        keys.clear();
        appendQueued();
        // no interrupts: an interrupt during the store's file I/O makes H2 close the database for everyone
        scheduler.shutdown();
        calls.shutdown(); // calls under way end on their own; what they did not acknowledge comes again
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Durable hooks' scheduler still busy after 5 s; left to finish");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
