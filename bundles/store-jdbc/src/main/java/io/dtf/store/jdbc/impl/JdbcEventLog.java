package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Columns.getInstant;
import static io.dtf.store.jdbc.impl.Columns.getInt;
import static io.dtf.store.jdbc.impl.Columns.micros;
import static io.dtf.store.jdbc.impl.Columns.setInstant;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link EventLog} on the store's tables. Everything that writes events runs on the store's writer
 * connection, one transaction at a time, so that sequence numbers increase in commit order: a subscriber
 * that has read up to an event can never find an earlier one committed later.
 */
final class JdbcEventLog implements EventLog {
    /** Events deleted per statement by {@link #purge}, so that no transaction holds the log long. */
    private static final long PURGE_STEP = 10_000;
    private static final String EVENT_COLUMNS = "e.seq, e.id, e.type, e.at, e.severity, e.run_id, e.task_id, "
            + "e.attempt, COALESCE(e.worker, a.worker) AS worker, e.data_json, t.name AS task_name FROM events e "
            + "LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN attempts a ON a.task_id = e.task_id AND a.attempt = e.attempt";

    private final Database db;
    private final EventWriter writer;
    private final Json json;

    JdbcEventLog(Database db, EventWriter writer, Json json) {
        this.db = db;
        this.writer = writer;
        this.json = json;
    }

    /** Reads which types the subscribers ask for, and where event numbers go on, so that the store records from the start. */
    void start() {
        db.inWriterTransaction("reading the event log's state", () -> { }, c -> {
            writer.start(c);
            writer.recorded(union(subscriptions(c)));
            return null;
        });
    }

