package io.dtf.api.plugin;

/**
 * One hook of a plugin as {@code dtf:plugins} shows it: a {@link Hook} service of one component in one
 * configuration, with its own delivery line. Several configurations of one component (Config Admin factory
 * configurations) are several hooks, each receiving every event it asks for.
 *
 * @param component the hook's component name ({@code component.name}), or {@code null} for a service
 *     registered without Declarative Services
 * @param configuration the configuration it runs with ({@code service.pid}), or {@code null} when it has none
 * @param connected whether a service is attached to the line now; {@code false} while its bundle is updated
 *     (events wait for the new version) and until the line is dropped after the update grace period
 * @param delivered events it received
 * @param failures events it failed on or took too long with
 * @param dropped events dropped because it fell behind
 * @param queued events waiting for it now (durable hooks: stored events it has not acknowledged)
 * @param lastError its last failure, or {@code null}
 * @param durable whether its events are stored and delivered at least once ({@link Hook#DELIVERY})
 * @param parked durable hooks: events given up on after their attempts, waiting to be sent again on request
 * @param retrying durable hooks: events waiting for another attempt now
 */
public record HookInfo(String component, String configuration, boolean connected, long delivered, long failures,
                       long dropped, int queued, String lastError, boolean durable, int parked, int retrying) {

    /** A hook that gets its events from memory. */
    public HookInfo(String component, String configuration, boolean connected, long delivered, long failures,
                    long dropped, int queued, String lastError) {
        this(component, configuration, connected, delivered, failures, dropped, queued, lastError, false, 0, 0);
    }
}
