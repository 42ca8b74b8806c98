package io.dtf.notify.impl.groups;

import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.events.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Events of one route with the same values of its {@code group_by} labels, told together: the first notification
 * after {@code group_wait}, then what joined since at most every {@code group_interval}, the whole group again after
 * {@code repeat_interval}; closed after {@code close_after} without a new event. Its state is its journal's, replayed
 * after a restart. Not thread safe: its owner guards it.
 */
public final class Group {
    private final String key;
    private final String route;
    private final RouteSettings settings;
    private final Map<String, String> labels;
    private final Instant openedAt;
    private final Map<String, EventRecord> events = new LinkedHashMap<>();
    private final Set<String> waiting = new LinkedHashSet<>();
    private final Set<String> dropped = new LinkedHashSet<>();
    private final TreeMap<Integer, Flush> unfinished = new TreeMap<>();
    private int seq;
    private Instant lastFlushAt;
    private Instant lastFullAt;
    private Instant lastEventAt;

    Group(String key, String route, RouteSettings settings, Map<String, String> labels, Instant openedAt) {
        this.key = key;
        this.route = route;
        this.settings = settings;
        this.labels = Map.copyOf(labels);
        this.openedAt = openedAt;
        this.lastEventAt = openedAt;
    }

    public String key() {
        return key;
    }

    /** This group's instance: its key and when it opened. Notifications of one instance share a thread. */
    public String instance() {
        return key + "@" + openedAt.toEpochMilli();
    }

    public String route() {
        return route;
    }

    public RouteSettings settings() {
        return settings;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public boolean holds(String eventId) {
        return events.containsKey(eventId);
    }

    public EventRecord event(String id) {
        return events.get(id);
    }

    /** The events it holds that were not dropped, in the order they joined. */
    public List<EventRecord> kept() {
        List<EventRecord> kept = new ArrayList<>();
        events.forEach((id, e) -> {
            if (!dropped.contains(id)) {
                kept.add(e);
            }
        });
        return kept;
    }

    /** The events that joined and are in no notification yet. */
    public List<EventRecord> waiting() {
        return waiting.stream().map(events::get).toList();
    }

    public int waitingCount() {
        return waiting.size();
    }

    public Collection<Flush> unfinished() {
        return unfinished.values();
    }

    public int seq() {
        return seq;
    }

    /** When it should next be looked at for a notification. */
    public Instant dueAt() {
        return seq == 0 ? openedAt.plus(settings.groupWait()) : lastFlushAt.plus(settings.groupInterval());
    }

    /** Whether the whole group is due again. */
    public boolean repeatDue(Instant now) {
        return seq > 0 && !now.isBefore(lastFullAt.plus(settings.repeatInterval()));
    }

    /** Whether no event joined for {@code close_after}. */
    public boolean idle(Instant now) {
        return !now.isBefore(lastEventAt.plus(settings.closeAfter()));
    }

    // ---- changes, made through the journal (GroupJournal), and replayed from it

    void apply(JournalEntry entry) {
        switch (entry.op()) {
            case "event" -> {
                events.put(entry.event().id(), entry.event());
                waiting.add(entry.event().id());
                lastEventAt = entry.at().isAfter(lastEventAt) ? entry.at() : lastEventAt;
            }
            case "drop" -> {
                waiting.remove(entry.eventId());
                dropped.add(entry.eventId());
            }
            case "flush" -> {
                Flush flush = new Flush(entry.seq(), entry.kind(), entry.eventIds(), entry.at(), entry.channels());
                entry.eventIds().forEach(waiting::remove);
                seq = Math.max(seq, flush.seq());
                lastFlushAt = flush.at();
                if (flush.kind() != Flush.Kind.UPDATE) {
                    lastFullAt = flush.at();
                }
                if (!flush.finished()) {
                    unfinished.put(flush.seq(), flush);
                }
            }
            case "done" -> {
                Flush flush = unfinished.get(entry.seq());
                if (flush != null && flush.deliveries().containsKey(entry.channel())) {
                    flush.deliveries().get(entry.channel()).done = true;
                    if (flush.finished()) {
                        unfinished.remove(entry.seq());
                    }
                }
            }
            default -> throw new IllegalStateException("unknown journal entry " + entry.op());
        }
    }
}
