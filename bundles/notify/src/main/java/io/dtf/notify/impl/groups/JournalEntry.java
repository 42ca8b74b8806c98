package io.dtf.notify.impl.groups;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.events.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of a group's journal. {@code open} starts it (key, route, its settings as they were, the group's labels);
 * {@code event} adds an event; {@code drop} takes a waiting event out (inhibited or silenced before it was sent);
 * {@code flush} decides a notification; {@code done} records that a channel has it or gave up on it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(String op, Instant at, String key, String route, RouteSettings settings,
                           Map<String, String> labels, EventRecord event, String eventId, Integer seq,
                           Flush.Kind kind, List<String> eventIds, List<String> channels, String channel) {
    static JournalEntry open(Instant at, String key, String route, RouteSettings settings, Map<String, String> labels) {
        return new JournalEntry("open", at, key, route, settings, labels, null, null, null, null, null, null, null);
    }

    static JournalEntry event(Instant received, EventRecord event) {
        return new JournalEntry("event", received, null, null, null, null, event, null, null, null, null, null, null);
    }

    static JournalEntry drop(Instant at, String eventId) {
        return new JournalEntry("drop", at, null, null, null, null, null, eventId, null, null, null, null, null);
    }

    static JournalEntry flush(Flush flush) {
        return new JournalEntry("flush", flush.at(), null, null, null, null, null, null, flush.seq(), flush.kind(),
                flush.eventIds(), List.copyOf(flush.deliveries().keySet()), null);
    }

    static JournalEntry done(Instant at, int seq, String channel) {
        return new JournalEntry("done", at, null, null, null, null, null, null, seq, null, null, null, channel);
    }
}
