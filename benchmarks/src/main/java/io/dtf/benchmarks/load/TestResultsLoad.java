package io.dtf.benchmarks.load;

import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The test-level queries of the task store on a database holding a million test cases: an H2 file filled through
 * the store's own writes with {@code --runs} runs of {@code --tasks} tasks of {@code --tests} test cases each (the
 * same tests in every run, so each test has a history as long as the runs), one task in {@code --retry-every}
 * failing its first attempt and passing its second, one test case in ten with JUnit properties and one in a hundred
 * failing with output. Then each query runs {@code --samples} times on random runs and tests, after as many
 * unmeasured, and its p50 and p99 are printed, with the database's size per stored test case. {@code --reuse true}
 * measures again on the database a previous run filled.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.load.TestResultsLoad [--dir target/test-results]
 * }</pre>
 */
public final class TestResultsLoad {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final WorkerId[] WORKERS = {WorkerId.of("w1"), WorkerId.of("w2"), WorkerId.of("w3")};

    private final Map<String, String> options;
    private final Random random = new Random(42);
    private final int runs;
    private final int tasks;
    private final int tests;
    private final int retryEvery;
    private final int samples;
    private final List<RunId> runIds = new ArrayList<>();
    private long testCasesStored;

    private TestResultsLoad(Map<String, String> options) {
        this.options = options;
        this.runs = number("runs", 1000);
        this.tasks = number("tasks", 4);
        this.tests = number("tests", 250);
        this.retryEvery = number("retry-every", 50);
        this.samples = number("samples", 500);
    }

