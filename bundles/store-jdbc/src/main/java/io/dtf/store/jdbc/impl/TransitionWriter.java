package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Columns.setDuration;
import static io.dtf.store.jdbc.impl.Columns.setInstant;
import static io.dtf.store.jdbc.impl.Columns.setInt;
import static io.dtf.store.jdbc.impl.Columns.setString;

import io.dtf.api.store.Transition;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies fenced transitions with JDBC batches on a connection whose transaction the caller owns.
 * The fence is the {@code WHERE} of one {@code UPDATE} (task id, attempt, state in {@code from}), and
 * whether it applied is its update count: no read before the write, so no race between them.
 *
 * <p>Transitions of distinct tasks do not depend on each other, so they are grouped by the statement
 * they need and sent as one batch each; a transition of a task already seen in the list starts a new
 * segment, applied after the previous one, so that it sees that one's effect.
 */
final class TransitionWriter {
    private static final int FROM_SLOTS = TaskState.values().length;
    private static final String FENCE = " WHERE id = ? AND attempt = ? AND state IN (?" + ", ?".repeat(FROM_SLOTS - 1) + ")";

    static final String LEASE = "UPDATE tasks SET state = ?, attempt = ?, worker = ?, started_at = NULL" + FENCE;
    /** The worker of the attempt before the released one stays: it is the task's last worker again. */
    static final String RELEASE = "UPDATE tasks SET state = ?, attempt = ?, worker = (SELECT a.worker FROM attempts a "
            + "WHERE a.task_id = tasks.id AND a.attempt = tasks.attempt - 1)" + FENCE;
    static final String DROP_ATTEMPT = "DELETE FROM attempts WHERE task_id = ? AND attempt = ? AND finished_at IS NULL";
    static final String START = "UPDATE tasks SET state = ?, attempt = ?, started_at = ?" + FENCE;
    private static final String END_SET = "UPDATE tasks SET state = ?, attempt = ?, started_at = COALESCE(started_at, ?), "
            + "finished_at = ?, result_attempt = ?, "
            + "result_status = ?, result_duration_us = ?, result_exit_code = ?, result_message = ?, artifacts_json = ?, "
            + "metrics_json = ?, log_path = ?, log_tail = ?";
    static final String END = END_SET + FENCE;
    /** An end that a scheduler's preemption caused: the task counts one more preempted attempt. */
    static final String PREEMPT = END_SET + ", preempted_attempts = preempted_attempts + 1" + FENCE;
    static final String OPEN_ATTEMPT = "INSERT INTO attempts (task_id, attempt, worker, leased_at) VALUES (?, ?, ?, ?)";
    static final String CLOSE_ATTEMPT = "UPDATE attempts SET finished_at = ?, state = ?, duration_us = ?, exit_code = ?, "
            + "message = ?, artifacts_json = ?, metrics_json = ?, log_path = ?, log_tail = ?, preempted = ? "
            + "WHERE task_id = ? AND attempt = ? AND finished_at IS NULL";
    static final String RESULT_WITHOUT_ATTEMPT = "UPDATE tasks SET result_attempt = 0 WHERE id = ?";
    static final String CLEAR_RESULT_TEST_CASES = "DELETE FROM test_cases WHERE task_id = ? AND attempt = 0";
    static final String INSERT_TEST_CASE = "INSERT INTO test_cases (task_id, attempt, ord, suite, class_name, name, "
            + "status, duration_us, message, details, flaky, test_class, test_id, finished_at, properties_json, "
            + "system_out, system_err) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Which UPDATE of the task a transition needs. */
    private enum Kind {
        LEASE, START, END, PREEMPT, RELEASE;

        static Kind of(Transition t) {
            if (t.isRelease()) {
                return RELEASE;
            }
            if (t.preempted()) {
                return PREEMPT;
            }
            return switch (t.to()) {
                case LEASED -> LEASE;
                case RUNNING -> START;
                default -> END;
            };
        }
    }

    private final Json json;
    /**
     * The statements prepared on the connection of the last call, kept for the next call on the same
     * connection: the store writes on one connection it keeps, and parsing its statements again for
     * every commit cost a quarter of the commit.
     */
    private Statements statements;

    TransitionWriter(Json json) {
        this.json = json;
    }

