package io.dtf.notify.impl.groups;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dtf.notify.impl.events.EventRecord;
import java.time.Instant;

/**
 * One line of a group's journal. {@code state} is the first (the group as it was, see {@link GroupState});
 * {@code event} adds an event; {@code done} records that a channel has a notification or gave up on it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(String op, Instant at, GroupState state, EventRecord event, Integer seq, String channel) {
    static JournalEntry state(GroupState state) {
        return new JournalEntry("state", null, state, null, null, null);
    }

    static JournalEntry event(Instant received, EventRecord event) {
        return new JournalEntry("event", received, null, event, null, null);
    }

    static JournalEntry done(Instant at, int seq, String channel) {
        return new JournalEntry("done", at, null, null, seq, channel);
    }
}
