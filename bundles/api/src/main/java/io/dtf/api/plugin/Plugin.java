package io.dtf.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A DTF plugin: a DS component in a bundle of its own. Its life cycle is the component's
 * ({@code @Activate} initializes, {@code @Deactivate} shuts down). Name and version default to the
 * bundle's symbolic name and version.
 */
@ConsumerType
public interface Plugin {
    PluginType type();

    /** The plugin's name, or {@code null} for its bundle's symbolic name. */
    default String name() {
        return null;
    }

    /** The plugin's version, or {@code null} for its bundle's version. */
    default String version() {
        return null;
    }
}
