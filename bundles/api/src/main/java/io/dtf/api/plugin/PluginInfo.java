package io.dtf.api.plugin;

import java.util.List;

/**
 * A plugin as {@code dtf:plugins} shows it: one bundle that extends DTF. Its counters add up those of its
 * {@link #hooks}.
 *
 * @param name the plugin's name ({@link Plugin#name()}, else its bundle's symbolic name)
 * @param version its version
 * @param type what it does
 * @param bundleId its bundle's id
 * @param state where it stands
 * @param delivered events its hooks received
 * @param failures events its hooks failed on or took too long with
 * @param dropped events dropped because its hooks fell behind
 * @param lastError the last failure, or why DTF disabled it; {@code null} when none
 * @param missing what keeps it from running: packages, services, configuration; empty when nothing
 * @param hooks its hooks, one per component and configuration, each with its own counters; empty when it has none
 */
public record PluginInfo(String name, String version, PluginType type, long bundleId, PluginState state,
                         long delivered, long failures, long dropped, String lastError, List<String> missing,
                         List<HookInfo> hooks) {
    public PluginInfo {
        missing = missing == null ? List.of() : List.copyOf(missing);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** A plugin whose hooks are not listed one by one. */
    public PluginInfo(String name, String version, PluginType type, long bundleId, PluginState state,
                      long delivered, long failures, long dropped, String lastError, List<String> missing) {
        this(name, version, type, bundleId, state, delivered, failures, dropped, lastError, missing, List.of());
    }
}
