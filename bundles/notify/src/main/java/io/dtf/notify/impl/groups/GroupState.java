package io.dtf.notify.impl.groups;

import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.events.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A group as its journal's first line keeps it: written when the group opens and again at each of its
 * notifications (the journal is then rewritten as this one line), so that a journal holds at most the events of one
 * {@code group_interval} besides it.
 *
 * @param listed the first events the group holds, at most {@link Group#LISTED}
 * @param waitingListed the first events not in a notification yet, at most {@link Group#LISTED}
 * @param recentIds the ids of the latest events, for the duplicate check
 * @param unfinished the notifications some channel does not have yet
 */
record GroupState(String key, String route, RouteSettings settings, Map<String, String> labels, Instant openedAt,
                  int seq, Instant lastFlushAt, Instant lastFullAt, Instant lastEventAt, List<EventRecord> listed,
                  Tally kept, List<EventRecord> waitingListed, Tally waiting, List<String> recentIds,
                  List<FlushState> unfinished) {

    /** A notification not every channel has: what it tells, and which channels have it or gave up. */
    record FlushState(int seq, Flush.Kind kind, Tally tally, List<EventRecord> events, Instant at,
                      Map<String, Boolean> done) {
    }
}
