package io.dtf.coordinator.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookType;
import io.dtf.api.plugin.HookInfo;
import io.dtf.coordinator.impl.delivery.DurableHooks;
import io.dtf.coordinator.impl.delivery.HookKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link DtfEvent}s to every {@link Hook} service: from memory, each on its own {@link HookChannel},
 * or, for durable hooks, from the store ({@link DurableHooks}). {@link #publish} never blocks on a hook. A channel is keyed by what stays the same across
 * versions of a plugin ({@link HookKey}), so that an updated plugin picks up where the old version stopped,
 * and each configuration of a component gets a channel of its own.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /** How the bus behaves; see {@code CoordinatorConfig} for each value's meaning. */
    record Limits(int capacity, Duration timeLimit, Duration updateGrace, int failureLimit) {
    }

    private final Map<String, HookChannel> channels = new ConcurrentHashMap<>();
    private final Map<Hook, String> keys = new ConcurrentHashMap<>();
    private volatile Limits limits;
    private final Consumer<HookChannel> onFailing;
    private final DurableHooks durable;
    private final UnaryOperator<DtfEvent> completion;
    private final ScheduledExecutorService watchdog;
    private ScheduledFuture<?> watching;

    /** A bus for hooks that get their events from memory only. */
    EventBus(Limits limits, Consumer<HookChannel> onFailing) {
        this(limits, onFailing, null, UnaryOperator.identity());
    }

    /**
     * @param durable the durable hooks, or {@code null} when there is no event log
     * @param completion what an event gets before hooks see it (RUN_COMPLETED's report), done once per event
     */
    EventBus(Limits limits, Consumer<HookChannel> onFailing, DurableHooks durable, UnaryOperator<DtfEvent> completion) {
        this.limits = limits;
        this.onFailing = onFailing;
        this.durable = durable;
        this.completion = completion;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dtf-hook-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchEvery(limits.timeLimit());
    }

    /** Applies new limits at once, to the channels there are and to those to come; nothing queued is lost. */
    void limits(Limits newLimits) {
        limits = newLimits;
        channels.values().forEach(channel -> channel.limits(newLimits.capacity(), newLimits.failureLimit()));
        watchEvery(newLimits.timeLimit());
    }

    /** The watchdog looks often enough to interrupt a hook soon after its time limit. */
    private synchronized void watchEvery(Duration timeLimit) {
        if (watching != null) {
            watching.cancel(false);
        }
        long period = Math.max(50, Math.min(1000, timeLimit.toMillis() / 4));
        watching = watchdog.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * @param plugin the plugin (bundle symbolic name) the hook belongs to
     * @param properties the hook's service properties: {@code component.name}, {@code service.pid} and
     *     {@code service.id} name its channel ({@link HookKey}), {@code dtf.hook} the events it receives
     */
    void addHook(Hook hook, String plugin, Map<String, ?> properties) {
        HookKey id = HookKey.of(plugin, properties);
        String key = id.value();
        Set<HookType> types = parseHookTypes(key, properties.get(Hook.PROPERTY));
        if (durable != null && DurableHooks.isDurable(properties)) {
            durable.add(hook, id, types, properties);
            return;
        }
        keys.put(hook, key);
        channels.computeIfAbsent(key, k -> new HookChannel(id, limits.capacity(), limits.failureLimit(), onFailing))
                .attach(hook, types);
    }

    void removeHook(Hook hook) {
        if (durable != null) {
            durable.remove(hook);
        }
        String key = keys.remove(hook);
        HookChannel channel = key == null ? null : channels.get(key);
        if (channel != null) {
            channel.detach(hook);
        }
    }

    void publish(DtfEvent event) {
        DtfEvent completed = null;
        for (HookChannel channel : channels.values()) {
            if (channel.accepts(event.type())) {
                if (completed == null) {
                    completed = complete(event);
                }
                channel.offer(completed);
            }
        }
        if (durable != null) {
            durable.published(event);
        }
    }

    /** The event as hooks get it; when completing fails (the store is down), as it was published. */
    private DtfEvent complete(DtfEvent event) {
        try {
            return completion.apply(event);
        } catch (RuntimeException failure) {
            LOG.warn("Event {} goes to hooks without its details: {}", event.id(), failure.getMessage());
            return event;
        }
    }

    /** The hooks of a plugin, one per line, as {@code dtf:plugins} shows them. */
    List<HookInfo> hooksOf(String plugin) {
        List<HookInfo> hooks = new ArrayList<>(channels.values().stream()
                .filter(channel -> channel.plugin().equals(plugin))
                .sorted(Comparator.comparing(HookChannel::key)).map(HookChannel::info).toList());
        if (durable != null) {
            hooks.addAll(durable.hooksOf(plugin));
        }
        return hooks;
    }

    Collection<HookChannel> channels() {
        return List.copyOf(channels.values());
    }

    private void watch() {
        for (HookChannel channel : channels.values()) {
            channel.enforce(limits.timeLimit());
            if (channel.expired(limits.updateGrace())) {
                channels.remove(channel.key(), channel);
                channel.close();
                if (channel.queued() > 0) {
                    LOG.info("Hook {} did not come back within {}; {} events for it dropped", channel.key(),
                            limits.updateGrace(), channel.queued());
                }
            }
        }
    }

    /** The {@code dtf.hook} property: a string with commas, or an array of strings; absent means all. */
    static Set<HookType> parseHookTypes(String hookName, Object property) {
        Set<HookType> types = EnumSet.noneOf(HookType.class);
        if (property == null) {
            return types;
        }
        Object[] values = property instanceof Object[] array ? array
                : property instanceof Collection<?> collection ? collection.toArray()
                : String.valueOf(property).split(",");
        for (Object value : values) {
            String type = String.valueOf(value).trim();
            if (type.isEmpty() || type.equals("*")) {
                continue;
            }
            try {
                types.add(HookType.valueOf(type));
            } catch (IllegalArgumentException unknown) {
                LOG.warn("Hook {} asks for unknown hook type '{}'; known: {}", hookName, type,
                        EnumSet.allOf(HookType.class));
            }
        }
        return types;
    }

    @Override
    public void close() {
        if (durable != null) {
            durable.close();
        }
        watchdog.shutdownNow();
        channels.values().forEach(HookChannel::close);
        channels.clear();
        keys.clear();
    }
}
