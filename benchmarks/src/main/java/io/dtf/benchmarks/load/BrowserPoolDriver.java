package io.dtf.benchmarks.load;

import io.dtf.api.pool.BrowserJob;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.BrowserSession;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.PoolProperties;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The browser pool's figures (issue 14) with real headless Chromium (Debian's, SwiftShader WebGPU): the real pool
 * ({@code io.dtf.pool.browser}, its settings from {@code .cfg} properties through {@link PoolProperties}, as the
 * standalone worker builds it), driven directly with the small WebGPU job a {@code browser} task runs (a compute
 * shader over 256 floats, its result checked), not through a coordinator and worker.
 *
 * <pre>
 * mvn -B -q -o -f benchmarks/pom.xml package -Dmaven.test.skip=true
 * java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.load.BrowserPoolDriver [--only warm,throughput,faults,memory]
 *     [--warm-samples 200] [--cold-samples 20] [--tasks 1000] [--baseline-tasks 50] [--browsers 2]
 *     [--fault-tasks 1000] [--faults 100] [--seed 14] [--binary /usr/lib/chromium/chromium] [--driver /usr/bin/chromedriver]
 * </pre>
 *
 * <ol>
 *   <li>{@code warm}: a warm lease + a trivial WebGPU probe ({@code requestAdapter}) + return, against a lease that
 *   starts a new browser (a pool with {@code maxUses = 1}: driver, browser, blank page, the pool's capability probe)
 *   + the same probe + return. Medians and p99; target: the warm one at least 20 times faster.</li>
 *   <li>{@code throughput}: {@code --tasks} small WebGPU jobs from {@code --browsers} callers on as many pooled
 *   browsers (the default settings: 50 uses a browser), against a new browser per job ({@code maxUses = 1}), measured
 *   on {@code --baseline-tasks} jobs (a new browser costs about a second, so the baseline's rate is measured on
 *   fewer jobs). Throughput ratio and p99 per job; target: pooled at least 5 times the jobs per second.</li>
 *   <li>{@code faults}: {@code --fault-tasks} jobs on a pool of {@code --browsers} warm browsers ({@code min = max}),
 *   {@code --faults} of them hit at a random moment by a fault, in turn: SIGKILL of the job's renderer, of its
 *   browser, of its GPU process, or a job that hangs its page in {@code while (true) {}}. Every job must end with its
 *   correct result (a fault is the browser's, retried by the pool in a fresh browser), no process of the pool may
 *   outlive its close, and the pool must be back at its minimum of healthy browsers after the last fault.</li>
 *   <li>{@code memory}: PSS and RSS of each pooled browser (its processes and chromedriver, from
 *   {@code /proc/<pid>/smaps_rollup}) after a WebGPU job; then a pool with {@code maxMemoryMb} room for 2 of them
 *   and {@code max = 4} under 4 callers: no more browsers than the limit allows, the callers wait for them in turn,
 *   and one with a short wait is refused naming the limit.</li>
 * </ol>
 *
 * Every browser and driver is the pool's and killed when it closes (the driver checks that none is left). Exits
 * with 1 when a target is missed.
 */
public final class BrowserPoolDriver {
    /** A trivial WebGPU probe: is there an adapter. */
    static final String PROBE = "const done = arguments[arguments.length - 1];"
            + "navigator.gpu.requestAdapter().then(a => done(a !== null), e => done('error: ' + e));";
    /** The small job: doubles n floats in a compute shader, reads them back and sums them (n (n - 1) expected). */
    static final String JOB = """
            const done = arguments[arguments.length - 1];
            const n = arguments[0];
            (async () => {
              const adapter = await navigator.gpu.requestAdapter();
              const device = await adapter.requestDevice();
              const module = device.createShaderModule({code: `
                @group(0) @binding(0) var<storage, read_write> data: array<f32>;
                @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
                  if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2.0; }
                }`});
              const pipeline = device.createComputePipeline({layout: 'auto', compute: {module, entryPoint: 'main'}});
              const input = new Float32Array(n);
              for (let i = 0; i < n; i++) input[i] = i;
              const data = device.createBuffer({size: input.byteLength,
                usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST});
              device.queue.writeBuffer(data, 0, input);
              const read = device.createBuffer({size: input.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST});
              const bind = device.createBindGroup({layout: pipeline.getBindGroupLayout(0),
                entries: [{binding: 0, resource: {buffer: data}}]});
              const encoder = device.createCommandEncoder();
              const pass = encoder.beginComputePass();
              pass.setPipeline(pipeline);
              pass.setBindGroup(0, bind);
              pass.dispatchWorkgroups(Math.ceil(n / 64));
              pass.end();
              encoder.copyBufferToBuffer(data, 0, read, 0, input.byteLength);
              device.queue.submit([encoder.finish()]);
              await read.mapAsync(GPUMapMode.READ);
              const out = new Float32Array(read.getMappedRange());
              let sum = 0;
              for (let i = 0; i < n; i++) sum += out[i];
              device.destroy();
              done(sum);
            })().catch(e => done('error: ' + e));
            """;
    static final int FLOATS = 256;
    static final long EXPECTED_SUM = (long) FLOATS * (FLOATS - 1);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final double WARM_TARGET = 20;
    private static final double THROUGHPUT_TARGET = 5;
    /** How long the pool may take to be back at its minimum after the last fault: two browser starts on 2 cores. */
    private static final Duration RECOVERY_TARGET = Duration.ofSeconds(10);

    private final Map<String, String> opts;
    private final Path work;
    private final List<String> notes = new ArrayList<>();
    private boolean ok = true;

    BrowserPoolDriver(Map<String, String> opts, Path work) {
        this.opts = opts;
        this.work = work;
    }

    /** The {@code --name value} pairs of {@code args}; exits with 2, showing {@code usage}, on anything else. */
    static Map<String, String> options(String[] args, String usage) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("Usage: " + usage + ": '" + args[i] + "' is not an option with a value");
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args, "BrowserPoolDriver [--only warm,throughput,faults,memory] "
                + "[--NAME VALUE]...");
        Path work = Files.createTempDirectory("dtf-pool-bench");
        BrowserPoolDriver driver = new BrowserPoolDriver(opts, work);
        boolean ok;
        try {
            ok = driver.run();
        } finally {
            deleteTree(work);
        }
        System.out.println(ok ? "All targets met." : "A target was missed.");
        System.exit(ok ? 0 : 1);
    }

    boolean run() throws Exception {
        for (String binary : List.of(opt("binary", "/usr/lib/chromium/chromium"), opt("driver", "/usr/bin/chromedriver"))) {
            if (!Files.isExecutable(Path.of(binary))) {
                System.out.println(binary + " is not installed (Debian: apt-get install chromium chromium-driver)");
                return false;
            }
        }
        List<String> only = List.of(opt("only", "warm,throughput,faults,memory").split(","));
        System.out.printf(Locale.ROOT, "Browser pool figures: %s, %d cores, load average %.1f at the start%n",
                opt("binary", "/usr/lib/chromium/chromium"), Runtime.getRuntime().availableProcessors(), loadAverage());
        if (only.contains("warm")) {
            warm();
        }
        if (only.contains("throughput")) {
            throughput();
        }
        if (only.contains("faults")) {
            faults();
        }
        if (only.contains("memory")) {
            memory();
        }
        notes.forEach(n -> System.out.println("Note: " + n));
        return ok;
    }

    // ---- 1. warm lease + probe against a new browser + probe

    private void warm() throws Exception {
        int warmSamples = intOpt("warm-samples", 200);
        int coldSamples = intOpt("cold-samples", 20);
        log("warm: " + coldSamples + " leases with a new browser, " + warmSamples + " warm leases");
        double[] cold = new double[coldSamples];
        try (BrowserPool pool = pool("cold", Map.of("maxUses", "1", "chrome.max", "1"))) {
            for (int i = 0; i < coldSamples; i++) {
                awaitNoBrowser(pool); // the last one's quit is not measured
                cold[i] = millis(() -> probe(pool));
            }
            checkNoneLeft(pool, "cold");
        }
        double[] warm = new double[warmSamples];
        try (BrowserPool pool = pool("warm", Map.of("chrome.min", "1", "chrome.max", "1"))) {
            for (int i = 0; i < Math.min(20, warmSamples); i++) {
                probe(pool); // JIT and the browser's first calls
            }
            for (int i = 0; i < warmSamples; i++) {
                awaitIdle(pool, 1);
                warm[i] = millis(() -> probe(pool));
            }
            checkNoneLeft(pool, "warm");
        }
        double ratio = Stats.percentile(cold, 50) / Stats.percentile(warm, 50);
        Stats.Table table = new Stats.Table("lease + trivial WebGPU probe + return", "samples", "median", "p99", "max");
        table.row("warm (a pooled browser)", String.valueOf(warmSamples), ms(Stats.percentile(warm, 50)),
                ms(Stats.percentile(warm, 99)), ms(Stats.percentile(warm, 100)));
        table.row("new browser (maxUses = 1)", String.valueOf(coldSamples), ms(Stats.percentile(cold, 50)),
                ms(Stats.percentile(cold, 99)), ms(Stats.percentile(cold, 100)));
        System.out.println();
        System.out.print(table.markdown());
        target(String.format(Locale.ROOT, "warm is %.0fx faster (medians)", ratio), ">= 20x", ratio >= WARM_TARGET);
    }

    private static Object probe(BrowserPool pool) throws Exception {
        try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY.withWebGpu(true), "bench")
                .withMaxWait(WAIT))) {
            Object adapter = lease.executeAsync(PROBE, List.of(), JOB_TIMEOUT);
            if (!Boolean.TRUE.equals(adapter)) {
                throw new IllegalStateException("the WebGPU probe gave " + adapter);
            }
            return adapter;
        }
    }

    // ---- 2. throughput: pooled against a new browser per job

    private void throughput() throws Exception {
        int tasks = intOpt("tasks", 1000);
        int baselineTasks = intOpt("baseline-tasks", 50);
        int browsers = intOpt("browsers", 2);
        log("throughput: " + tasks + " jobs on " + browsers + " pooled browsers");
        Run pooled;
        try (BrowserPool pool = pool("pooled", Map.of("chrome.max", String.valueOf(browsers)))) {
            run(pool, Math.min(20, tasks), browsers, Set.of(), null); // the driver's JIT; browsers started
            pooled = run(pool, tasks, browsers, Set.of(), null);
            checkNoneLeft(pool, "pooled");
        }
        log("throughput: " + baselineTasks + " jobs, a new browser each");
        Run fresh;
        try (BrowserPool pool = pool("fresh", Map.of("chrome.max", String.valueOf(browsers), "maxUses", "1"))) {
            fresh = run(pool, baselineTasks, browsers, Set.of(), null);
            checkNoneLeft(pool, "fresh");
        }
        Stats.Table table = new Stats.Table("small WebGPU jobs, " + browsers + " callers", "jobs", "jobs/s", "median",
                "p99", "failed");
        table.row(browsers + " pooled browsers", String.valueOf(tasks), rate(pooled.perSecond()),
                ms(pooled.percentile(50)), ms(pooled.percentile(99)), String.valueOf(pooled.failed()));
        table.row("a new browser per job (maxUses = 1)", String.valueOf(baselineTasks), rate(fresh.perSecond()),
                ms(fresh.percentile(50)), ms(fresh.percentile(99)), String.valueOf(fresh.failed()));
        System.out.println();
        System.out.print(table.markdown());
        double ratio = pooled.perSecond() / fresh.perSecond();
        System.out.printf(Locale.ROOT, "%,d jobs would take %.0f s pooled and %.0f s with a new browser each (scaled "
                + "from %d)%n", tasks, tasks / pooled.perSecond(), tasks / fresh.perSecond(), baselineTasks);
        target(String.format(Locale.ROOT, "throughput pooled / new browser each: %.1fx", ratio), ">= 5x",
                ratio >= THROUGHPUT_TARGET);
        target("jobs failed", "0", pooled.failed() == 0 && fresh.failed() == 0);
    }

    /**
     * Runs {@code tasks} jobs from {@code callers} threads, each through {@code pool.run} (lease, the job with the
     * pool's retries, return).
     *
     * @param faulty the jobs hit by a fault, by number
     * @param injector injects the faults, or {@code null}
     */
    private static Run run(BrowserPool pool, int tasks, int callers, Set<Integer> faulty, FaultInjector injector)
            throws Exception {
        double[] latencies = new double[tasks];
        Map<Integer, String> failures = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            running.add(threads.submit(() -> {
                for (int task = next.getAndIncrement(); task < tasks; task = next.getAndIncrement()) {
                    long began = System.nanoTime();
                    try {
                        long sum = job(pool, task, faulty.contains(task) ? injector : null);
                        if (sum != EXPECTED_SUM) {
                            failures.put(task, "wrong result " + sum);
                        }
                    } catch (Exception failed) {
                        failures.put(task, failed.getClass().getSimpleName() + ": " + failed.getMessage());
                    }
                    latencies[task] = (System.nanoTime() - began) / 1e6;
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> caller : running) {
            caller.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return new Run(tasks, done.get(), latencies, seconds, new java.util.TreeMap<>(failures));
    }

    /** One job: a lease, the WebGPU job (with a fault injected into its first try when {@code injector} is given). */
    private static long job(BrowserPool pool, int task, FaultInjector injector) throws Exception {
        AtomicInteger tries = new AtomicInteger();
        BrowserJob<Object> job = session -> {
            if (tries.incrementAndGet() == 1 && injector != null) {
                injector.inject(task, ((ResourceLease) session).browserId(), session);
            }
            Object sum = session.executeAsync(JOB, List.of(FLOATS), JOB_TIMEOUT);
            if (!(sum instanceof Number)) {
                throw new IllegalStateException("the WebGPU job gave " + sum); // the pool tells whose failure it is
            }
            return sum;
        };
        Object result = pool.run(LeaseRequest.of(BrowserRequirements.ANY.withWebGpu(true), "bench task " + task)
                .withMaxWait(WAIT), JobOptions.of("webgpu-double", JOB_TIMEOUT), job);
        return ((Number) result).longValue();
    }

    record Run(int tasks, int done, double[] latencies, double seconds, Map<Integer, String> failures) {
        double perSecond() {
            return tasks / seconds;
        }

        double percentile(double p) {
            return Stats.percentile(latencies, p);
        }

        int failed() {
            return failures.size();
        }
    }

    // ---- 3. faults

    private void faults() throws Exception {
        int tasks = intOpt("fault-tasks", 1000);
        int faults = intOpt("faults", 100);
        int browsers = intOpt("browsers", 2);
        Random random = new Random(intOpt("seed", 14));
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            numbers.add(i);
        }
        Collections.shuffle(numbers, random);
        Set<Integer> faulty = new LinkedHashSet<>(numbers.subList(0, Math.min(faults, tasks)));
        log("faults: " + tasks + " jobs on " + browsers + " warm browsers, " + faulty.size() + " faults");
        Run outcome;
        FaultInjector injector;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Duration recovery;
        long backAt;
        Map<String, Long> counters;
        try (BrowserPool pool = pool("faults", Map.of("chrome.min", String.valueOf(browsers), "chrome.max",
                String.valueOf(browsers), "graceSeconds", "1"))) {
            awaitIdle(pool, browsers);
            injector = new FaultInjector(pool, random, seen);
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
            watcher.scheduleWithFixedDelay(() -> remember(pool, seen), 0, 50, TimeUnit.MILLISECONDS);
            outcome = run(pool, tasks, browsers, faulty, injector);
            injector.close();
            backAt = awaitHealthy(pool, browsers);
            watcher.shutdown();
            watcher.awaitTermination(5, TimeUnit.SECONDS);
            remember(pool, seen);
            recovery = Duration.ofNanos(backAt - injector.lastFaultAt.get());
            counters = pool.status().counters();
        }
        List<String> left = leftRunning(seen, work.resolve("faults"));
        System.out.println();
        Stats.Table table = new Stats.Table("fault", "injected");
        injector.injected.forEach((kind, count) -> table.row(kind, String.valueOf(count.get())));
        System.out.print(table.markdown());
        System.out.printf(Locale.ROOT, "%,d jobs in %.0f s (%.1f jobs/s), p50 %s, p99 %s; pool counters: %s%n",
                outcome.done(), outcome.seconds(), outcome.perSecond(), ms(outcome.percentile(50)),
                ms(outcome.percentile(99)), counters);
        target("jobs lost (no outcome)", "0", outcome.done() == tasks);
        target("jobs failed (all failures here are the browser's)", "0", outcome.failed() == 0);
        outcome.failures().entrySet().stream().limit(10).forEach(f -> System.out.println("  job " + f.getKey()
                + ": " + f.getValue()));
        target("faults injected", String.valueOf(faulty.size()), injector.total() == faulty.size());
        target("processes of the pool left after it closed (" + seen.size() + " seen)", "0", left.isEmpty());
        left.stream().limit(10).forEach(p -> System.out.println("  left: " + p));
        target(String.format(Locale.ROOT, "back at its minimum (%d healthy browsers) %.1f s after the last fault",
                browsers, recovery.toMillis() / 1000.0), "<= " + RECOVERY_TARGET.toSeconds() + " s",
                recovery.compareTo(RECOVERY_TARGET) <= 0);
    }

    /**
     * Injects a fault into a job's first try, the kinds in turn: SIGKILL of the renderer, of the browser, of the GPU
     * process, each at a random moment of the job (0-40 ms after it starts), or the job's page hung in a busy loop.
     */
    private static final class FaultInjector implements AutoCloseable {
        static final List<String> KINDS = List.of("renderer killed", "browser killed", "GPU process killed",
                "page hung (while (true) {})");
        private final BrowserPool pool;
        private final Random random;
        private final Set<Long> seen;
        private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger turn = new AtomicInteger();
        final Map<String, AtomicInteger> injected = new LinkedHashMap<>();
        final AtomicLong lastFaultAt = new AtomicLong();

        FaultInjector(BrowserPool pool, Random random, Set<Long> seen) {
            this.pool = pool;
            this.random = random;
            this.seen = seen;
            KINDS.forEach(k -> injected.put(k, new AtomicInteger()));
        }

        void inject(int task, String browserId, BrowserSession session) {
            String kind = KINDS.get(turn.getAndIncrement() % KINDS.size());
            lastFaultAt.set(System.nanoTime());
            if (kind.startsWith("page hung")) {
                injected.get(kind).incrementAndGet();
                session.execute("while (true) {}", List.of(), JOB_TIMEOUT); // the watchdog kills the browser
                return;
            }
            List<Long> roots = pool.status().browsers().stream().filter(b -> b.id().equals(browserId))
                    .flatMap(b -> b.pids().stream()).toList();
            long delay;
            synchronized (random) {
                delay = random.nextInt(40);
            }
            killer.schedule(() -> {
                List<ProcessHandle> tree = tree(roots);
                tree.forEach(p -> seen.add(p.pid()));
                List<ProcessHandle> targets = switch (kind) {
                    case "renderer killed" -> tree.stream().filter(p -> commandLine(p.pid()).contains("--type=renderer")
                            && !commandLine(p.pid()).contains("--top-chrome-webui")).toList();
                    case "GPU process killed" -> tree.stream()
                            .filter(p -> commandLine(p.pid()).contains("--type=gpu-process")).toList();
                    default -> tree.stream().filter(p -> commandLine(p.pid()).contains("chromium")
                            && !commandLine(p.pid()).contains("--type=")).toList();
                };
                if (!targets.isEmpty()) {
                    injected.get(kind).incrementAndGet();
                    lastFaultAt.set(System.nanoTime());
                    targets.forEach(ProcessHandle::destroyForcibly); // SIGKILL
                } else {
                    System.out.println("  (no " + kind + " target found for job " + task + ")");
                }
            }, delay, TimeUnit.MILLISECONDS);
            // the job runs on now; its try fails or not depending on when the kill lands
        }

        int total() {
            return injected.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public void close() throws InterruptedException {
            killer.shutdown();
            killer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    // ---- 4. memory

    private void memory() throws Exception {
        int browsers = intOpt("memory-browsers", 3);
        log("memory: " + browsers + " pooled browsers after a WebGPU job each");
        List<long[]> measured = new ArrayList<>();
        try (BrowserPool pool = pool("memory", Map.of("chrome.min", String.valueOf(browsers), "chrome.max",
                String.valueOf(browsers)))) {
            awaitIdle(pool, browsers);
            run(pool, browsers * 4, browsers, Set.of(), null);
            awaitIdle(pool, browsers);
            for (PoolStatus.Browser browser : pool.status().browsers()) {
                measured.add(memory(browser.pids()));
            }
            checkNoneLeft(pool, "memory");
        }
        Stats.Table table = new Stats.Table("browser (its processes + chromedriver)", "processes", "PSS", "RSS");
        for (int i = 0; i < measured.size(); i++) {
            long[] m = measured.get(i);
            table.row("browser " + (i + 1), String.valueOf(m[2]), mb(m[0]), mb(m[1]));
        }
        System.out.println();
        System.out.print(table.markdown());
        long largest = measured.stream().mapToLong(m -> m[0]).max().orElse(0);
        int limit = (int) (largest * 5 / 2 / 1024); // room for 2, not for 3
        atTheLimit(limit);
    }

    /** A pool with room for 2 browsers under 4 callers; one more with a short wait. */
    private void atTheLimit(int limitMb) throws Exception {
        int callers = 4;
        int jobsEach = intOpt("memory-jobs", 10);
        log("memory: maxMemoryMb " + limitMb + ", chrome.max 4, " + callers + " callers");
        AtomicLong peakKb = new AtomicLong();
        AtomicInteger peakBrowsers = new AtomicInteger();
        String refusal;
        Run outcome;
        try (BrowserPool pool = pool("limit", Map.of("chrome.max", "4", "maxMemoryMb", String.valueOf(limitMb)))) {
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
            watcher.scheduleWithFixedDelay(() -> {
                List<PoolStatus.Browser> now = pool.status().browsers();
                peakBrowsers.accumulateAndGet(now.size(), Math::max);
                peakKb.accumulateAndGet(now.stream().mapToLong(b -> memory(b.pids())[0]).sum(), Math::max);
            }, 0, 100, TimeUnit.MILLISECONDS);
            ExecutorService late = Executors.newSingleThreadExecutor();
            Future<String> shortWait = late.submit(() -> {
                String last = "";
                for (int i = 0; i < 5; i++) { // it may find a browser just returned: then again
                    awaitCondition(() -> pool.status().waiting() > 0 && pool.status().browsers().stream()
                            .filter(b -> b.state() != PoolStatus.BrowserState.STARTING).count() >= 2, WAIT);
                    try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "short wait")
                            .withMaxWait(Duration.ofMillis(1)))) {
                        last = "leased " + lease.browserId();
                    } catch (PoolRefusal refused) {
                        return refused.reason() + ": " + refused.getMessage();
                    }
                }
                return last;
            });
            outcome = run(pool, callers * jobsEach, callers, Set.of(), null);
            refusal = shortWait.get();
            late.shutdown();
            watcher.shutdown();
            watcher.awaitTermination(5, TimeUnit.SECONDS);
            checkNoneLeft(pool, "limit");
        }
        System.out.printf(Locale.ROOT, "At maxMemoryMb %d (chrome.max 4): %d callers ran %d jobs, %d failed, p50 %s, "
                        + "p99 %s; at most %d browsers, using at most %s together%n", limitMb, callers, outcome.tasks(),
                outcome.failed(), ms(outcome.percentile(50)), ms(outcome.percentile(99)), peakBrowsers.get(),
                mb(peakKb.get()));
        System.out.println("A caller that would not wait, meanwhile: " + refusal);
        target("browsers started at the limit", "2", peakBrowsers.get() == 2);
        target("memory of the browsers", "<= " + limitMb + " MB", peakKb.get() <= limitMb * 1024L);
        target("jobs failed at the limit (callers waited in turn)", "0", outcome.failed() == 0);
        target("the short wait refused naming the limit", "maxMemoryMb in the message",
                refusal.contains("maxMemoryMb " + limitMb));
    }

    // ---- the pool, processes, memory

    /** A pool of Debian's Chromium with the defaults of {@code etc/io.dtf.pool.browser.cfg}, {@code settings} on top. */
    private BrowserPool pool(String name, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("chrome.binary", opt("binary", "/usr/lib/chromium/chromium"));
        properties.put("chrome.driver", opt("driver", "/usr/bin/chromedriver"));
        properties.putIfAbsent("queueLimit", "64");
        return new BrowserPool(PoolProperties.settings(properties), work.resolve(name), Clock.systemUTC(), slow -> {
        });
    }

    private static void remember(BrowserPool pool, Set<Long> seen) {
        for (PoolStatus.Browser browser : pool.status().browsers()) {
            tree(browser.pids()).forEach(p -> seen.add(p.pid()));
        }
    }

    /** Checks, after the pool closed, that none of its processes runs on. */
    private void checkNoneLeft(BrowserPool pool, String name) {
        Set<Long> seen = new LinkedHashSet<>();
        remember(pool, seen);
        pool.close();
        List<String> left = leftRunning(seen, work.resolve(name));
        if (!left.isEmpty()) {
            target("processes left after the " + name + " pool closed", "0", false);
            left.forEach(p -> System.out.println("  left: " + p));
        }
    }

    /** The processes still running (zombies not counted) among {@code pids} or with {@code dir} in their command line. */
    private static List<String> leftRunning(Set<Long> pids, Path dir) {
        List<String> left = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String command = commandLine(pid);
                if ((pids.contains(pid) || command.contains(dir.toString())) && !command.isEmpty() && !zombie(pid)) {
                    left.add(pid + " " + command);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return left;
    }

    private static List<ProcessHandle> tree(List<Long> roots) {
        List<ProcessHandle> all = new ArrayList<>();
        for (long root : roots) {
            ProcessHandle.of(root).ifPresent(p -> {
                all.add(p);
                p.descendants().forEach(all::add);
            });
        }
        return all.stream().distinct().toList();
    }

    /** PSS and RSS (kB) of the processes {@code roots} and their descendants, and how many they are. */
    static long[] memory(List<Long> roots) {
        long pss = 0;
        long rss = 0;
        List<ProcessHandle> tree = tree(roots);
        for (ProcessHandle process : tree) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        pss += kb(line);
                    } else if (line.startsWith("Rss:")) {
                        rss += kb(line);
                    }
                }
            } catch (IOException ended) {
                // ended meanwhile: uses nothing
            }
        }
        return new long[] {pss, rss, tree.size()};
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /** Whether the process has ended (a zombie, or gone). */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException gone) {
            return true;
        }
    }

    private static void awaitNoBrowser(BrowserPool pool) throws InterruptedException {
        awaitCondition(() -> pool.status().browsers().isEmpty(), WAIT);
    }

    private static void awaitIdle(BrowserPool pool, int count) throws InterruptedException {
        awaitCondition(() -> pool.status().browsers().stream()
                .filter(b -> b.state() == PoolStatus.BrowserState.IDLE).count() >= count, WAIT);
    }

    /** Waits until the pool has {@code count} healthy browsers again; returns then ({@link System#nanoTime()}). */
    private static long awaitHealthy(BrowserPool pool, int count) throws InterruptedException {
        awaitCondition(() -> pool.status().browsers().stream().filter(b -> "ok".equals(b.health())
                && (b.state() == PoolStatus.BrowserState.IDLE || b.state() == PoolStatus.BrowserState.LEASED))
                .count() >= count, WAIT);
        return System.nanoTime();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool did not get there within " + limit.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    // ---- output

    private void target(String figure, String target, boolean met) {
        ok &= met;
        System.out.println((met ? "  met:    " : "  MISSED: ") + figure + " (target " + target + ")");
    }

    private interface Timed {
        Object run() throws Exception;
    }

    private static double millis(Timed timed) throws Exception {
        long start = System.nanoTime();
        timed.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private String opt(String key, String fallback) {
        return opts.getOrDefault(key, fallback);
    }

    private int intOpt(String key, int fallback) {
        String value = opts.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + value + "'");
        }
    }

    private static String ms(double millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f", perSecond);
    }

    private static String mb(long kb) {
        return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void log(String line) {
        System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: what is left is the system's to remove
        }
    }
}
