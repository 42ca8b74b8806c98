package io.dtf.testkit;

import io.dtf.api.DtfException;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.store.EventLog.ParkedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link PluginRegistry} of the plugins a test adds: enabling and disabling change their state as the
 * coordinator's plugin manager does (a plugin it does not know is {@code NOT_FOUND}; everything else about it,
 * its hooks with their counters included, stays as it was), and are recorded in {@link #calls()}, as are
 * {@code redeliver <name> <seq|all>}. Parked events are those a test {@link #park}s. Thread safe.
 */
public final class FakePluginRegistry implements PluginRegistry {
    private final Map<String, PluginInfo> plugins = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, List<ParkedEvent>> parked = new LinkedHashMap<>();

    /** A plugin as {@code dtf:plugins} would list it. */
    public synchronized FakePluginRegistry add(PluginInfo plugin) {
        plugins.put(plugin.name(), plugin);
        return this;
    }

    /** An active plugin, version 1.0.0, in a bundle of its own, that has received no events yet and lists no hooks. */
    public synchronized FakePluginRegistry add(String name, PluginType type) {
        return add(new PluginInfo(name, "1.0.0", type, 100 + plugins.size(), PluginState.ACTIVE, 0, 0, 0, null,
                List.of(), List.of()));
    }

    /** An event a durable hook of the plugin gave up on. */
    public synchronized FakePluginRegistry park(String name, ParkedEvent event) {
        plugin(name);
        parked.computeIfAbsent(name, n -> new ArrayList<>()).add(event);
        return this;
    }

    /** {@code enable <name>} and {@code disable <name>}, in the order they were called. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized List<PluginInfo> plugins() {
        return List.copyOf(plugins.values());
    }

    @Override
    public synchronized void enable(String name) {
        calls.add("enable " + name);
        plugins.put(name, withState(plugin(name), PluginState.ACTIVE, null));
    }

    @Override
    public synchronized void disable(String name) {
        calls.add("disable " + name);
        PluginInfo plugin = plugin(name);
        plugins.put(name, withState(plugin, PluginState.DISABLED, plugin.lastError()));
    }

    @Override
    public synchronized List<ParkedEvent> parkedEvents(String name) {
        plugin(name);
        return List.copyOf(parked.getOrDefault(name, List.of()));
    }

    /** Takes the events off the parked list, as the coordinator does when it sends them again. */
    @Override
    public synchronized int redeliver(String name, Long seq) {
        plugin(name);
        calls.add("redeliver " + name + " " + (seq == null ? "all" : seq));
        List<ParkedEvent> events = parked.getOrDefault(name, new ArrayList<>());
        int before = events.size();
        events.removeIf(event -> seq == null || event.event().seq() == seq);
        int sent = before - events.size();
        if (seq != null && sent == 0) {
            throw DtfException.notFound("parked event", name + " " + seq);
        }
        return sent;
    }

    private PluginInfo plugin(String name) {
        PluginInfo plugin = plugins.get(name);
        if (plugin == null) {
            throw DtfException.notFound("plugin", name);
        }
        return plugin;
    }

    private static PluginInfo withState(PluginInfo plugin, PluginState state, String lastError) {
        return new PluginInfo(plugin.name(), plugin.version(), plugin.type(), plugin.bundleId(), state,
                plugin.delivered(), plugin.failures(), plugin.dropped(), lastError, plugin.missing(), plugin.hooks());
    }
}