    public static void main(String[] args) throws IOException, SQLException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new TestResultsLoad(options).run(Path.of(options.getOrDefault("dir", "target/test-results")));
    }

    private int number(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run(Path dir) throws IOException, SQLException {
        // async: as the store opens it, so that this driver connection and the store share one open database
        String url = "jdbc:h2:async:" + dir.resolve("store").toAbsolutePath().toString().replace('\\', '/');
        if (Boolean.parseBoolean(options.getOrDefault("reuse", "false")) && Files.exists(dir.resolve("store.mv.db"))) {
            // measure again on the database a previous run filled: runs r1 to r<runs>
            for (int r = 1; r <= runs; r++) {
                runIds.add(RunId.of("r" + r));
            }
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM test_cases")) {
                rs.next();
                testCasesStored = rs.getLong(1);
            }
            measure(url, Files.size(dir.resolve("store.mv.db")), Double.NaN);
            return;
        }
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(dir);
        JdbcTaskStore store = JdbcTaskStore.open(url, "sa", "", 4);
        long fillStart = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            fillRun(store, r);
            if ((r + 1) % 100 == 0) {
                System.out.printf(Locale.ROOT, "%d runs, %,d test cases stored (%.0f s)%n", r + 1, testCasesStored,
                        (System.nanoTime() - fillStart) / 1e9);
            }
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        store.close();
        measure(url, Files.size(dir.resolve("store.mv.db")), fillSeconds);
    }

    /** Each query's percentiles on the database at {@code url}, and its size per test case. */
    private void measure(String url, long bytes, double fillSeconds) {
        JdbcTaskStore store = JdbcTaskStore.open(url, "sa", "", 4);
        try {
            Stats.Table table = new Stats.Table("query", "p50 ms", "p99 ms", "max ms", "samples");
            JdbcTaskStore s = store;
            measure(table, "test history, last 20 outcomes", i -> s.testHistory(randomTest(), 20).size());
            measure(table, "run's tests, every attempt, page of 1,000", i -> s.testCases(new TestCaseQuery(randomRun(),
                    null, Set.of(), new Page(0, Page.MAX_LIMIT), true)).size());
            measure(table, "run's tests, every attempt, page of 100", i -> s.testCases(new TestCaseQuery(randomRun(),
                    null, Set.of(), new Page(0, 100), true)).size());
            measure(table, "run's tests, latest results, page of 1,000", i -> s.testCases(new TestCaseQuery(
                    randomRun(), null, Set.of(), new Page(0, Page.MAX_LIMIT))).size());
            measure(table, "run's failed tests, every attempt", i -> s.testCases(new TestCaseQuery(randomRun(), null,
                    Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR), new Page(0, 100), true)).size());
            measure(table, "slowest 20 tests of a run", i -> s.slowestTests(new SlowestTestsQuery(randomRun(), 1,
                    20)).size());
            measure(table, "slowest 20 tests of the latest 20 runs", i -> s.slowestTests(new SlowestTestsQuery(null,
                    SlowestTestsQuery.DEFAULT_RECENT_RUNS, 20)).size());
            System.out.printf(Locale.ROOT, "%n%,d test cases in %,d runs (%d tasks of %d tests each, one task in %d "
                    + "retried)%s%n", testCasesStored, runs, tasks, tests, retryEvery, Double.isNaN(fillSeconds) ? ""
                            : String.format(Locale.ROOT, ", stored in %.0f s (%,.0f test cases/s)", fillSeconds,
                                    testCasesStored / fillSeconds));
            System.out.printf(Locale.ROOT, "database file %,d bytes: %.0f bytes per stored test case (runs, tasks, "
                    + "attempts and every index included)%n%n", bytes, (double) bytes / testCasesStored);
            System.out.print(table.markdown());
        } finally {
            store.close();
        }
    }

    /** Runs {@code query} {@code samples} times unmeasured, then {@code samples} times measured. */
    private void measure(Stats.Table table, String name, IntConsumer query) {
        for (int i = 0; i < samples; i++) {
            query.accept(i);
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            query.accept(i);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        table.row(name, format(Stats.percentile(millis, 50)), format(Stats.percentile(millis, 99)),
                format(Stats.percentile(millis, 100)), String.valueOf(samples));
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    private RunId randomRun() {
        return runIds.get(random.nextInt(runIds.size()));
    }

    private TestId randomTest() {
        int task = random.nextInt(tasks);
        int test = random.nextInt(tests);
        return TestId.of(className(task, test), methodName(test));
    }

    private static String className(int task, int test) {
        return "org.example.module" + task + ".Feature" + (test / 10) + "Test";
    }

    private static String methodName(int test) {
        return "behaves" + test + "()";
    }

    /** One run: its tasks leased and started together, then ended together; retried ones fail first. */
    private void fillRun(JdbcTaskStore store, int r) {
        RunId id = store.nextRunId();
        runIds.add(id);
        Instant at = T0.plusSeconds(60L * r);
        List<Task> planned = new ArrayList<>();
        for (int t = 1; t <= tasks; t++) {
            planned.add(new Task(TaskId.of(id, t), id, "module" + (t - 1), "junit", Map.of("select", "module" + t),
                    Requirements.NONE, 0, "default", null, Duration.ofMinutes(10), 2, 0, TaskState.QUEUED, 0, null,
                    at, null, null, null));
        }
        List<Task> stored = store.createRun(new TestRun(id, "nightly", Map.of("branch", "main"), "default", null, at,
                "name: nightly"), planned);
        List<Task> retried = new ArrayList<>();
        for (Task task : stored) {
            if ((r * tasks + task.seq()) % retryEvery == 0) {
                retried.add(task);
            }
        }
        attempt(store, retried, 1, at.plusSeconds(10), true);
        List<Task> second = retried.stream().map(t -> store.task(t.id()).orElseThrow()).toList();
        attempt(store, second, 2, at.plusSeconds(30), false);
        attempt(store, stored.stream().filter(t -> !retried.contains(t)).toList(), 1, at.plusSeconds(30), false);
    }

    /** Leases, starts and ends {@code batch} in attempt {@code attempt}: failing and retried when {@code retry}. */
    private void attempt(JdbcTaskStore store, List<Task> batch, int attempt, Instant at, boolean retry) {
        if (batch.isEmpty()) {
            return;
        }
        List<Transition> leases = new ArrayList<>();
        List<Transition> starts = new ArrayList<>();
        List<Transition> ends = new ArrayList<>();
        for (Task task : batch) {
            WorkerId worker = WORKERS[random.nextInt(WORKERS.length)];
            TaskAttempt which = new TaskAttempt(task.id(), attempt);
            leases.add(Transition.lease(task, worker, at.minusSeconds(5)));
            starts.add(Transition.start(which, at.minusSeconds(5)));
            List<TestCaseResult> cases = testCases(Integer.parseInt(task.name().substring("module".length())), retry);
            testCasesStored += cases.size();
            TaskState status = retry ? TaskState.FAILED : TaskState.PASSED;
            ends.add(Transition.finish(which, new TaskResult(status, Duration.ofSeconds(5), retry ? 1 : 0, null, cases,
                    List.of(), Map.of(), null, null), retry, at));
        }
        store.transitionAll(leases);
        store.transitionAll(starts);
        store.transitionAll(ends);
    }

    private List<TestCaseResult> testCases(int task, boolean failing) {
        List<TestCaseResult> cases = new ArrayList<>(tests);
        for (int i = 0; i < tests; i++) {
            boolean fails = failing ? i % 10 == 0 : random.nextInt(100) == 0;
            Map<String, String> properties = i % 10 == 0 ? Map.of("testrail_case_id", "C" + (task * 1000 + i))
                    : Map.of();
            // durations from 1 ms to about 3 s, most of them short
            Duration duration = Duration.ofMillis((long) Math.exp(random.nextDouble() * 8));
            cases.add(new TestCaseResult("module" + task, className(task, i), methodName(i),
                    fails ? TestCaseStatus.FAILED : TestCaseStatus.PASSED, duration,
                    fails ? "expected: <200> but was: <500>" : null,
                    fails ? "org.opentest4j.AssertionFailedError: expected: <200> but was: <500>\n\tat org.example."
                            + className(task, i) + "." + methodName(i) + "\n" : null, false, properties,
                    fails ? "GET /api/items -> 500\n".repeat(10) : null, null));
        }
        return cases;
    }
}
