package io.dtf.api.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugins installed in DTF, however their bundles arrived (feature, {@code deploy/} folder,
 * {@code bundle:install}), and the switch to turn each on and off. A service of the coordinator.
 */
@ProviderType
public interface PluginRegistry {
    List<PluginInfo> plugins();

    /** Turns a disabled or failed plugin on again; throws NOT_FOUND for an unknown name. */
    void enable(String name);

    /** Turns a plugin off until it is enabled again; its services go away, events are not kept for it. */
    void disable(String name);
}
