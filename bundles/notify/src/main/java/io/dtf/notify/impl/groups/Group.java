package io.dtf.notify.impl.groups;

import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.events.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events of one route with the same values of its {@code group_by} labels, told together: the first notification
 * after {@code group_wait}, then what joined since at most every {@code group_interval}, the whole group again after
 * {@code repeat_interval}; closed after {@code close_after} without a new event.
 *
 * <p>Its memory is bounded whatever the storm: it counts every event ({@link Tally}, exact) and keeps in full only
 * those a message can list, the first {@value #LISTED} of the group (for repeats) and the first {@value #LISTED} not
 * told yet (for the next message), and the ids of the latest {@value #IDS_REMEMBERED} events, which the duplicate
 * check needs: the coordinator delivers an event again only while it has not been acknowledged, and it reads at most
 * 2,000 events ahead of its acknowledgements. The events beyond stay in the group's journal until they are told
 * ({@link Groups#forEachWaiting}). Its state is its journal's, replayed after a restart. Not thread safe: its owner
 * guards it.
 */
public final class Group {
    /** The events kept in full for a message: more than a message lists ({@code max_items} is at most this). */
    public static final int LISTED = 100;
    static final int IDS_REMEMBERED = 10_000;

    private final String key;
    private final String route;
    private final RouteSettings settings;
    private final Map<String, String> labels;
    private final Instant openedAt;
    private final Map<String, EventRecord> listed = new LinkedHashMap<>();
    private Tally kept = Tally.NONE;
    private final Map<String, EventRecord> waitingListed = new LinkedHashMap<>();
    private Tally waiting = Tally.NONE;
    private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
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

    /** Whether the event joined it lately (see {@link #IDS_REMEMBERED}). */
    public boolean holds(String eventId) {
        return recentIds.contains(eventId);
    }

    /** How many events it holds that were not taken out. */
    public long keptCount() {
        return kept.events();
    }

    /** The first events it holds that were not taken out, in the order they joined, at most {@link #LISTED}. */
    public List<EventRecord> listed() {
        return List.copyOf(listed.values());
    }

    /** The first events that joined and are in no notification yet, at most {@link #LISTED}. */
    public List<EventRecord> waiting() {
        return List.copyOf(waitingListed.values());
    }

    /** How many events joined and are in no notification yet. */
    public long waitingCount() {
        return waiting.events();
    }

    /** Whether more events wait than {@link #waiting} lists: the others are in the journal only. */
    public boolean waitingBeyondListed() {
        return waiting.events() > waitingListed.size();
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

    // ---- changes: through the journal (Groups), and replayed from it

    void apply(JournalEntry entry) {
        switch (entry.op()) {
            case "event" -> add(entry.event(), entry.at());
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

    private void add(EventRecord event, Instant at) {
        if (listed.size() < LISTED) {
            listed.put(event.id(), event);
        }
        if (waitingListed.size() < LISTED) {
            waitingListed.put(event.id(), event);
        }
        kept = kept.plus(event);
        waiting = waiting.plus(event);
        recentIds.add(event.id());
        if (recentIds.size() > IDS_REMEMBERED) {
            Iterator<String> oldest = recentIds.iterator();
            oldest.next();
            oldest.remove();
        }
        lastEventAt = at.isAfter(lastEventAt) ? at : lastEventAt;
    }

    /** Takes out an event that waits (muted before it was told): it is no longer counted. */
    void drop(EventRecord event) {
        listed.remove(event.id());
        waitingListed.remove(event.id());
        kept = kept.minus(event);
        waiting = waiting.minus(event);
    }

    /**
     * Lists a waiting event when there is room: after events were taken out, the next ones (read from the journal)
     * take their places, so that a message lists what it tells.
     */
    void relist(EventRecord event) {
        if (waitingListed.size() < LISTED) {
            waitingListed.putIfAbsent(event.id(), event);
        }
        if (listed.size() < LISTED) {
            listed.putIfAbsent(event.id(), event);
        }
    }

    /** Decides the next notification: what waits ({@code FIRST}, {@code UPDATE}) or the whole group ({@code REPEAT}). */
    Flush flush(Flush.Kind kind, Instant at) {
        Flush flush = kind == Flush.Kind.REPEAT
                ? new Flush(seq + 1, kind, kept, List.copyOf(listed.values()), at, settings.channels())
                : new Flush(seq + 1, kind, waiting, List.copyOf(waitingListed.values()), at, settings.channels());
        if (kind != Flush.Kind.REPEAT) {
            waitingListed.clear();
            waiting = Tally.NONE;
        } else {
            lastFullAt = at;
        }
        if (kind == Flush.Kind.FIRST) {
            lastFullAt = at;
        }
        seq = flush.seq();
        lastFlushAt = at;
        if (!flush.finished()) {
            unfinished.put(flush.seq(), flush);
        }
        return flush;
    }

    GroupState state() {
        List<GroupState.FlushState> flushes = new ArrayList<>();
        unfinished.values().forEach(f -> {
            Map<String, Boolean> done = new LinkedHashMap<>();
            f.deliveries().forEach((channel, delivery) -> done.put(channel, delivery.done));
            flushes.add(new GroupState.FlushState(f.seq(), f.kind(), f.tally(), f.events(), f.at(), done));
        });
        return new GroupState(key, route, settings, labels, openedAt, seq, lastFlushAt, lastFullAt, lastEventAt,
                List.copyOf(listed.values()), kept, List.copyOf(waitingListed.values()), waiting,
                List.copyOf(recentIds), flushes);
    }

    static Group of(GroupState state) {
        Group group = new Group(state.key(), state.route(), state.settings(), state.labels(), state.openedAt());
        state.listed().forEach(e -> group.listed.put(e.id(), e));
        state.waitingListed().forEach(e -> group.waitingListed.put(e.id(), e));
        group.kept = state.kept();
        group.waiting = state.waiting();
        group.recentIds.addAll(state.recentIds());
        group.seq = state.seq();
        group.lastFlushAt = state.lastFlushAt();
        group.lastFullAt = state.lastFullAt();
        group.lastEventAt = state.lastEventAt();
        for (GroupState.FlushState f : state.unfinished()) {
            Flush flush = new Flush(f.seq(), f.kind(), f.tally(), f.events(), f.at(), List.copyOf(f.done().keySet()));
            f.done().forEach((channel, done) -> flush.deliveries().get(channel).done = done);
            group.unfinished.put(flush.seq(), flush);
        }
        return group;
    }
}
