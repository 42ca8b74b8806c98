package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Columns.setInstant;
import static io.dtf.store.jdbc.impl.Columns.setInt;
import static io.dtf.store.jdbc.impl.Columns.setString;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog.StoredEvent;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the events of the store's changes in the transaction of each change, for the types some
 * subscriber asks for, and keeps each run's count of unfinished tasks so that {@code RUN_COMPLETED}
 * goes with the end of its last task. The count is kept whether or not anyone subscribes, so that it
 * is right when someone does.
 */
final class EventWriter {
    static final String INSERT = "INSERT INTO events (seq, id, type, at, severity, run_id, task_id, attempt, worker, "
            + "data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FINISHED_TASKS = "UPDATE run_open_tasks SET open_tasks = open_tasks - ? WHERE run_id = ?";
    private static final String OPEN_TASKS = "SELECT open_tasks FROM run_open_tasks WHERE run_id = ?";
    private static final String RUN_FINISHED = "DELETE FROM run_open_tasks WHERE run_id = ?";
    static final String OPEN_RUN = "INSERT INTO run_open_tasks (run_id, open_tasks) VALUES (?, ?)";
    /** The highest number an event ever had: kept events, positions and parked ones (events may have been purged). */
    private static final String LAST_SEQ = "SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM events), 0), "
            + "COALESCE((SELECT MAX(acknowledged) FROM event_subscriptions), 0), "
            + "COALESCE((SELECT MAX(seq) FROM parked_events), 0))";
    private static final String COUNTS = "SELECT state, COUNT(*) FROM tasks WHERE run_id = ? GROUP BY state";

    private final Json json;
    /**
     * The last event number given; only written in the writer's transactions, which are one at a time, so numbers
     * increase in commit order. A rolled back transaction leaves a gap, which costs nothing.
     */
    private long lastSeq;
    /** The types subscribers ask for; written by {@link JdbcEventLog} as subscriptions change. */
    private volatile Set<HookType> recorded = Set.of();

    EventWriter(Json json) {
        this.json = json;
    }

