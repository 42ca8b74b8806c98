package io.dtf.store.jdbc.impl;

import io.dtf.api.task.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Deletes the test cases of runs older than the configured age, or beyond the configured number of latest runs.
 * Runs, tasks and attempts stay (they are small, and a run's page still shows its outcome and counts); the test
 * cases of a run that still has unfinished tasks stay until it has finished. Deletes go in transactions of at most
 * {@code batchRows} rows, each a range of one task attempt's primary key, so that none holds many locks or long:
 * the coordinator's commits pass between them.
 */
final class TestCaseRetention {
    /** Runs looked at per query while looking for runs to purge. */
    private static final int RUNS_PER_PAGE = 100;
    private static final String UNFINISHED = List.of(TaskState.values()).stream().filter(s -> !s.isTerminal())
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    /**
     * What to keep.
     *
     * @param maxAge test cases of runs submitted longer ago are purged; {@code null} or zero: any age
     * @param maxRuns test cases of runs older than the latest {@code maxRuns} are purged; 0: any number
     */
    record Policy(Duration maxAge, int maxRuns) {
        Policy {
            maxAge = maxAge == null || maxAge.isZero() || maxAge.isNegative() ? null : maxAge;
            maxRuns = Math.max(0, maxRuns);
        }

        boolean keepsAll() {
            return maxAge == null && maxRuns == 0;
        }

        @Override
        public String toString() {
            List<String> limits = new ArrayList<>();
            if (maxAge != null) {
                limits.add("at most " + maxAge.toDays() + " days old");
            }
            if (maxRuns > 0) {
                limits.add("of the latest " + maxRuns + " runs");
            }
            return limits.isEmpty() ? "keep all" : "keep test cases " + String.join(" and ", limits);
        }
    }

    /** What one pass purged. */
    record Purged(long testCases, int runs, int batches) {
    }

    private final Database db;
    private final Policy policy;
    private final int batchRows;
    private final Clock clock;
    /** Runs up to this {@code seq} are purged already (or were when they were last looked at). */
    private long purgedUpTo;

    TestCaseRetention(Database db, Policy policy, int batchRows, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.batchRows = batchRows;
        this.clock = clock;
    }

    Policy policy() {
        return policy;
    }

    /** One pass over the runs past the policy's limits; one thread at a time. */
    synchronized Purged purge() {
        if (policy.keepsAll()) {
            return new Purged(0, 0, 0);
        }
        long seqLimit = policy.maxRuns() == 0 ? Long.MIN_VALUE : db.read("finding the oldest run kept", this::oldestKept);
        long submittedBefore = policy.maxAge() == null ? Long.MIN_VALUE
                : Columns.micros(clock.instant().minus(policy.maxAge()));
        long testCases = 0;
        int runs = 0;
        int batches = 0;
        Long firstUnfinished = null;
        List<Candidate> page;
        long from = purgedUpTo;
        do {
            long after = from;
            page = db.read("finding runs to purge", c -> candidates(c, after, seqLimit, submittedBefore));
            for (Candidate run : page) {
                from = run.seq();
                if (unfinished(run.id())) {
                    firstUnfinished = firstUnfinished == null ? run.seq() : firstUnfinished;
                    continue;
                }
                long before = testCases;
                for (AttemptRange range : db.read("listing the test cases of run " + run.id(), c -> ranges(c, run.id()))) {
                    for (int low = range.minOrd(); low <= range.maxOrd(); low += batchRows) {
                        int fromOrd = low;
                        testCases += db.inTransaction("purging test cases of " + range.task(),
                                c -> delete(c, range, fromOrd, fromOrd + batchRows));
                        batches++;
                    }
                }
                runs += testCases > before ? 1 : 0;
            }
        } while (page.size() == RUNS_PER_PAGE);
        purgedUpTo = firstUnfinished == null ? Math.max(purgedUpTo, from) : firstUnfinished - 1;
        return new Purged(testCases, runs, batches);
    }

    /** A run past a limit. */
    private record Candidate(long seq, String id) {
    }

    /** The {@code seq} of the oldest of the latest {@code maxRuns} runs: older ones are purged. */
    private long oldestKept(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM runs ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
            ps.setInt(1, policy.maxRuns() - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        }
    }

    /** Runs after {@code after} (by seq) past a limit, oldest first. */
    private static List<Candidate> candidates(Connection c, long after, long seqLimit, long submittedBefore)
            throws SQLException {
        List<Candidate> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, id FROM runs WHERE seq > ? AND (seq < ? "
                + "OR submitted_at < ?) ORDER BY seq FETCH FIRST " + RUNS_PER_PAGE + " ROWS ONLY")) {
            ps.setLong(1, after);
            ps.setLong(2, seqLimit);
            ps.setLong(3, submittedBefore);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Candidate(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return runs;
    }

    private boolean unfinished(String run) {
        return db.read("checking run " + run, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tasks WHERE run_id = ? AND state IN "
                    + UNFINISHED)) {
                ps.setString(1, run);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    /** The test cases of one attempt of a task: the primary keys from {@code (task, attempt, minOrd)} to {@code maxOrd}. */
    private record AttemptRange(String task, int attempt, int minOrd, int maxOrd) {
    }

    private static List<AttemptRange> ranges(Connection c, String run) throws SQLException {
        List<AttemptRange> ranges = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tc.task_id, tc.attempt, MIN(tc.ord), MAX(tc.ord) "
                + "FROM tasks t JOIN test_cases tc ON tc.task_id = t.id WHERE t.run_id = ? "
                + "GROUP BY tc.task_id, tc.attempt")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranges.add(new AttemptRange(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return ranges;
    }

    private static int delete(Connection c, AttemptRange range, int fromOrd, int toOrd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM test_cases WHERE task_id = ? AND attempt = ? AND ord >= ? AND ord < ?")) {
            ps.setString(1, range.task());
            ps.setInt(2, range.attempt());
            ps.setInt(3, fromOrd);
            ps.setInt(4, toOrd);
            return ps.executeUpdate();
        }
    }
}
