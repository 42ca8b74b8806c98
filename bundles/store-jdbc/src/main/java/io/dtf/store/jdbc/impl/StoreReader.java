package io.dtf.store.jdbc.impl;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The queries of the store, each on one connection. */
final class StoreReader {
    private static final String PAGE = " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";
    /** Values of one IN list: well below PostgreSQL's limit of 32,767 parameters per statement. */
    private static final int IN_LIST_LIMIT = 1000;
    /**
     * Values of one IN list in the lookups of many tasks or tests at once: H2 compares every row it reads with each
     * value of a list of parameters, so that one list of 1,000 costs far more than ten of 100.
     */
    private static final int LOOKUP_LIST_LIMIT = 100;
    /** Keys of one list of rows read by key on H2 (measured: 20 a statement reads 1,000 rows faster than 1 or 100). */
    private static final int H2_ROW_LIST_LIMIT = 20;
    /** A label of at most this many runs is searched through its index rather than checked run by run. */
    private static final long FEW_RUNS = 1000;
    /** Joins the attempt (its worker) of each test case of {@code test_cases tc}; none for attempt 0. */
    private static final String ATTEMPT_OF_TEST_CASE =
            " LEFT JOIN attempts a ON a.task_id = tc.task_id AND a.attempt = tc.attempt";

    private final Database db;
    private final Rows rows;

    StoreReader(Database db, Json json) {
        this.db = db;
        this.rows = new Rows(json);
    }

    Optional<TestRun> run(RunId id) {
        return db.read("reading run " + id, c -> Optional.ofNullable(loadRun(c, id, true)));
    }

    Optional<RunSummary> runSummary(RunId id) {
        return db.read("reading run " + id, c -> {
            TestRun run = loadRun(c, id, false);
            return run == null ? Optional.empty() : Optional.of(summaries(c, List.of(run)).get(0));
        });
    }

    List<RunSummary> runs(RunQuery query) {
        return db.read("listing runs", c -> {
            Filter filter = runFilter(c, query);
            List<TestRun> runs = new ArrayList<>();
            String sql = "SELECT " + Rows.RUN_COLUMNS + " FROM runs r" + filter.where() + " ORDER BY r.seq DESC" + PAGE;
            try (PreparedStatement ps = filter.prepare(c, sql, query.page()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(rows.run(rs, false));
                }
            }
            return runs.isEmpty() ? List.of() : summaries(c, runs);
        });
    }