    /**
     * Applies {@code transitions} in order on {@code c}; the caller commits. One caller at a time:
     * the statements prepared on {@code c} stay open for the next call on it.
     */
    synchronized boolean[] apply(Connection c, List<Transition> transitions) throws SQLException {
        for (Transition t : transitions) {
            if (t.to() == TaskState.LEASED && t.newAttempt() <= t.attempt()) {
                throw new IllegalArgumentException("a lease starts a new attempt: " + t.task() + " attempt "
                        + t.attempt() + " -> " + t.newAttempt());
            }
        }
        boolean[] applied = new boolean[transitions.size()];
        if (statements == null || statements.connection != c) {
            forget();
            statements = new Statements(c);
        }
        int start = 0;
        while (start < transitions.size()) {
            Set<String> seen = new HashSet<>();
            int end = start;
            while (end < transitions.size() && seen.add(transitions.get(end).task().value())) {
                end++;
            }
            applySegment(statements, transitions, start, end, applied);
            start = end;
        }
        return applied;
    }

    private void applySegment(Statements statements, List<Transition> transitions, int from, int to, boolean[] applied)
            throws SQLException {
        Map<Kind, List<Integer>> byKind = new EnumMap<>(Kind.class);
        List<Integer> segment = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!transitions.get(i).from().isEmpty()) {
                segment.add(i);
            }
        }
        // rows are locked in task id order within each batch: fewer deadlocks between concurrent writers
        segment.sort(Comparator.comparing(i -> transitions.get(i).task().value()));
        for (int i : segment) {
            byKind.computeIfAbsent(Kind.of(transitions.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Kind, List<Integer>> entry : byKind.entrySet()) {
            Kind kind = entry.getKey();
            List<Integer> indexes = entry.getValue();
            PreparedStatement ps = statements.get(switch (kind) {
                case LEASE -> LEASE;
                case START -> START;
                case END -> END;
                case PREEMPT -> PREEMPT;
                case RELEASE -> RELEASE;
            });
            for (int i : indexes) {
                bindTaskUpdate(ps, kind, transitions.get(i));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Integer> done = new ArrayList<>();
            for (int k = 0; k < counts.length; k++) {
                if (updated(counts[k])) {
                    applied[indexes.get(k)] = true;
                    done.add(indexes.get(k));
                }
            }
            if (kind == Kind.LEASE) {
                openAttempts(statements, transitions, done);
            } else if (kind == Kind.END || kind == Kind.PREEMPT) {
                closeAttempts(statements, transitions, done);
            } else if (kind == Kind.RELEASE) {
                dropAttempts(statements, transitions, done);
            }
        }
    }

    private void bindTaskUpdate(PreparedStatement ps, Kind kind, Transition t) throws SQLException {
        int p = 1;
        ps.setString(p++, t.to().name());
        ps.setInt(p++, t.newAttempt());
        switch (kind) {
            case LEASE -> setString(ps, p++, t.worker() == null ? null : t.worker().value());
            case START -> setInstant(ps, p++, t.at());
            case RELEASE -> {
                // nothing else: the task is as it was before the lease
            }
            case END, PREEMPT -> {
                TaskResult r = t.result();
                setInstant(ps, p++, startedAtIfMissing(t));
                setInstant(ps, p++, t.to().isTerminal() ? t.at() : null);
                ps.setInt(p++, t.attempt());
                p = bindResult(ps, p, r);
            }
        }
        ps.setString(p++, t.task().value());
        ps.setInt(p++, t.attempt());
        Iterator<TaskState> states = t.from().iterator();
        String first = states.next().name();
        ps.setString(p++, first);
        for (int slot = 1; slot < FROM_SLOTS; slot++) {
            ps.setString(p++, states.hasNext() ? states.next().name() : first);
        }
    }

    /**
     * The start of an attempt that ended on its worker, for a task whose start is not stored: its
     * end less the duration its worker measured. The coordinator writes a start alone with a later
     * commit, and a concurrent commit may carry the end first; the start then no longer applies.
     * {@code null} (nothing to fill in) for a task that never ran: cancelled while queued, or lost
     * without a result.
     */
    private static Instant startedAtIfMissing(Transition t) {
        Duration ran = t.result().duration();
        if (t.from().contains(TaskState.QUEUED) || ran == null || ran.isZero() || ran.isNegative()) {
            return null;
        }
        return t.at().minus(ran);
    }

    /** Binds status, duration, exit code, message, artifacts, metrics, log path and log tail. */
    private int bindResult(PreparedStatement ps, int p, TaskResult r) throws SQLException {
        ps.setString(p++, r.status().name());
        setDuration(ps, p++, r.duration());
        setInt(ps, p++, r.exitCode());
        setString(ps, p++, r.message());
        setString(ps, p++, r.artifacts().isEmpty() ? null : json.write(r.artifacts()));
        setString(ps, p++, r.metrics().isEmpty() ? null : json.write(r.metrics()));
        setString(ps, p++, r.logPath());
        setString(ps, p++, r.logTail());
        return p;
    }

    private static void openAttempts(Statements statements, List<Transition> transitions, List<Integer> done)
            throws SQLException {
        batch(statements, OPEN_ATTEMPT, transitions, done, (ps, t) -> {
            ps.setString(1, t.task().value());
            ps.setInt(2, t.newAttempt());
            setString(ps, 3, t.worker() == null ? null : t.worker().value());
            setInstant(ps, 4, t.at());
        });
    }

    /** Removes the record of each released attempt: it never ran. */
    private static void dropAttempts(Statements statements, List<Transition> transitions, List<Integer> done)
            throws SQLException {
        batch(statements, DROP_ATTEMPT, transitions, done, (ps, t) -> {
            ps.setString(1, t.task().value());
            ps.setInt(2, t.attempt());
        });
    }

    /** Sets a statement's parameters for one transition. */
    private interface Binder {
        void bind(PreparedStatement ps, Transition t) throws SQLException;
    }

    /** Runs {@code sql} for each transition of {@code done}, in one batch. */
    private static void batch(Statements statements, String sql, List<Transition> transitions, List<Integer> done,
                              Binder binder) throws SQLException {
        if (done.isEmpty()) {
            return;
        }
        PreparedStatement ps = statements.get(sql);
        for (int i : done) {
            binder.bind(ps, transitions.get(i));
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /**
     * Ends the open attempt record of each ended task with its result, and keeps the result's test
     * cases under that attempt; a result that ended no attempt (e.g. cancelled while queued) keeps
     * them under attempt 0.
     */
    private void closeAttempts(Statements statements, List<Transition> transitions, List<Integer> done)
            throws SQLException {
        if (done.isEmpty()) {
            return;
        }
        PreparedStatement close = statements.get(CLOSE_ATTEMPT);
        for (int i : done) {
            Transition t = transitions.get(i);
            setInstant(close, 1, t.at());
            bindResult(close, 2, t.result());
            close.setBoolean(10, t.preempted());
            close.setString(11, t.task().value());
            close.setInt(12, t.attempt());
            close.addBatch();
        }
        int[] closed = close.executeBatch();
        PreparedStatement insert = null;
        for (int k = 0; k < done.size(); k++) {
            Transition t = transitions.get(done.get(k));
            int attempt = t.attempt();
            if (!updated(closed[k])) {
                attempt = 0;
                PreparedStatement noAttempt = statements.get(RESULT_WITHOUT_ATTEMPT);
                noAttempt.setString(1, t.task().value());
                noAttempt.executeUpdate();
                PreparedStatement clear = statements.get(CLEAR_RESULT_TEST_CASES);
                clear.setString(1, t.task().value());
                clear.executeUpdate();
            }
            List<TestCaseResult> cases = t.result().testCases();
            for (int ord = 0; ord < cases.size(); ord++) {
                insert = insert == null ? statements.get(INSERT_TEST_CASE) : insert;
                bindTestCase(insert, t.task().value(), attempt, ord, cases.get(ord), t.at());
                insert.addBatch();
            }
        }
        if (insert != null) {
            insert.executeBatch();
        }
    }

    private void bindTestCase(PreparedStatement ps, String task, int attempt, int ord, TestCaseResult tc,
                              Instant finishedAt) throws SQLException {
        ps.setString(1, task);
        ps.setInt(2, attempt);
        ps.setInt(3, ord);
        setString(ps, 4, tc.suite());
        setString(ps, 5, tc.className());
        setString(ps, 6, tc.name());
        setString(ps, 7, tc.status() == null ? null : tc.status().name());
        setDuration(ps, 8, tc.duration());
        setString(ps, 9, tc.message());
        setString(ps, 10, tc.details());
        ps.setBoolean(11, tc.flaky());
        setString(ps, 12, topLevelClass(tc.className()));
        ps.setString(13, tc.id().value());
        setInstant(ps, 14, finishedAt);
        setString(ps, 15, tc.properties().isEmpty() ? null : json.write(tc.properties()));
        setString(ps, 16, tc.systemOut());
        setString(ps, 17, tc.systemErr());
    }

    /** {@code a.Outer} for {@code a.Outer$Inner}: a nested class's test cases count for the class that holds it. */
    static String topLevelClass(String className) {
        int nested = className == null ? -1 : className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    private static boolean updated(int count) throws SQLException {
        if (count == Statement.SUCCESS_NO_INFO) {
            throw new SQLException("the JDBC driver reports no update counts for batches; fencing needs them");
        }
        return count > 0;
    }

    /** Closes the statements kept from the last call (its connection is closed or goes away). */
    synchronized void forget() {
        if (statements != null) {
            try {
                statements.close();
            } catch (SQLException e) {
                // the connection is gone: so are its statements
            }
            statements = null;
        }
    }

    /** Prepared statements on one connection, each prepared once and closed together. */
    private static final class Statements implements AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        @Override
        public void close() throws SQLException {
            SQLException failure = null;
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
