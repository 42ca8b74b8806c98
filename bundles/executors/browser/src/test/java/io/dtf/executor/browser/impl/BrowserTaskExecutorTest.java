package io.dtf.executor.browser.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.executor.browser.impl.plan.BrowserTaskType;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.testkit.TaskBuilder;
import io.dtf.testkit.TestTaskExecution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * browser tasks run by the executor in the real browser pool with headless Chromium: the shipped examples, sharding,
 * checks as test cases, a browser killed under a part, a script stuck in a loop.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserTaskExecutorTest {
    /** The repository's root: the shipped examples name their scripts from there, as from Karaf's home. */
    private static final Path ROOT = Path.of("../../..").toAbsolutePath().normalize();
    private static final PlanParser PARSER = new PlanParser(PlanDefaults.STANDARD,
            Map.of("browser", new BrowserTaskType()));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RAN_IN = Pattern.compile("ran in .* \\((b\\d+)\\)");

    @TempDir
    static Path poolDir;
    private static BrowserPool pool;
    private static BrowserTaskExecutor executor;

    @TempDir
    Path work;

    @BeforeAll
    static void startPool() {
        RealPool.assumeInstalled();
        pool = RealPool.start(poolDir, 3);
        executor = new BrowserTaskExecutor(pool, ROOT);
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) {
            pool.close();
        }
    }

    /** The task of a plan, with {@code changes} to its spec. */
    private static Task task(String plan, Map<String, Object> changes) {
        PlannedTask planned = PARSER.parse(plan, "plan.yaml").tasks().get(0);
        Map<String, Object> spec = new LinkedHashMap<>(planned.spec());
        spec.putAll(changes);
        return TaskBuilder.task().name(planned.name()).type(planned.type()).spec(spec)
                .requirements(planned.requirements()).timeout(planned.timeout()).build();
    }

    private static Task example(String file, Map<String, Object> changes) throws IOException {
        return task(Files.readString(ROOT.resolve("docs/examples/browser").resolve(file), StandardCharsets.UTF_8),
                changes);
    }

    private static Task inline(String keys) {
        return task("name: p\ntasks:\n  - name: job\n    type: browser\n    timeout: 1m\n" + keys, Map.of());
    }

    private TestTaskExecution execution(Task task) {
        return TestTaskExecution.of(task, work);
    }

    private static TaskResult run(TestTaskExecution execution) throws InterruptedException {
        TaskResult result = executor.execute(execution);
        System.out.println(String.join("\n", execution.lines()));
        return result;
    }

    private JsonNode resultFile() throws IOException {
        return JSON.readTree(work.resolve(BrowserTaskExecutor.RESULT_FILE).toFile());
    }

    private static List<String> names(TaskResult result, TestCaseStatus status) {
        return result.testCases().stream().filter(c -> c.status() == status).map(TestCaseResult::name).toList();
    }

    /** A x B of the example, computed here. */
    private static List<Double> product(int n) {
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += (long) ((i * 7 + k * 3) % 11 - 5) * ((k * 5 + j * 2) % 13 - 6);
                }
                c.add((double) sum);
            }
        }
        return c;
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    @Test
    void theWebGpuExamplePassesOnThreeBrowsersAndItsProductIsRight() throws Exception {
        TestTaskExecution execution = execution(example("webgpu-matmul.yaml", Map.of()));
        TaskResult result = run(execution);

        assertEquals(TaskState.PASSED, result.status(), result.message());
        assertEquals(List.of("rows 0-31 equal the CPU's [shard 1/3]", "rows 32-63 equal the CPU's [shard 2/3]",
                "rows 64-95 equal the CPU's [shard 3/3]", "the 96x96 product equals the CPU's"),
                names(result, TestCaseStatus.PASSED));
        assertEquals(4, result.testCases().size());
        JsonNode job = resultFile();
        assertEquals(product(96), numbers(job.get("c")), "the GPU's product, checked here too");
        double checksum = product(96).stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(Map.of("n", 96.0, "checksum", checksum), result.metrics());
        assertEquals(List.of(work.resolve(BrowserTaskExecutor.RESULT_FILE).toString()), result.artifacts());
        Set<String> browsers = new HashSet<>();
        for (String line : execution.lines()) {
            Matcher m = RAN_IN.matcher(line);
            if (line.startsWith("[dtf] shard") && m.find()) {
                browsers.add(m.group(1));
            }
        }
        assertEquals(3, browsers.size(), "each shard in a browser of its own: " + execution.lines());
    }

    @Test
    void aJobShardedOverThreeBrowsersGivesWhatItGivesInOne() throws Exception {
        TaskResult three = run(execution(example("webgpu-matmul.yaml", Map.of("input", Map.of("n", 40)))));
        JsonNode sharded = resultFile();
        Files.delete(work.resolve(BrowserTaskExecutor.RESULT_FILE));
        TaskResult one = run(execution(example("webgpu-matmul.yaml", Map.of("input", Map.of("n", 40),
                "shards", 1))));

        assertEquals(TaskState.PASSED, three.status(), three.message());
        assertEquals(TaskState.PASSED, one.status(), one.message());
        assertEquals(List.of("rows 0-39 equal the CPU's", "the 40x40 product equals the CPU's"),
                names(one, TestCaseStatus.PASSED));
        assertEquals(sharded, resultFile());
        assertEquals(product(40), numbers(sharded.get("c")));
    }

    @Test
    void theWebNnExampleIsRefusedUpFrontNamingTheMissingCapability() throws Exception {
        pool.capabilities();
        Map<String, Long> before = pool.status().counters();
        TestTaskExecution execution = execution(example("webnn-matmul-add.yaml", Map.of()));
        TaskResult result = run(execution);

        assertEquals(TaskState.ERROR, result.status());
        assertTrue(result.message().startsWith("refused up front: no browser of the pool has webnn device cpu (the "
                + "pool's browsers: chrome: chrome "), result.message());
        assertTrue(result.message().endsWith(", webgpu swiftshader (fallback), webnn none (cpu, gpu, npu: Failed to "
                + "execute 'createContext' on 'ML': WebNN is not supported on this platform.))"), result.message());
        assertEquals(List.of(), result.testCases());
        Map<String, Long> after = pool.status().counters();
        assertEquals(before.get("leases"), after.get("leases"), "no browser leased");
        assertEquals(before.get("sessionsStarted"), after.get("sessionsStarted"), "no browser started");
    }

    @Test
    void checksBecomeTestCasesAndListsOfShardsAreJoinedInOrder() throws Exception {
        TaskResult result = run(execution(inline("""
                    shards: 2
                    input: {first: 10}
                    script: |
                      function run(dtf) {
                        dtf.check('it runs', true);
                        dtf.check('it is the first shard', dtf.shard === 0, 'it is shard ' + dtf.shard);
                        dtf.log('shard', dtf.shard, 'of', dtf.shards);
                        return [dtf.input.first + dtf.shard];
                      }
                """)));

        assertEquals(TaskState.FAILED, result.status());
        assertEquals("1 of 4 checks failed, the first: shard 2/2: it is the first shard: it is shard 1",
                result.message());
        assertEquals(List.of("it runs [shard 1/2]", "it is the first shard [shard 1/2]", "it runs [shard 2/2]"),
                names(result, TestCaseStatus.PASSED));
        TestCaseResult failed = result.testCases().get(3);
        assertEquals(List.of("it is the first shard [shard 2/2]"), names(result, TestCaseStatus.FAILED));
        assertEquals("job", failed.className());
        assertEquals("it is shard 1", failed.message());
        assertEquals(List.of(10, 11), JSON.convertValue(resultFile(), List.class));
    }

    @Test
    void aScriptThatThrowsFailsWithItsErrorAsATestCase() throws Exception {
        TestTaskExecution execution = execution(inline("""
                    script: |
                      dtf.check('before', true);
                      await Promise.resolve();
                      throw new Error('the adapter is gone');
                """));
        TaskResult result = run(execution);

        assertEquals(TaskState.FAILED, result.status());
        assertEquals("the script threw: the adapter is gone", result.message());
        assertEquals(List.of("before"), names(result, TestCaseStatus.PASSED));
        assertEquals(List.of("script"), names(result, TestCaseStatus.ERROR));
        assertTrue(result.testCases().get(1).details().contains("Error: the adapter is gone"));
        assertTrue(Files.notExists(work.resolve(BrowserTaskExecutor.RESULT_FILE)), "no result");
    }

    @Test
    void aPageRunsItsOwnDtfRunFunction() throws Exception {
        Path page = work.resolve("page.html");
        Files.writeString(page, "<!doctype html><script>window.dtfRun = dtf => { dtf.check('the page ran', true); "
                + "return {protocol: location.protocol, n: dtf.input.n}; };</script>");
        TaskResult result = run(execution(inline("    page: " + page.toUri() + "\n    input: {n: 3}\n")));

        assertEquals(TaskState.PASSED, result.status(), result.message());
        assertEquals(List.of("the page ran"), names(result, TestCaseStatus.PASSED));
        assertEquals(Map.of("protocol", "file:", "n", 3), JSON.convertValue(resultFile(), Map.class));
        assertEquals(Map.of("n", 3.0), result.metrics());
    }

    @Test
    void aPartWhoseBrowserIsKilledIsRetriedAloneInAFreshBrowser() throws Exception {
        long retriesBefore = pool.status().counters().getOrDefault("retries", 0L);
        TestTaskExecution execution = execution(inline("""
                    shards: 3
                    script: |
                      async function run(dtf) {
                        await new Promise(resolve => setTimeout(resolve, 4000));
                        dtf.check('waited', true);
                        return [dtf.shard];
                      }
                """));
        CompletableFuture<TaskResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return executor.execute(execution);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        PoolStatus.Browser victim = leasedBrowsers(3, Duration.ofSeconds(60)).get(1);
        victim.pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        TaskResult result = running.get(2, TimeUnit.MINUTES);
        System.out.println(String.join("\n", execution.lines()));

        assertEquals(TaskState.PASSED, result.status(), result.message());
        assertEquals(List.of(0, 1, 2), JSON.convertValue(resultFile(), List.class));
        assertEquals(3, names(result, TestCaseStatus.PASSED).size());
        assertEquals(retriesBefore + 1, pool.status().counters().get("retries"), "only the killed part ran again");
    }

    /** The browsers leased, once there are {@code count} of them with their processes known. */
    private static List<PoolStatus.Browser> leasedBrowsers(int count, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            List<PoolStatus.Browser> leased = pool.status().browsers().stream()
                    .filter(b -> b.state() == PoolStatus.BrowserState.LEASED && !b.pids().isEmpty()).toList();
            if (leased.size() == count) {
                return leased;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not " + count + " browsers leased within " + limit + ": " + pool.status());
    }

    @Test
    void aBrowserThatFailsToStartForALeaseIsAskedForAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger leases = new java.util.concurrent.atomic.AtomicInteger();
        io.dtf.api.pool.ResourcePool firstStartFails = (io.dtf.api.pool.ResourcePool) java.lang.reflect.Proxy.newProxyInstance(
                io.dtf.api.pool.ResourcePool.class.getClassLoader(), new Class<?>[] {io.dtf.api.pool.ResourcePool.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("lease") && leases.incrementAndGet() == 1) {
                        throw new io.dtf.api.pool.BrowserFault(io.dtf.api.pool.BrowserFault.Kind.START_FAILED,
                                "Browser b99 could not start: killed while it started");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        TaskResult result = new BrowserTaskExecutor(firstStartFails, ROOT)
                .execute(execution(inline("    script: 'dtf.check(\"runs\", true); return 1;'\n")));

        assertEquals(TaskState.PASSED, result.status(), result.message());
        assertEquals(2, leases.get(), "the lease was asked for again");
    }

    @Test
    void aScriptStuckInALoopTimesOutAndItsBrowserIsKilled() throws Exception {
        Instant started = Instant.now();
        TestTaskExecution execution = execution(inline("    script: 'while (true) {}'\n"))
                .deadline(Instant.now().plusSeconds(5));
        ReclaimRecordingPool recording = new ReclaimRecordingPool(pool);
        TaskResult result = new BrowserTaskExecutor(recording.pool(), ROOT).execute(execution);

        assertEquals(TaskState.TIMED_OUT, result.status(), result.message());
        assertTrue(Pattern.compile("\\(the job was running in browser b\\d+ for \\d+\\.\\d s\\)$")
                .matcher(result.message()).find(), "the message says what was running: " + result.message());
        assertEquals(List.of("its task reached its deadline"), recording.reasons(), "the pool logs why");
        assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(20)) < 0,
                "ended soon after its deadline: " + Duration.between(started, Instant.now()));
        assertEquals(List.of(), pool.status().leases(), "its lease was ended");
    }

    @Test
    void aJobThatWaitsForABrowserUntilItsDeadlineSaysSo() throws Exception {
        List<io.dtf.api.pool.ResourceLease> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // the pool's browsers, all busy
                held.add(pool.lease(new io.dtf.api.pool.LeaseRequest(io.dtf.api.pool.BrowserRequirements.ANY,
                        Duration.ofMinutes(1), Duration.ofMinutes(1), "the test")));
            }
            TestTaskExecution execution = execution(inline("    shards: 2\n    script: 'return 1;'\n"))
                    .deadline(Instant.now().plusSeconds(3));
            TaskResult result = executor.execute(execution);

            assertEquals(TaskState.TIMED_OUT, result.status(), result.message());
            assertTrue(Pattern.compile("\\(shard 1/2 was waiting for a browser for [23]\\.\\d s, "
                    + "shard 2/2 was waiting for a browser for [23]\\.\\d s\\)$").matcher(result.message()).find(),
                    result.message());
            assertTrue(execution.lines().stream().anyMatch(l -> l.startsWith("[dtf] at the task's deadline, shard 1/2 "
                    + "was waiting for a browser for ")), "the log says it too: " + execution.lines());
        } finally {
            held.forEach(io.dtf.api.pool.ResourceLease::close);
        }
    }

    @Test
    void moreShardsThanBrowsersWaitForOneInTurn() throws Exception {
        TestTaskExecution execution = execution(inline("    shards: 7\n    script: 'await new Promise(r => setTimeout(r, 1200)); "
                + "return [dtf.shard * 10];'\n"));
        TaskResult result = run(execution);

        assertEquals(TaskState.PASSED, result.status(), result.message());
        assertEquals(List.of(0, 10, 20, 30, 40, 50, 60), JSON.convertValue(resultFile(), List.class),
                "7 parts on the pool's 3 browsers, joined in shard order");
        // the parts that waited for a browser say how long, and for which
        assertTrue(execution.lines().stream().anyMatch(l -> l.matches("\\[dtf] shard \\d/7 waited \\d+\\.\\d s for a "
                + "browser \\(b\\d+\\)")), String.join("\n", execution.lines()));
    }

    @Test
    void aCancelledJobEndsAtOnceAndItsBrowsersAreKilled() throws Exception {
        TestTaskExecution execution = execution(inline("    shards: 2\n    script: 'while (true) {}'\n"));
        ReclaimRecordingPool recording = new ReclaimRecordingPool(pool);
        CompletableFuture<TaskResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return new BrowserTaskExecutor(recording.pool(), ROOT).execute(execution);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        leasedBrowsers(2, Duration.ofSeconds(60));
        Instant cancelled = Instant.now();
        execution.cancel();
        TaskResult result = running.get(1, TimeUnit.MINUTES);

        assertEquals(TaskState.CANCELLED, result.status(), result.message());
        assertEquals(List.of("its task was cancelled", "its task was cancelled"), recording.reasons(),
                "the pool logs why");
        assertTrue(Duration.between(cancelled, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0,
                "ended soon after the cancellation: " + Duration.between(cancelled, Instant.now()));
        assertEquals(List.of(), pool.status().leases(), "its leases were ended");
    }

    @Test
    void aPoolWhoseBrowsersDoNotStartGivesAnErrorNotAnException() throws Exception {
        try (BrowserPool broken = RealPool.start(work.resolve("broken-pool"), 1, Path.of("/bin/true"))) {
            TaskResult result = new BrowserTaskExecutor(broken, ROOT).execute(execution(inline(
                    "    script: 'return 1;'\n    webgpu: true\n")));

            assertEquals(TaskState.ERROR, result.status());
            assertTrue(result.message().startsWith("the browser pool cannot tell what its browsers have: "),
                    result.message());
        }
    }
}