    /** Reads where numbering goes on: after every number an event was ever given in this database. */
    void start(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST_SEQ); ResultSet rs = ps.executeQuery()) {
            rs.next();
            lastSeq = rs.getLong(1);
        }
    }

    void recorded(Set<HookType> types) {
        recorded = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    }

    /** Whether any event is recorded: then every write that may cause one goes through the writer connection. */
    boolean recording() {
        return !recorded.isEmpty();
    }

    boolean records(HookType type) {
        return recorded.contains(type);
    }

    /** The events of a new run, RUN_SUBMITTED and a TASK_CREATED per task, and its count of unfinished tasks. */
    void runCreated(Connection c, TestRun run, List<Task> tasks) throws SQLException {
        if (!tasks.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(OPEN_RUN)) {
                ps.setString(1, run.id().value());
                ps.setInt(2, tasks.size());
                ps.executeUpdate();
            }
        }
        List<DtfEvent> events = new ArrayList<>();
        if (records(HookType.RUN_SUBMITTED)) {
            events.add(new DtfEvent(HookType.RUN_SUBMITTED, run.submittedAt(), run.id(), null, null, Severity.INFO,
                    Map.of(EventData.NAME.name(), run.name(), EventData.TENANT.name(), run.tenant(),
                            EventData.TASKS.name(), tasks.size())));
        }
        if (records(HookType.TASK_CREATED)) {
            for (Task task : tasks) {
                events.add(new DtfEvent(HookType.TASK_CREATED, run.submittedAt(), run.id(), task.id(), null,
                        Severity.INFO, Map.of(EventData.NAME.name(), task.name(),
                                EventData.TASK_TYPE.name(), task.type())));
            }
        }
        insert(c, events);
    }

    /**
     * The events of the transitions that applied, and RUN_COMPLETED for each run whose last task they
     * ended. Task names and workers are not written: the log reads them from the task and its attempt.
     */
    void transitionsApplied(Connection c, List<Transition> transitions, boolean[] applied) throws SQLException {
        List<DtfEvent> events = new ArrayList<>();
        Map<String, Integer> finishedByRun = new LinkedHashMap<>();
        Map<String, Instant> lastEnd = new HashMap<>();
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            if (!applied[i]) {
                continue;
            }
            if (t.to().isTerminal()) {
                finishedByRun.merge(runOf(t.task()).value(), 1, Integer::sum);
                lastEnd.merge(runOf(t.task()).value(), t.at(), (a, b) -> a.isAfter(b) ? a : b);
            }
            HookType type = typeOf(t);
            if (type != null && records(type)) {
                events.add(eventOf(type, t));
            }
        }
        if (!finishedByRun.isEmpty()) {
            countFinished(c, finishedByRun);
            for (String run : finishedByRun.keySet()) {
                DtfEvent completed = completedIfLast(c, RunId.of(run), lastEnd.get(run));
                if (completed != null) {
                    events.add(completed);
                }
            }
        }
        insert(c, events);
    }

    /** Stores the events in order, each with the next sequence number. */
    List<StoredEvent> insert(Connection c, List<DtfEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        long[] seqs = new long[events.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = ++lastSeq;
        }
        List<StoredEvent> stored = new ArrayList<>(events.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < events.size(); i++) {
                DtfEvent e = events.get(i);
                Integer attempt = EventData.ATTEMPT.from(e.data());
                Map<String, Object> data = new LinkedHashMap<>(e.data());
                if (e.task() != null) {
                    data.remove(EventData.NAME.name()); // read from the task
                }
                data.remove(EventData.ATTEMPT.name()); // a column of its own
                int p = 1;
                ps.setLong(p++, seqs[i]);
                ps.setString(p++, e.id());
                ps.setString(p++, e.type().name());
                setInstant(ps, p++, e.at());
                ps.setString(p++, e.severity().name());
                setString(ps, p++, e.run() == null ? null : e.run().value());
                setString(ps, p++, e.task() == null ? null : e.task().value());
                setInt(ps, p++, attempt);
                setString(ps, p++, e.worker() == null ? null : e.worker().value());
                setString(ps, p, data.isEmpty() ? null : json.write(data));
                ps.addBatch();
                stored.add(new StoredEvent(seqs[i], e));
            }
            ps.executeBatch();
        }
        return stored;
    }

    /** The event a transition causes, or {@code null}: a release undoes a lease that no one was told of. */
    static HookType typeOf(Transition t) {
        if (t.isRelease()) {
            return null;
        }
        return switch (t.to()) {
            case LEASED -> HookType.TASK_ASSIGNED;
            case RUNNING -> HookType.TASK_STARTED;
            default -> HookType.ofAttemptEnd(t.result().status(), t.to() == TaskState.QUEUED, t.preempted());
        };
    }

    private static DtfEvent eventOf(HookType type, Transition t) {
        int attempt = t.to() == TaskState.LEASED ? t.newAttempt() : t.attempt();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(EventData.ATTEMPT.name(), attempt);
        TaskResult result = t.result();
        if (result != null) {
            data.put(EventData.STATE.name(), result.status().name());
            if (result.exitCode() != null) {
                data.put(EventData.EXIT_CODE.name(), result.exitCode());
            }
            if (result.message() != null) {
                data.put(EventData.MESSAGE.name(), result.message());
            }
        }
        Severity severity = result == null ? Severity.INFO : type.attemptEndSeverity();
        return new DtfEvent(type, t.at(), runOf(t.task()), t.task(), t.worker(), severity, data);
    }

    private static void countFinished(Connection c, Map<String, Integer> finishedByRun) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FINISHED_TASKS)) {
            for (Map.Entry<String, Integer> run : finishedByRun.entrySet()) {
                ps.setInt(1, run.getValue());
                ps.setString(2, run.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * When none of the run's tasks is left unfinished: its count goes, and RUN_COMPLETED when {@code event}; {@code null}
     * while some are.
     */
    private DtfEvent completedIfLast(Connection c, RunId run, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OPEN_TASKS)) {
            ps.setString(1, run.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) > 0) {
                    return null;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(RUN_FINISHED)) {
            ps.setString(1, run.value());
            ps.executeUpdate();
        }
        if (!records(HookType.RUN_COMPLETED)) {
            return null;
        }
        Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
        try (PreparedStatement ps = c.prepareStatement(COUNTS)) {
            ps.setString(1, run.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byState.put(TaskState.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
        }
        RunState state = new TaskCounts(byState).runState();
        return new DtfEvent(HookType.RUN_COMPLETED, at, run, null, null,
                state == RunState.PASSED ? Severity.INFO : Severity.ERROR, Map.of(EventData.STATE.name(), state.name()));
    }

    static RunId runOf(TaskId task) {
        String id = task.value();
        return RunId.of(id.substring(0, id.lastIndexOf('.')));
    }
}
