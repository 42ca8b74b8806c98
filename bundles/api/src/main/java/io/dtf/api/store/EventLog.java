package io.dtf.api.store;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The events durable hooks receive, kept with the state changes that cause them: the outbox of the
 * {@link TaskStore} it belongs to. For the types some subscriber asks for, the store writes each event in
 * the transaction of its change: a task's events with its {@link Transition}s, {@code RUN_SUBMITTED} and
 * {@code TASK_CREATED} with {@link TaskStore#createRun}, and {@code RUN_COMPLETED} with the end of a run's
 * last task. Events that change no stored state (workers, the coordinator, plugins' own) are
 * {@link #append}ed. Every event gets a sequence number, increasing in commit order.
 *
 * <p>A subscriber (a durable hook) reads events after its acknowledged position, acknowledges them as it
 * goes, and {@link #park}s those it gives up on.
 */
@ProviderType
public interface EventLog {

    /**
     * Subscribes, or changes the types of a subscription. A new subscriber starts after the latest event;
     * an existing one keeps its position, so that it receives what happened while it was away.
     */
    Subscription subscribe(String subscriber, Set<HookType> types);

    Optional<Subscription> subscription(String subscriber);

    List<Subscription> subscriptions();

    /** Ends a subscription, with its parked events: the store stops keeping events for it. */
    void unsubscribe(String subscriber);

    /** Stores events that change nothing else; returns them as stored, in order. Types no one asks for are skipped. */
    List<StoredEvent> append(Collection<DtfEvent> events);

    /** Events of {@code types} with a sequence number above {@code afterSeq}, in order, at most {@code max}. */
    List<StoredEvent> read(long afterSeq, Set<HookType> types, int max);

    /** The subscriber has all events up to {@code seq} (delivered or parked); it never moves back. */
    void acknowledge(String subscriber, long seq);

    /** Gives up on an event for a subscriber, with the reason; it stays until {@link #unpark}ed. */
    void park(String subscriber, StoredEvent event, String reason, int attempts);

    List<ParkedEvent> parked(String subscriber);

    /** Takes a parked event back, to send it again; empty when it was not parked. */
    Optional<ParkedEvent> unpark(String subscriber, long seq);

    /**
     * Deletes the events older than {@code before} that each of the {@code holding} subscribers has acknowledged,
     * in small batches; parked events stay. Subscribers not named (hooks uninstalled or away) hold nothing back:
     * one that comes back after longer than the retention misses what was purged meanwhile.
     *
     * @return how many were deleted
     */
    int purge(Instant before, Collection<String> holding);

    /** A subscriber's position in the log. */
    record Subscription(String subscriber, Set<HookType> types, long acknowledged, Instant since) {
        public Subscription {
            types = Set.copyOf(types);
        }
    }

    /** An event as stored, with its place in the log. */
    record StoredEvent(long seq, DtfEvent event) {
    }

    /** An event a subscriber gave up on. */
    record ParkedEvent(String subscriber, StoredEvent event, String reason, int attempts, Instant parkedAt) {
    }
}
