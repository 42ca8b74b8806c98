package io.dtf.api.plugin;

import io.dtf.api.store.EventLog.ParkedEvent;
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

    /**
     * Events the plugin's durable hooks gave up on (see {@link Hook#DELIVERY}), oldest first, each with the
     * reason; throws NOT_FOUND for an unknown name.
     */
    List<ParkedEvent> parkedEvents(String name);

    /**
     * Sends parked events of the plugin's durable hooks again, in order within each run.
     *
     * @param seq the event's place in the log ({@link io.dtf.api.store.EventLog.StoredEvent#seq()}), or {@code null}
     *     for all
     * @return how many were sent again
     */
    int redeliver(String name, Long seq);
}
