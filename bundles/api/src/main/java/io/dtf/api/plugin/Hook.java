package io.dtf.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives events: a whiteboard service. The {@value #PROPERTY} service property lists the
 * {@link HookType} names it wants (all when absent). An exception or a slow answer only affects this hook.
 *
 * <p>By default a hook gets events from memory, in order, on a thread of its own, each once: a full queue
 * drops, a failure is counted and not retried. That suits metrics and logs. A hook that reports to a
 * system outside DTF sets {@value #DELIVERY}={@value #DURABLE}: its events are stored with the change
 * that causes them and delivered at least once, in order within each run, until it returns; they survive
 * a crash, a restart, an update or a disable of the hook. It tells a failure worth retrying from one that
 * is not by throwing {@link HookFailure}; after {@value #ATTEMPTS} attempts an event is parked with its
 * reason, shown by {@code dtf:plugins} and sent again on request. Events of one run never overlap; those
 * of different runs go to up to {@value #CONCURRENCY} calls at once, each within {@value #TIME_LIMIT}.
 * Use {@link DtfEvent#id()} to make an effect happen once.
 */
@ConsumerType
@FunctionalInterface
public interface Hook {
    /** Service property naming the hook types a hook receives. */
    String PROPERTY = "dtf.hook";
    /** Service property choosing the delivery: {@value #DURABLE}, or absent for delivery from memory. */
    String DELIVERY = "dtf.hook.delivery";
    /** The value of {@value #DELIVERY} that asks for durable delivery. */
    String DURABLE = "durable";
    /** Durable hooks: how many events (of different runs) may be delivered at once; default 4. */
    String CONCURRENCY = "dtf.hook.concurrency";
    /** Durable hooks: how long one call may take ({@code 60s}, {@code PT2M}); default 60 s. */
    String TIME_LIMIT = "dtf.hook.timeLimit";
    /** Durable hooks: calls per event before it is parked; default 8 (about 10 minutes of backoff). */
    String ATTEMPTS = "dtf.hook.attempts";

    void on(DtfEvent event) throws Exception;
}
