package io.dtf.coordinator.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookType;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link DtfEvent}s to every {@link Hook} service, each on its own {@link HookChannel}.
 * {@link #publish} never blocks on a hook.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Map<Hook, HookChannel> channels = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration timeLimit;
    private final ScheduledExecutorService watchdog;

    EventBus(int capacity, Duration timeLimit) {
        this.capacity = capacity;
        this.timeLimit = timeLimit;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dtf-hook-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, timeLimit.toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::enforceTimeLimits, period, period, TimeUnit.MILLISECONDS);
    }

    void addHook(Hook hook, String name, Object hookTypes) {
        channels.put(hook, new HookChannel(name, hook, parseHookTypes(name, hookTypes), capacity));
    }

    void removeHook(Hook hook) {
        HookChannel channel = channels.remove(hook);
        if (channel != null) {
            channel.close();
        }
    }

    void publish(DtfEvent event) {
        for (HookChannel channel : channels.values()) {
            channel.offer(event);
        }
    }

    Collection<HookChannel> channels() {
        return List.copyOf(channels.values());
    }

    private void enforceTimeLimits() {
        for (HookChannel channel : channels.values()) {
            channel.enforce(timeLimit);
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
        watchdog.shutdownNow();
        channels.values().forEach(HookChannel::close);
        channels.clear();
    }
}
