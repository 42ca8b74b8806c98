package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Columns.setDuration;
import static io.dtf.store.jdbc.impl.Columns.setInstant;
import static io.dtf.store.jdbc.impl.Columns.setString;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog;
import io.dtf.api.store.TaskStore;
import io.dtf.api.store.Transition;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TaskStore} on JDBC: an H2 file database under {@code ${karaf.data}/dtf/store} by default,
 * or PostgreSQL. Every method that returns has committed: H2 runs with {@code WRITE_DELAY 0}.
 */
@Component(service = {TaskStore.class, EventLog.class}, immediate = true, configurationPid = JdbcTaskStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JdbcStoreConfig.class)
public class JdbcTaskStore implements TaskStore, EventLog {
    public static final String PID = "io.dtf.store.jdbc";
    static final String DEFAULT_URL = "jdbc:h2:file:${karaf.data}/dtf/store";

    /** At most this many single transitions share one transaction. */
    private static final int GROUP_COMMIT_LIMIT = 1000;
    /** Rows per transaction of the background work on test cases: each a few milliseconds. */
    private static final int UPKEEP_BATCH_ROWS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskStore.class);

    private Database db;
    private Json json;
    private TransitionWriter writer;
    private StoreReader reader;
    private GroupCommit groupCommit;
    /** Background work on test cases: their ids, their retention; only in OSGi, where it is configured. */
    private TestCaseUpkeep upkeep;
    private EventWriter eventWriter;
    private JdbcEventLog events;

    @Activate
    void activate(JdbcStoreConfig config) {
        start(resolveUrl(config.url(), System.getProperty("karaf.data")), config.user(), config._password(),
                config.maxConnections());
        upkeep = new TestCaseUpkeep(new TestIdBackfill(db, UPKEEP_BATCH_ROWS), new TestCaseRetention(db,
                new TestCaseRetention.Policy(Duration.ofDays(config.testCaseRetentionDays()),
                        config.testCaseRetentionRuns()), UPKEEP_BATCH_ROWS, Clock.systemUTC()),
                Duration.ofMinutes(Math.max(1, config.purgeIntervalMinutes())));
    }

    /** A store outside OSGi, for tests, tools and benchmarks; {@link #close()} it when done. */
    public static JdbcTaskStore open(String url, String user, String password, int maxConnections) {
        JdbcTaskStore store = new JdbcTaskStore();
        store.start(url, user, password, maxConnections);
        return store;
    }

    /** Closes a store made by {@link #open}. */
    public void close() {
        deactivate();
    }

    /** Opens the database, migrates its schema and makes the store ready. */
    void start(String url, String user, String password, int maxConnections) {
        Database database = Database.open(url, user, password, maxConnections);
        try {
            List<Integer> applied = Migrations.migrate(database);
            LOG.info("DTF task store on {} ({}), schema version {}{}", database.describe(), database.dialect(),
                    Migrations.latestVersion(), applied.isEmpty() ? "" : ", migrations applied now: " + applied);
        } catch (RuntimeException e) {
            database.shutdown();
            throw e;
        }
        this.json = new Json();
        this.writer = new TransitionWriter(json);
        this.reader = new StoreReader(database, json);
        this.groupCommit = new GroupCommit(this::write, GROUP_COMMIT_LIMIT);
        this.eventWriter = new EventWriter(json);
        this.events = new JdbcEventLog(database, eventWriter, json);
        this.db = database;
        events.start();
    }

    @Deactivate
    void deactivate() {
        if (upkeep != null) {
            upkeep.close();
        }
        if (db != null) {
            db.shutdown(); // later calls fail with STORE_UNAVAILABLE: the pool is closed
            LOG.info("DTF task store on {} closed", db.describe());
        }
    }

    /** The database, for the tests of the store's parts. */
    Database database() {
        return db;
    }

    /** {@code url} with {@code ${karaf.data}} replaced by {@code karafData}, or {@code ./data} when that is unset. */
    static String resolveUrl(String url, String karafData) {
        String configured = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        String data = karafData == null || karafData.isBlank() ? "./data" : karafData;
        return configured.replace("${karaf.data}", data.replace('\\', '/'));
    }

    @Override
    public RunId nextRunId() {
        return db.read("allocating a run id", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().nextValue("run_id_seq"));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return RunId.of("r" + rs.getLong(1));
            }
        });
    }

    @Override
    public List<Task> createRun(TestRun run, List<Task> tasks) {
        Objects.requireNonNull(run, "run");
        Set<String> ids = new HashSet<>();
        for (Task task : tasks) {
            if (!task.runId().equals(run.id())) {
                throw new DtfException(ErrorCode.INVALID_ARGUMENT,
                        "task " + task.id() + " belongs to run " + task.runId() + ", not " + run.id());
            }
            if (!ids.add(task.id().value())) {
                throw new DtfException(ErrorCode.INVALID_ARGUMENT, "task id " + task.id() + " appears twice");
            }
        }
        Instant submitted = run.submittedAt() == null ? Instant.now() : run.submittedAt();
        String what = "storing run " + run.id();
        Database.Work<List<Task>> work = c -> {
            long[] seqs = nextValues(c, "task_seq", tasks.size() + 1);
            insertRun(c, run, submitted, seqs[0]);
            List<Task> stored = new ArrayList<>(tasks.size());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tasks (id, run_id, seq, name, type, spec_json, "
                    + "requirements_json, priority, tenant, deadline, timeout_us, max_attempts, state, attempt, worker, "
                    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < tasks.size(); i++) {
                    Task t = stored(tasks.get(i), run, seqs[i + 1], submitted);
                    int p = 1;
                    ps.setString(p++, t.id().value());
                    ps.setString(p++, run.id().value());
                    ps.setLong(p++, t.seq());
                    ps.setString(p++, t.name());
                    ps.setString(p++, t.type());
                    ps.setString(p++, json.write(t.spec()));
                    ps.setString(p++, json.write(t.requirements()));
                    ps.setInt(p++, t.priority());
                    ps.setString(p++, t.tenant());
                    setInstant(ps, p++, t.deadline());
                    setDuration(ps, p++, t.timeout());
                    ps.setInt(p++, t.maxAttempts());
                    ps.setString(p++, t.state().name());
                    ps.setInt(p++, t.attempt());
                    setString(ps, p++, t.worker() == null ? null : t.worker().value());
                    setInstant(ps, p, t.createdAt());
                    ps.addBatch();
                    stored.add(t);
                }
                if (!tasks.isEmpty()) {
                    ps.executeBatch();
                }
            }
            eventWriter.runCreated(c, run, stored);
            return List.copyOf(stored);
        };
        // Events are written one transaction at a time (see JdbcEventLog); without them, runs are stored alongside.
        return eventWriter.recording() ? db.inWriterTransaction(what, writer::forget, work) : db.inTransaction(what, work);
    }

    private void insertRun(Connection c, TestRun run, Instant submitted, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, seq, name, tenant, scheduler, "
                + "submitted_at, labels_json, plan) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, run.id().value());
            ps.setLong(2, seq);
            ps.setString(3, run.name());
            ps.setString(4, run.tenant());
            setString(ps, 5, run.scheduler());
            setInstant(ps, 6, submitted);
            ps.setString(7, json.write(run.labels()));
            setString(ps, 8, run.plan());
            ps.executeUpdate();
        }
        RunContextWriter.write(c, run, json);
    }

    /** {@code count} fresh values of {@code sequence}, increasing. */
    private long[] nextValues(Connection c, String sequence, int count) throws SQLException {
        long[] values = new long[count];
        try (PreparedStatement ps = c.prepareStatement(db.dialect().nextValues(sequence))) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < count; i++) {
                    if (!rs.next()) {
                        throw new SQLException("sequence " + sequence + " returned fewer than " + count + " values");
                    }
                    values[i] = rs.getLong(1);
                }
            }
        }
        Arrays.sort(values);
        return values;
    }

    /** The task as stored: with its {@code seq}, and the run's tenant and time where it has none. */
    private static Task stored(Task t, TestRun run, long seq, Instant submitted) {
        return new Task(t.id(), t.runId(), t.name() == null ? t.id().value() : t.name(), t.type(), t.spec(),
                t.requirements(), t.priority(), t.tenant() == null ? run.tenant() : t.tenant(),
                t.deadline(), t.timeout(), t.maxAttempts(), seq, t.state(), t.attempt(), t.worker(),
                t.createdAt() == null ? submitted : t.createdAt(), t.startedAt(), t.finishedAt(), t.result());
    }

    /** Concurrent callers share one transaction (group commit); each returns once its own is committed. */
    @Override
    public boolean transition(Transition transition) {
        return groupCommit.apply(List.of(Objects.requireNonNull(transition, "transition")))[0];
    }

    /** All in one transaction, which concurrent callers share (group commit). */
    @Override
    public boolean[] transitionAll(List<Transition> transitions) {
        return transitions.isEmpty() ? new boolean[0] : groupCommit.apply(List.copyOf(transitions));
    }

    private boolean[] write(List<Transition> transitions) {
        return db.inWriterTransaction("applying " + transitions.size() + " transition(s)", writer::forget,
                c -> {
                    boolean[] applied = writer.apply(c, transitions);
                    eventWriter.transitionsApplied(c, transitions, applied);
                    return applied;
                });
    }

    // ---------------------------------------------------------------- EventLog

    @Override
    public Subscription subscribe(String subscriber, Set<HookType> types) {
        return events.subscribe(subscriber, types);
    }

    @Override
    public Optional<Subscription> subscription(String subscriber) {
        return events.subscription(subscriber);
    }

    @Override
    public List<Subscription> subscriptions() {
        return events.subscriptions();
    }

    @Override
    public void unsubscribe(String subscriber) {
        events.unsubscribe(subscriber);
    }

    @Override
    public List<StoredEvent> append(Collection<DtfEvent> newEvents) {
        return events.append(newEvents);
    }

    @Override
    public List<StoredEvent> read(long afterSeq, Set<HookType> types, int max) {
        return events.read(afterSeq, types, max);
    }

    @Override
    public void acknowledge(String subscriber, long seq) {
        events.acknowledge(subscriber, seq);
    }

    @Override
    public void park(String subscriber, StoredEvent event, String reason, int attempts) {
        events.park(subscriber, event, reason, attempts);
    }

    @Override
    public List<ParkedEvent> parked(String subscriber) {
        return events.parked(subscriber);
    }

    @Override
    public Optional<ParkedEvent> unpark(String subscriber, long seq) {
        return events.unpark(subscriber, seq);
    }

    @Override
    public int purge(Instant before, Collection<String> holding) {
        return events.purge(before, holding);
    }

    // ---------------------------------------------------------------- TaskStore reads

    @Override
    public Optional<TestRun> run(RunId id) {
        return reader.run(id);
    }

    @Override
    public Optional<RunSummary> runSummary(RunId id) {
        return reader.runSummary(id);
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        return reader.runs(query);
    }

    @Override
    public Optional<Task> task(TaskId id) {
        return reader.task(id);
    }

    @Override
    public List<Task> tasks(TaskQuery query) {
        return reader.tasks(query);
    }

    @Override
    public long countTasks(TaskQuery query) {
        return reader.countTasks(query);
    }

    @Override
    public List<AttemptRecord> attempts(TaskId id) {
        return reader.attempts(id);
    }

    @Override
    public Map<String, Duration> durationHistory(int perKey) {
        return reader.durationHistory(perKey);
    }

    @Override
    public Map<String, Duration> testClassDurations(Collection<String> classNames, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1 (is " + runs + ")");
        }
        return classNames.isEmpty() ? Map.of() : reader.testClassDurations(classNames, runs);
    }

    @Override
    public List<StoredTestCase> testCases(TestCaseQuery query) {
        return reader.testCases(query);
    }

    @Override
    public List<StoredTestCase> testHistory(TestId test, int limit) {
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + Page.MAX_LIMIT + ": " + limit);
        }
        return reader.testHistory(Objects.requireNonNull(test, "test"), limit);
    }

    @Override
    public Map<TaskId, List<StoredTestCase>> latestTestCases(Collection<TaskId> tasks, Set<TestCaseStatus> statuses) {
        List<String> ids = tasks.stream().map(task -> Objects.requireNonNull(task, "task").value()).distinct().toList();
        return ids.isEmpty() ? Map.of() : reader.latestTestCases(ids, Objects.requireNonNull(statuses, "statuses"),
                Page.MAX_LIMIT);
    }

    @Override
    public Map<TestId, StoredTestCase> previousOutcomes(Collection<TestId> tests, RunId excludingRun) {
        Objects.requireNonNull(excludingRun, "excludingRun");
        List<String> ids = tests.stream().map(test -> Objects.requireNonNull(test, "test").value()).distinct().toList();
        return ids.isEmpty() ? Map.of() : reader.previousOutcomes(ids, excludingRun);
    }

    @Override
    public Map<TestId, TestCaseStatus> previousStatuses(Collection<TestId> tests, RunId excludingRun) {
        Objects.requireNonNull(excludingRun, "excludingRun");
        List<String> ids = tests.stream().map(test -> Objects.requireNonNull(test, "test").value()).distinct().toList();
        return ids.isEmpty() ? Map.of() : reader.previousStatuses(ids, excludingRun);
    }

    @Override
    public List<SlowTest> slowestTests(SlowestTestsQuery query) {
        return reader.slowestTests(Objects.requireNonNull(query, "query"));
    }
}