    Optional<Task> task(TaskId id) {
        return db.read("reading task " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.TASK_COLUMNS + " FROM tasks t WHERE t.id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Integer resultAttempt = Rows.resultAttempt(rs);
                    List<TestCaseResult> cases = resultAttempt == null ? List.of() : testCasesOf(c, id, resultAttempt);
                    return Optional.of(rows.task(rs, cases));
                }
            }
        });
    }

    List<Task> tasks(TaskQuery query) {
        return db.read("listing tasks", c -> {
            Filter filter = taskFilter(query);
            List<Task> tasks = new ArrayList<>();
            String sql = "SELECT " + Rows.TASK_COLUMNS + " FROM tasks t" + filter.where() + " ORDER BY t.seq" + PAGE;
            try (PreparedStatement ps = filter.prepare(c, sql, query.page()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(rows.task(rs, List.of()));
                }
            }
            return tasks;
        });
    }

    long countTasks(TaskQuery query) {
        return db.read("counting tasks", c -> {
            Filter filter = taskFilter(query);
            try (PreparedStatement ps = filter.prepare(c, "SELECT COUNT(*) FROM tasks t" + filter.where(), null);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    List<AttemptRecord> attempts(TaskId id) {
        return db.read("reading attempts of " + id, c -> {
            List<AttemptRecord> attempts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + Rows.ATTEMPT_COLUMNS + " FROM attempts a WHERE a.task_id = ? ORDER BY a.attempt")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.add(Rows.attempt(rs));
                    }
                }
            }
            return attempts;
        });
    }

    /** Mean duration of the latest {@code perKey} passed attempts per plan/task name. */
    Map<String, Duration> durationHistory(int perKey) {
        return db.read("reading duration history", c -> {
            Map<String, long[]> sums = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.name, t.name, a.duration_us FROM attempts a"
                    + " JOIN tasks t ON t.id = a.task_id JOIN runs r ON r.id = t.run_id"
                    + " WHERE a.state = 'PASSED' AND a.duration_us IS NOT NULL ORDER BY a.finished_at DESC");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] sum = sums.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new long[2]);
                    if (sum[1] < perKey) {
                        sum[0] += rs.getLong(3);
                        sum[1]++;
                    }
                }
            }
            Map<String, Duration> means = new HashMap<>();
            sums.forEach((key, sum) -> means.put(key, Duration.ofNanos(sum[0] / sum[1] * 1000)));
            return means;
        });
    }

    /**
     * For each class, the median of its time in each of its latest {@code runs} runs: the sum of its test cases'
     * durations in the latest result of each task of the run (see {@code TaskStore.testClassDurations}). Two
     * queries without a join over test cases: the classes' time per task attempt, summed from
     * {@code test_cases_by_class} alone; then, for the few tasks found, which attempt is their result and in which
     * run. Each in statements of at most {@link #IN_LIST_LIMIT} values.
     */
    Map<String, Duration> testClassDurations(Collection<String> classNames, int runs) {
        return db.read("reading test class durations", c -> {
            List<ClassTime> times = new ArrayList<>();
            inBatches(c, "SELECT test_class, task_id, attempt, SUM(duration_us) FROM test_cases WHERE test_class IN ",
                    " GROUP BY test_class, task_id, attempt", List.copyOf(new LinkedHashSet<>(classNames)), rs -> {
                        long micros = rs.getLong(4);
                        if (!rs.wasNull()) {
                            times.add(new ClassTime(rs.getString(1), rs.getString(2), rs.getInt(3), micros));
                        }
                    });
            Map<String, TaskResultRun> results = new HashMap<>();
            inBatches(c, "SELECT t.id, t.result_attempt, r.seq FROM tasks t JOIN runs r ON r.id = t.run_id"
                    + " WHERE t.result_attempt IS NOT NULL AND t.id IN ", "",
                    times.stream().map(ClassTime::task).distinct().toList(),
                    rs -> results.put(rs.getString(1), new TaskResultRun(rs.getInt(2), rs.getLong(3))));
            Map<String, Map<Long, Long>> perRun = new HashMap<>(); // class -> run order, newest first -> micros
            for (ClassTime time : times) {
                TaskResultRun result = results.get(time.task());
                if (result != null && result.attempt() == time.attempt()) {
                    perRun.computeIfAbsent(time.testClass(), k -> new TreeMap<>(Comparator.reverseOrder()))
                            .merge(result.runSeq(), time.micros(), Long::sum);
                }
            }
            Map<String, Duration> medians = new HashMap<>();
            perRun.forEach((name, byRun) -> medians.put(name,
                    Duration.ofNanos(median(byRun.values().stream().limit(runs).toList()) * 1000)));
            return medians;
        });
    }

    /** A class's time in one attempt of a task. */
    private record ClassTime(String testClass, String task, int attempt, long micros) {
    }

    /** Which attempt holds a task's latest result, and the order of its run. */
    private record TaskResultRun(int attempt, long runSeq) {
    }

    /** Runs {@code head (?, ?, …) tail} for each batch of {@code values}, handing every row to {@code row}. */
    private static void inBatches(Connection c, String head, String tail, List<String> values, RowReader row)
            throws SQLException {
        for (int from = 0; from < values.size(); from += IN_LIST_LIMIT) {
            List<String> batch = values.subList(from, Math.min(values.size(), from + IN_LIST_LIMIT));
            String in = batch.stream().map(v -> "?").collect(Collectors.joining(", ", "(", ")"));
            try (PreparedStatement ps = c.prepareStatement(head + in + tail)) {
                bind(ps, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.read(rs);
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** The middle value; for an even count, the mean of the two in the middle. */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    List<StoredTestCase> testCases(TestCaseQuery query) {
        return db.read("listing test cases", c -> {
            Filter filter = new Filter();
            filter.equal("t.run_id", query.run() == null ? null : query.run().value());
            filter.equal("t.id", query.task() == null ? null : query.task().value());
            filter.in("tc.status", query.statuses());
            String sql = "SELECT " + Rows.STORED_TEST_CASE_COLUMNS + " FROM tasks t JOIN test_cases tc ON tc.task_id = t.id"
                    + (query.allAttempts() ? "" : " AND tc.attempt = t.result_attempt") + ATTEMPT_OF_TEST_CASE
                    + filter.where() + (query.allAttempts()
                            ? " ORDER BY t.seq, COALESCE(tc.class_name, ''), tc.name, tc.attempt, tc.ord"
                            : " ORDER BY t.seq, tc.ord") + PAGE;
            try (PreparedStatement ps = filter.prepare(c, sql, query.page())) {
                return storedTestCases(ps);
            }
        });
    }

    /**
     * The test cases of each task's latest result with one of {@code statuses} (see {@code TaskStore.latestTestCases}):
     * one query per {@link #LOOKUP_LIST_LIMIT} tasks, each task's in report order, at most {@code perTask} each.
     */
    Map<TaskId, List<StoredTestCase>> latestTestCases(List<String> tasks, Set<TestCaseStatus> statuses, int perTask) {
        return db.read("listing the test cases of " + tasks.size() + " tasks", c -> {
            List<String> names = statuses.stream().map(Enum::name).sorted().toList();
            String status = names.isEmpty() ? "" : " AND tc.status IN "
                    + names.stream().map(n -> "?").collect(Collectors.joining(", ", "(", ")"));
            Map<TaskId, List<StoredTestCase>> cases = new LinkedHashMap<>();
            for (int from = 0; from < tasks.size(); from += LOOKUP_LIST_LIMIT) {
                List<String> batch = tasks.subList(from, Math.min(tasks.size(), from + LOOKUP_LIST_LIMIT));
                String in = batch.stream().map(v -> "?").collect(Collectors.joining(", ", "(", ")"));
                try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.STORED_TEST_CASE_COLUMNS
                        + " FROM tasks t JOIN test_cases tc ON tc.task_id = t.id AND tc.attempt = t.result_attempt"
                        + ATTEMPT_OF_TEST_CASE + " WHERE t.id IN " + in + status + " ORDER BY t.seq, tc.ord")) {
                    bind(ps, batch);
                    for (int i = 0; i < names.size(); i++) {
                        ps.setString(batch.size() + i + 1, names.get(i));
                    }
                    for (StoredTestCase found : storedTestCases(ps)) {
                        List<StoredTestCase> ofTask = cases.computeIfAbsent(found.task(), t -> new ArrayList<>());
                        if (ofTask.size() < perTask) {
                            ofTask.add(found);
                        }
                    }
                }
            }
            return cases;
        });
    }

    /**
     * Every attempt that reported the test, newest first: which ones from {@code test_cases_by_test_status} alone (a test
     * run a thousand times has a thousand entries there, and no row is read for them), then those rows.
     */
    List<StoredTestCase> testHistory(TestId test, int limit) {
        return db.read("reading the history of test " + test, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.STORED_TEST_CASE_COLUMNS
                    + " FROM (SELECT task_id, attempt, ord, finished_at FROM test_cases WHERE test_id = ?"
                    + " ORDER BY finished_at DESC FETCH FIRST ? ROWS ONLY) latest"
                    + " JOIN test_cases tc ON tc.task_id = latest.task_id AND tc.attempt = latest.attempt"
                    + " AND tc.ord = latest.ord JOIN tasks t ON t.id = tc.task_id" + ATTEMPT_OF_TEST_CASE
                    + " ORDER BY latest.finished_at DESC, tc.attempt DESC")) {
                ps.setString(1, test.value());
                ps.setInt(2, limit);
                return storedTestCases(ps);
            }
        });
    }

    /**
     * The latest outcome of each test in a run other than {@code excludingRun} (see
     * {@code TaskStore.previousOutcomes}): which outcome, from {@link #latestOutside} (the index alone), then each of
     * those rows by its key, with one statement. Faster on H2 by far than one query that numbers each test's outcomes
     * with a window function, or that reads the rows with IN lists.
     */
    Map<TestId, StoredTestCase> previousOutcomes(List<String> tests, RunId excludingRun) {
        return db.read("reading the previous outcomes of " + tests.size() + " tests", c -> {
            Map<String, Object[]> latest = latestOutside(c, tests, excludingRun);
            Map<TestId, StoredTestCase> outcomes = new HashMap<>();
            if (latest.isEmpty()) {
                return outcomes;
            }
            String rowsOf = "SELECT " + Rows.STORED_TEST_CASE_COLUMNS + " FROM test_cases tc JOIN tasks t"
                    + " ON t.id = tc.task_id" + ATTEMPT_OF_TEST_CASE + " WHERE ";
            List<Object[]> places = List.copyOf(latest.values());
            // H2 compares each row with every value of the list; PostgreSQL is a round trip away
            int perStatement = db.dialect() == Dialect.H2 ? H2_ROW_LIST_LIMIT : LOOKUP_LIST_LIMIT;
            for (int from = 0; from < places.size(); from += perStatement) {
                List<Object[]> batch = places.subList(from, Math.min(places.size(), from + perStatement));
                try (PreparedStatement ps = c.prepareStatement(rowsOf + "(tc.task_id, tc.attempt, tc.ord) IN "
                        + batch.stream().map(v -> "(?, ?, ?)").collect(Collectors.joining(", ", "(", ")")))) {
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setString(3 * i + 1, (String) batch.get(i)[0]);
                        ps.setInt(3 * i + 2, (Integer) batch.get(i)[1]);
                        ps.setInt(3 * i + 3, (Integer) batch.get(i)[2]);
                    }
                    storedTestCases(ps).forEach(outcome -> outcomes.put(outcome.test(), outcome));
                }
            }
            return outcomes;
        });
    }

    /** The status of each test's latest outcome in a run other than {@code excludingRun}, from the index alone. */
    Map<TestId, TestCaseStatus> previousStatuses(List<String> tests, RunId excludingRun) {
        return db.read("reading the previous statuses of " + tests.size() + " tests", c -> {
            Map<TestId, TestCaseStatus> statuses = new HashMap<>();
            latestOutside(c, tests, excludingRun).forEach((test, place) -> statuses.put(TestId.of(test),
                    TestCaseStatus.valueOf((String) place[3])));
            return statuses;
        });
    }

    /**
     * Where each test's latest outcome in a run other than {@code excludingRun} is (test id -> task id, attempt, ord,
     * status), from {@code test_cases_by_test_status} alone: each test's outcomes newest first, in one query per
     * {@link #LOOKUP_LIST_LIMIT} tests; the run is read from the task id. No row is read.
     */
    private static Map<String, Object[]> latestOutside(Connection c, List<String> tests, RunId excludingRun)
            throws SQLException {
        Map<String, Object[]> latest = new HashMap<>();
        for (int from = 0; from < tests.size(); from += LOOKUP_LIST_LIMIT) {
            List<String> batch = tests.subList(from, Math.min(tests.size(), from + LOOKUP_LIST_LIMIT));
            String in = batch.stream().map(v -> "?").collect(Collectors.joining(", ", "(", ")"));
            try (PreparedStatement ps = c.prepareStatement("SELECT test_id, task_id, attempt, ord, status FROM test_cases"
                    + " WHERE test_id IN " + in + " ORDER BY test_id, finished_at DESC, attempt DESC")) {
                bind(ps, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String task = rs.getString(2);
                        if (!TaskId.of(task).runId().equals(excludingRun)) {
                            latest.putIfAbsent(rs.getString(1), new Object[] {task, rs.getInt(3), rs.getInt(4),
                                    rs.getString(5)});
                        }
                    }
                }
            }
        }
        return latest;
    }

    /**
     * The tests of a run, or of the latest runs, by mean duration in the latest result of each task. The latest
     * runs are looked up first; the durations of their tasks' test cases are then read from
     * {@code test_cases_by_attempt} alone (no row is read) and summed up by test id here, faster than H2 groups
     * them; last, the names of the slowest. Test cases stored before schema 6 count once the backfill gave them
     * their ids.
     */
    List<SlowTest> slowestTests(SlowestTestsQuery query) {
        return db.read("finding the slowest tests", c -> {
            List<String> runs = new ArrayList<>();
            if (query.run() != null) {
                runs.add(query.run().value());
            } else {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                    ps.setInt(1, query.recentRuns());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            runs.add(rs.getString(1));
                        }
                    }
                }
            }
            if (runs.isEmpty()) {
                return List.of();
            }
            // durations from test_cases_by_attempt alone, summed up here; then the names of the slowest
            Map<String, long[]> byTest = new HashMap<>(); // test id -> total, max, count
            String in = runs.stream().map(id -> "?").collect(Collectors.joining(", ", "(", ")"));
            try (PreparedStatement ps = c.prepareStatement("SELECT tc.test_id, tc.duration_us FROM tasks t"
                    + " JOIN test_cases tc ON tc.task_id = t.id AND tc.attempt = t.result_attempt"
                    + " WHERE t.run_id IN " + in + " AND tc.test_id IS NOT NULL AND tc.duration_us IS NOT NULL")) {
                bind(ps, runs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long micros = rs.getLong(2);
                        long[] time = byTest.computeIfAbsent(rs.getString(1), id -> new long[3]);
                        time[0] += micros;
                        time[1] = Math.max(time[1], micros);
                        time[2]++;
                    }
                }
            }
            List<Map.Entry<String, long[]>> slowest = byTest.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0] / e.getValue()[2])
                            .reversed())
                    .limit(query.limit()).toList();
            List<SlowTest> tests = new ArrayList<>(slowest.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT suite, class_name, name FROM test_cases"
                    + " WHERE test_id = ? FETCH FIRST 1 ROWS ONLY")) {
                for (Map.Entry<String, long[]> e : slowest) {
                    ps.setString(1, e.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long[] time = e.getValue();
                        tests.add(new SlowTest(TestId.of(e.getKey()), rs.getString(1), rs.getString(2), rs.getString(3),
                                Columns.duration(time[0] / time[2]), Columns.duration(time[1]), (int) time[2]));
                    }
                }
            }
            return tests;
        });
    }

    private List<StoredTestCase> storedTestCases(PreparedStatement ps) throws SQLException {
        List<StoredTestCase> cases = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                cases.add(rows.storedTestCase(rs));
            }
        }
        return cases;
    }

    private TestRun loadRun(Connection c, RunId id, boolean withPlan) throws SQLException {
        String columns = withPlan ? Rows.RUN_COLUMNS + ", " + Rows.PLAN_COLUMN : Rows.RUN_COLUMNS;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM runs r WHERE r.id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rows.run(rs, withPlan) : null;
            }
        }
    }

    private List<TestCaseResult> testCasesOf(Connection c, TaskId id, int attempt) throws SQLException {
        List<TestCaseResult> cases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.TEST_CASE_COLUMNS
                + " FROM test_cases tc WHERE tc.task_id = ? AND tc.attempt = ? ORDER BY tc.ord")) {
            ps.setString(1, id.value());
            ps.setInt(2, attempt);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cases.add(rows.testCase(rs));
                }
            }
        }
        return cases;
    }

    /** Summaries of {@code runs}, in their order: two grouped queries for all of them. */
    private static List<RunSummary> summaries(Connection c, List<TestRun> runs) throws SQLException {
        List<String> ids = runs.stream().map(r -> r.id().value()).toList();
        String in = ids.stream().map(id -> "?").collect(Collectors.joining(", ", "(", ")"));
        Map<String, Map<TaskState, Integer>> counts = new HashMap<>();
        Map<String, Long> lastFinished = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, state, COUNT(*) AS n, MAX(finished_at) AS last"
                + " FROM tasks WHERE run_id IN " + in + " GROUP BY run_id, state")) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String run = rs.getString("run_id");
                    counts.computeIfAbsent(run, k -> new EnumMap<>(TaskState.class))
                            .put(TaskState.valueOf(rs.getString("state")), rs.getInt("n"));
                    Long last = Columns.getLong(rs, "last");
                    if (last != null) {
                        lastFinished.merge(run, last, Math::max);
                    }
                }
            }
        }
        Map<String, int[]> testCases = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.run_id, COUNT(*) AS n, "
                + "SUM(CASE WHEN tc.status IN ('FAILED', 'ERROR') THEN 1 ELSE 0 END) AS failed"
                + " FROM tasks t JOIN test_cases tc ON tc.task_id = t.id AND tc.attempt = t.result_attempt"
                + " WHERE t.run_id IN " + in + " GROUP BY t.run_id")) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    testCases.put(rs.getString("run_id"), new int[] {rs.getInt("n"), rs.getInt("failed")});
                }
            }
        }
        List<RunSummary> summaries = new ArrayList<>();
        for (TestRun run : runs) {
            String id = run.id().value();
            TaskCounts taskCounts = new TaskCounts(counts.getOrDefault(id, Map.of()));
            boolean finished = taskCounts.total() > 0 && taskCounts.finished() == taskCounts.total();
            Long last = lastFinished.get(id);
            Instant finishedAt = finished && last != null ? Columns.instant(last) : null;
            int[] tc = testCases.getOrDefault(id, new int[2]);
            summaries.add(new RunSummary(run, taskCounts.runState(), taskCounts, finishedAt, tc[0], tc[1]));
        }
        return summaries;
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }

    /**
     * The run query's conditions: tenant and CI context on the run's columns, and each label by a condition of its
     * own on {@code run_labels} (their aliases differ). The label that the fewest runs have, when they are at most
     * {@link #FEW_RUNS}, picks its runs through {@code run_labels_by_label}; every other label is checked run by run
     * as the runs are read newest first, which finds a page of a common label soonest.
     */
    private static Filter runFilter(Connection c, RunQuery query) throws SQLException {
        Filter filter = new Filter();
        filter.equal("r.tenant", query.tenant());
        filter.equal("r.ci_provider", query.provider());
        filter.equal("r.ci_repository", query.repository());
        filter.equal("r.ci_commit", query.commit());
        filter.equal("r.ci_branch", query.branch());
        if (query.pullRequest() != null) {
            filter.condition("r.ci_pull_request = CAST(? AS INTEGER)", query.pullRequest().toString());
        }
        String rarest = null;
        long fewest = FEW_RUNS + 1;
        for (Map.Entry<String, String> label : new TreeMap<>(query.labels()).entrySet()) {
            long runs = runsWithLabel(c, label.getKey(), label.getValue());
            if (runs < fewest) {
                rarest = label.getKey();
                fewest = runs;
            }
        }
        int n = 0;
        for (Map.Entry<String, String> label : new TreeMap<>(query.labels()).entrySet()) {
            String l = "l" + ++n;
            String matches = " FROM run_labels " + l + " WHERE " + l + ".label_name = ? AND " + l + ".label_value = ?";
            filter.condition(label.getKey().equals(rarest) ? "r.id IN (SELECT " + l + ".run_id" + matches + ")"
                    : "EXISTS (SELECT 1" + matches + " AND " + l + ".run_id = r.id)", label.getKey(), label.getValue());
        }
        return filter;
    }

    /** How many runs have the label, counted on {@code run_labels_by_label} up to {@link #FEW_RUNS} + 1. */
    private static long runsWithLabel(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 AS x FROM run_labels"
                + " WHERE label_name = ? AND label_value = ? FETCH FIRST ? ROWS ONLY) few")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.setLong(3, FEW_RUNS + 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Filter taskFilter(TaskQuery query) {
        Filter filter = new Filter();
        filter.equal("t.run_id", query.run() == null ? null : query.run().value());
        filter.in("t.state", query.states());
        filter.equal("t.worker", query.worker() == null ? null : query.worker().value());
        return filter;
    }

    /** A WHERE clause of optional conditions, and its parameters. */
    private static final class Filter {
        private final Map<String, List<String>> conditions = new LinkedHashMap<>();

        void equal(String column, String value) {
            if (value != null) {
                conditions.put(column + " = ?", List.of(value));
            }
        }

        /** A condition of its own SQL with these parameters. */
        void condition(String sql, String... values) {
            conditions.put(sql, List.of(values));
        }

        void in(String column, Collection<? extends Enum<?>> values) {
            if (!values.isEmpty()) {
                List<String> names = values.stream().map(Enum::name).sorted().toList();
                conditions.put(column + " IN " + names.stream().map(n -> "?").collect(Collectors.joining(", ", "(", ")")),
                        names);
            }
        }

        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions.keySet());
        }

        /** Prepares {@code sql} with the filter's parameters and then, when {@code page} is given, the page's. */
        PreparedStatement prepare(Connection c, String sql, Page page) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            try {
                int p = 1;
                for (List<String> values : conditions.values()) {
                    for (String value : values) {
                        ps.setString(p++, value);
                    }
                }
                if (page != null) {
                    ps.setInt(p++, page.offset());
                    ps.setInt(p, page.limit());
                }
                return ps;
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
        }
    }
}