    @Override
    public Subscription subscribe(String subscriber, Set<HookType> types) {
        Set<HookType> wanted = types.isEmpty() ? EnumSet.allOf(HookType.class) : EnumSet.copyOf(types);
        return db.inWriterTransaction("subscribing " + subscriber + " to events", () -> { }, c -> {
            Optional<Subscription> existing = subscription(c, subscriber);
            Set<HookType> all = union(subscriptions(c));
            all.addAll(wanted);
            writer.recorded(all); // before the commit: no change after it goes unrecorded
            if (existing.isPresent()) {
                update(c, "UPDATE event_subscriptions SET types = ? WHERE subscriber = ?", names(wanted), subscriber);
                return new Subscription(subscriber, wanted, existing.get().acknowledged(), existing.get().since());
            }
            long latest;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM events");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                latest = rs.getLong(1);
            }
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_subscriptions (subscriber, types, "
                    + "acknowledged, since) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, subscriber);
                ps.setString(2, names(wanted));
                ps.setLong(3, latest);
                setInstant(ps, 4, now);
                ps.executeUpdate();
            }
            return new Subscription(subscriber, wanted, latest, now);
        });
    }

    @Override
    public Optional<Subscription> subscription(String subscriber) {
        return db.read("reading subscription " + subscriber, c -> subscription(c, subscriber));
    }

    @Override
    public List<Subscription> subscriptions() {
        return db.read("reading event subscriptions", this::subscriptions);
    }

    @Override
    public void unsubscribe(String subscriber) {
        db.inWriterTransaction("ending subscription " + subscriber, () -> { }, c -> {
            update(c, "DELETE FROM parked_events WHERE subscriber = ?", subscriber);
            update(c, "DELETE FROM event_subscriptions WHERE subscriber = ?", subscriber);
            writer.recorded(union(subscriptions(c)));
            return null;
        });
    }

    @Override
    public List<StoredEvent> append(Collection<DtfEvent> events) {
        List<DtfEvent> recorded = events.stream().filter(e -> writer.records(e.type())).toList();
        if (recorded.isEmpty()) {
            return List.of();
        }
        return db.inWriterTransaction("storing " + recorded.size() + " event(s)", () -> { },
                c -> writer.insert(c, recorded));
    }

    @Override
    public List<StoredEvent> read(long afterSeq, Set<HookType> types, int max) {
        Set<HookType> wanted = types.isEmpty() ? EnumSet.allOf(HookType.class) : types;
        String sql = "SELECT " + EVENT_COLUMNS + " WHERE e.seq > ? AND e.type IN (" + wanted.stream().map(t -> "?")
                .collect(Collectors.joining(", ")) + ") ORDER BY e.seq FETCH FIRST ? ROWS ONLY";
        return db.read("reading events", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                ps.setLong(p++, afterSeq);
                for (HookType type : wanted) {
                    ps.setString(p++, type.name());
                }
                ps.setInt(p, max);
                List<StoredEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(event(rs));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public void acknowledge(String subscriber, long seq) {
        db.inWriterTransaction("acknowledging events of " + subscriber, () -> { }, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE event_subscriptions SET acknowledged = ? "
                    + "WHERE subscriber = ? AND acknowledged < ?")) {
                ps.setLong(1, seq);
                ps.setString(2, subscriber);
                ps.setLong(3, seq);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void park(String subscriber, StoredEvent event, String reason, int attempts) {
        db.inWriterTransaction("parking event " + event.event().id() + " of " + subscriber, () -> { }, c -> {
            update(c, "DELETE FROM parked_events WHERE subscriber = ? AND seq = ?", subscriber, event.seq());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO parked_events (subscriber, seq, reason, "
                    + "attempts, parked_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, subscriber);
                ps.setLong(2, event.seq());
                ps.setString(3, reason == null ? null : reason.length() > 4000 ? reason.substring(0, 4000) : reason);
                ps.setInt(4, attempts);
                setInstant(ps, 5, Instant.now());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<ParkedEvent> parked(String subscriber) {
        return db.read("reading parked events of " + subscriber, c -> parked(c, subscriber, null));
    }

    @Override
    public Optional<ParkedEvent> unpark(String subscriber, long seq) {
        return db.inWriterTransaction("taking back parked event " + seq + " of " + subscriber, () -> { }, c -> {
            Optional<ParkedEvent> parked = parked(c, subscriber, seq).stream().findFirst();
            if (parked.isPresent()) {
                update(c, "DELETE FROM parked_events WHERE subscriber = ? AND seq = ?", subscriber, seq);
            }
            return parked;
        });
    }

    @Override
    public int purge(Instant before, Collection<String> holding) {
        String held = holding.isEmpty() ? "" : "(SELECT MIN(acknowledged) FROM event_subscriptions WHERE subscriber IN ("
                + holding.stream().map(h -> "?").collect(Collectors.joining(", ")) + ")), ";
        long[] bounds = db.read("finding events to purge", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MIN(seq), 0), COALESCE(" + held
                    + "MAX(seq), 0) FROM events")) {
                int p = 1;
                for (String subscriber : holding) {
                    ps.setString(p++, subscriber);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
        int deleted = 0;
        for (long from = bounds[0] - 1; from < bounds[1]; from += PURGE_STEP) {
            long lower = from;
            long upper = Math.min(from + PURGE_STEP, bounds[1]);
            deleted += db.inWriterTransaction("purging events", () -> { }, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE seq > ? AND seq <= ? AND at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM parked_events p WHERE p.seq = events.seq)")) {
                    ps.setLong(1, lower);
                    ps.setLong(2, upper);
                    ps.setLong(3, micros(before));
                    return ps.executeUpdate();
                }
            });
        }
        return deleted;
    }

    private StoredEvent event(ResultSet rs) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        String dataJson = rs.getString("data_json");
        if (dataJson != null) {
            data.putAll(json.spec(dataJson));
        }
        String taskName = rs.getString("task_name");
        if (taskName != null) {
            data.put(EventData.NAME.name(), taskName);
        }
        Integer attempt = getInt(rs, "attempt");
        if (attempt != null) {
            data.put(EventData.ATTEMPT.name(), attempt);
        }
        String run = rs.getString("run_id");
        String task = rs.getString("task_id");
        String worker = rs.getString("worker");
        DtfEvent event = new DtfEvent(HookType.valueOf(rs.getString("type")), getInstant(rs, "at"),
                run == null ? null : RunId.of(run), task == null ? null : TaskId.of(task),
                worker == null ? null : WorkerId.of(worker), Severity.valueOf(rs.getString("severity")), data,
                rs.getString("id"));
        return new StoredEvent(rs.getLong("seq"), event);
    }

    private List<ParkedEvent> parked(Connection c, String subscriber, Long seq) throws SQLException {
        String sql = "SELECT p.reason, p.attempts, p.parked_at AS parked_at, " + EVENT_COLUMNS
                + " JOIN parked_events p ON p.seq = e.seq WHERE p.subscriber = ?" + (seq == null ? "" : " AND p.seq = ?")
                + " ORDER BY e.seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, subscriber);
            if (seq != null) {
                ps.setLong(2, seq);
            }
            List<ParkedEvent> parked = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parked.add(new ParkedEvent(subscriber, event(rs), rs.getString("reason"), rs.getInt("attempts"),
                            getInstant(rs, "parked_at")));
                }
            }
            return parked;
        }
    }

    private static Optional<Subscription> subscription(Connection c, String subscriber) throws SQLException {
        return subscriptions(c, "SELECT subscriber, types, acknowledged, since FROM event_subscriptions "
                + "WHERE subscriber = ?", subscriber).stream().findFirst();
    }

    private List<Subscription> subscriptions(Connection c) throws SQLException {
        return subscriptions(c, "SELECT subscriber, types, acknowledged, since FROM event_subscriptions "
                + "ORDER BY subscriber", null);
    }

    private static List<Subscription> subscriptions(Connection c, String sql, String subscriber) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (subscriber != null) {
                ps.setString(1, subscriber);
            }
            List<Subscription> subscriptions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    subscriptions.add(new Subscription(rs.getString("subscriber"), types(rs.getString("types")),
                            rs.getLong("acknowledged"), getInstant(rs, "since")));
                }
            }
            return subscriptions;
        }
    }

    private static Set<HookType> union(List<Subscription> subscriptions) {
        Set<HookType> all = EnumSet.noneOf(HookType.class);
        subscriptions.forEach(s -> all.addAll(s.types()));
        return all;
    }

    private static String names(Set<HookType> types) {
        return types.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    /** The stored type names; one no longer known (an older or newer DTF) is skipped. */
    private static Set<HookType> types(String names) {
        Set<HookType> types = EnumSet.noneOf(HookType.class);
        for (String name : names.split(",")) {
            try {
                types.add(HookType.valueOf(name.trim()));
            } catch (IllegalArgumentException unknown) {
                // not ours to deliver
            }
        }
        return types;
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        }
    }
}
