package io.dtf.notify.impl.groups;

import io.dtf.notify.impl.events.EventRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notification of a group, decided at {@code at}: what it tells, and where it is on each channel.
 *
 * @param seq its number in the group, from 1: the notification's id is made of the group and this
 * @param kind {@code FIRST} (the group's first), {@code UPDATE} (what joined since), {@code REPEAT} (the whole group again)
 * @param tally all the events it tells of, counted
 * @param events the first of them, in the order they joined, at most {@link Group#LISTED}: those it can list
 */
public record Flush(int seq, Kind kind, Tally tally, List<EventRecord> events, Instant at,
                    Map<String, Delivery> deliveries) {
    /** What a notification of a group is. */
    public enum Kind { FIRST, UPDATE, REPEAT }

    public Flush {
        events = List.copyOf(events);
    }

    Flush(int seq, Kind kind, Tally tally, List<EventRecord> events, Instant at, List<String> channels) {
        this(seq, kind, tally, events, at, new LinkedHashMap<>());
        channels.forEach(c -> deliveries.put(c, new Delivery()));
    }

    /** Whether every channel has it or gave up on it. */
    public boolean finished() {
        return deliveries.values().stream().allMatch(d -> d.done);
    }

    /** The state of one channel's copy; guarded by the group's owner. */
    public static final class Delivery {
        public int attempts;
        public Instant nextAttemptAt = Instant.MIN;
        public boolean inFlight;
        public boolean done;
    }
}
