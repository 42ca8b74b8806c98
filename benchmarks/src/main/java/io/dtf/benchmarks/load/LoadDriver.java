package io.dtf.benchmarks.load;

import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.client.DtfClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for the coordinator and its workers, against the real built distribution. Not a JMH
 * benchmark and never run by the build: see {@code docs/performance.md}, "Coordinator and workers".
 *
 * <p>It copies {@code karaf-distribution/target/assembly} to {@code benchmarks/target/load-karaf} with
 * ports of its own, an admin and a worker token in {@code etc/io.dtf.rest.cfg} and the embedded worker
 * off, starts it with {@code bin/start}, and measures, each figure beside its baseline in the same run:
 * <ol>
 *   <li>{@code real}: N tasks of {@code command: ["true"]} over W standalone workers
 *       ({@code dtf-worker.jar --slots 1}), against {@code seq N | xargs -P W -n 1 true} and a bare
 *       {@code ProcessBuilder} loop on W threads;</li>
 *   <li>{@code latency}: submit of a one-task plan to the task's {@code startedAt} on an idle worker,
 *       against a {@code GET /health} round trip;</li>
 *   <li>{@code noop}: N tasks through REST and the durable store, taken by W worker processes whose
 *       executor does nothing ({@link NoopWorker}, {@code --noop-slots} slots each), against {@code GET /health} requests per second from W
 *       threads;</li>
 *   <li>{@code heap}: used heap after a full GC with 10 plans of 10,000 queued tasks and no worker,
 *       against the same coordinator before they were submitted.</li>
 * </ol>
 * Every process it starts is stopped before it exits.
 */
public final class LoadDriver {
    static final String ADMIN = "load-admin-token-0123456789abcdef";
    static final String WORKER = "load-worker-token-0123456789abcdef";
    static final int HTTP_PORT = 8393;

    private final Map<String, String> opts;
    private final Path root;
    private final Path karaf;
    private final Path work;
    private final Path workerJar;
    private final Path benchmarksJar;
    private final int tasks;
    private final int workers;
    private final int slots;
    /** Slots of each no-op worker: enough that a poll carries a batch of reports and takes a batch of leases. */
    private final int noopSlots;
    private final int samples;
    /** Tasks in each warm-up round before a throughput figure: the coordinator and the workers are measured warm. */
    private final int warmup;
    /** Warm-up rounds at most before each throughput figure. */
    private static final int WARM_UP_ROUNDS = 5;
    /** A warm-up round in which the coordinator's JIT took less than this share of its CPU ends the warm-up. */
    private static final double WARM_JIT_SHARE = 0.15;
    /** Measured runs of each throughput figure, one after the other; the median counts. */
    private final int runs;
    /** Short tasks each worker holds per slot ({@code --prefetch} of the standalone worker). */
    private final String prefetch;
    /** The worker JVMs' flags: small and quick to start, as {@code RemoteWorkerIT} starts them. */
    private final String workerJvmFlags;
    private final boolean profile;
    private final String url = "http://127.0.0.1:" + HTTP_PORT;
    private final List<Process> started = new ArrayList<>();
    private final Stats.Table table = new Stats.Table("figure", "DTF", "baseline", "baseline is", "target", "met");
    private final List<String> notes = new ArrayList<>();
    private DtfClient dtf;
    private long karafPid;

    LoadDriver(Map<String, String> opts) throws Exception {
        this.opts = opts;
        this.root = Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.karaf = root.resolve("benchmarks/target/load-karaf");
        this.work = root.resolve("benchmarks/target/load-work");
        this.workerJar = root.resolve(opts.getOrDefault("worker-jar", "bundles/worker/target/dtf-worker.jar"));
        this.benchmarksJar = Path.of(LoadDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        this.tasks = Integer.parseInt(opts.getOrDefault("tasks", "10000"));
        this.workers = Integer.parseInt(opts.getOrDefault("workers", "8"));
        this.slots = Integer.parseInt(opts.getOrDefault("slots", "1"));
        this.noopSlots = Integer.parseInt(opts.getOrDefault("noop-slots", "32"));
        this.samples = Integer.parseInt(opts.getOrDefault("samples", "300"));
        this.warmup = Integer.parseInt(opts.getOrDefault("warmup", "10000"));
        this.runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        this.prefetch = opts.getOrDefault("prefetch", "8");
        this.workerJvmFlags = opts.getOrDefault("worker-jvm", "-Xmx96m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        this.profile = opts.containsKey("profile");
    }

    /**
     * {@code java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.load.LoadDriver [--only
     * real,latency,noop,heap] [--tasks 10000] [--workers 8] [--slots 1] [--noop-slots 32] [--samples 300] [--warmup 10000] [--runs 3] [--prefetch 8] [--worker-jvm "FLAGS"]
     * [--profile] [--durable-hook [TYPES]] [--root .]}, from the checkout's root after the distribution and the worker jar are
     * built. {@code --durable-hook} deploys a durable hook that does nothing ({@link NoopDurableHook}), on TASK_COMPLETED and
     * RUN_COMPLETED or the comma-separated types given.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i]);
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            opts.put(key, flag ? "true" : args[++i]);
        }
        LoadDriver driver = new LoadDriver(opts);
        Thread cleanup = new Thread(driver::stopAll, "load-driver-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            driver.run();
        } finally {
            driver.stopAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    void run() throws Exception {
        List<String> only = List.of(opts.getOrDefault("only", "real,latency,noop,heap").split(","));
        log("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, load average " + loadAverage()
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        startKaraf();
        if (only.contains("real") || only.contains("latency")) {
            startWorkers("real", workers, slots, false);
            if (only.contains("real")) {
                realProcesses();
            }
            if (only.contains("latency")) {
                latency();
            }
            stopWorkers();
        }
        if (only.contains("noop")) {
            startWorkers("noop", workers, noopSlots, true);
            coordinatorPath();
            stopWorkers();
            notes.add(protocolCounts("noop"));
        }
        if (only.contains("heap")) {
            heap();
        }
        log("load average at the end: " + loadAverage());
        System.out.println();
        System.out.print(table.markdown());
        notes.forEach(n -> System.out.println("- " + n));
    }

    // ------------------------------------------------------------------ 1. real processes

    private void realProcesses() throws Exception {
        log("real: xargs baseline");
        double xargs = seconds(() -> sh("seq " + tasks + " | xargs -P " + workers * slots + " -n 1 true"));
        log("real: ProcessBuilder baseline");
        double bare = seconds(() -> processBuilderLoop(tasks, workers * slots));
        // the coordinator and the workers are long-running servers: measure them warm, as the no-op run is
        warmUp("real");
        log("real: DTF, " + tasks + " tasks of true over " + workers + " workers x " + slots + " slots");
        Profiler coordinator = profile ? Profiler.start(karafPid) : null;
        Profiler worker = profile ? Profiler.start(workerProcesses.get(0).pid()) : null;
        Result dtfRun = measuredRuns("real");
        if (coordinator != null) {
            notes.add("profile of the coordinator during real:\n" + coordinator.stop());
            notes.add("profile of worker real-1 during real:\n" + worker.stop());
        }
        double ratio = dtfRun.seconds / xargs;
        table.row("real processes: " + tasks + " x `true`, " + workers + " workers x " + slots + " slot",
                fmt(dtfRun.seconds) + " s", fmt(xargs) + " s",
                "`seq | xargs -P " + workers * slots + "` (ProcessBuilder x" + workers * slots + ": " + fmt(bare) + " s)",
                "<= 2.5x xargs", String.format(Locale.ROOT, "%s (%.1fx)", ratio <= 2.5 ? "yes" : "no", ratio));
        notes.add(String.format(Locale.ROOT, "real: %s; submit call %.0f ms", dtfRun.describe(), dtfRun.submitMillis));
    }

    private static void processBuilderLoop(int n, int threads) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Thread> pool = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (next.getAndIncrement() < n) {
                        Process p = new ProcessBuilder("true").redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        if (p.waitFor() != 0) {
                            failed.set(true);
                        }
                    }
                } catch (Exception e) {
                    failed.set(true);
                }
            });
            thread.start();
            pool.add(thread);
        }
        for (Thread t : pool) {
            t.join();
        }
        if (failed.get()) {
            throw new IllegalStateException("a process failed");
        }
    }

    // ------------------------------------------------------------------ 2. submit to start

    private void latency() throws Exception {
        log("latency: /health round trips");
        double[] health = new double[samples];
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/health")).GET().build();
        for (int i = 0; i < 50; i++) {
            client.send(get, HttpResponse.BodyHandlers.discarding());
        }
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            client.send(get, HttpResponse.BodyHandlers.discarding());
            health[i] = (System.nanoTime() - t0) / 1e6;
        }
        log("latency: " + samples + " one-task plans, one at a time, on idle workers");
        String plan = "name: latency\ntasks:\n  - {name: t, type: command, command: ['true']}\n";
        for (int i = 0; i < 20; i++) { // warm-up
            awaitFinished(dtf.submit(plan, "latency.yaml").run().id(), Duration.ofSeconds(30));
        }
        double[] toStart = new double[samples];
        double[] submitCall = new double[samples];
        for (int i = 0; i < samples; i++) {
            Thread.sleep(20); // the worker is back in its long poll
            Instant t0 = Instant.now();
            long n0 = System.nanoTime();
            RunSummary run = dtf.submit(plan, "latency.yaml");
            submitCall[i] = (System.nanoTime() - n0) / 1e6;
            awaitFinished(run.run().id(), Duration.ofSeconds(30));
            Task task = dtf.allTasks(run.run().id()).get(0);
            toStart[i] = Duration.between(t0, task.startedAt()).toNanos() / 1e6;
        }
        double p99 = Stats.percentile(toStart, 99);
        table.row("submit to start, p50", fmt(Stats.percentile(toStart, 50)) + " ms",
                fmt(Stats.percentile(health, 50)) + " ms", "`GET /health` round trip", "", "");
        table.row("submit to start, p99", fmt(p99) + " ms", fmt(Stats.percentile(health, 99)) + " ms",
                "`GET /health` round trip", "< 20 ms", p99 < 20 ? "yes" : "no");
        notes.add(String.format(Locale.ROOT, "latency: %d samples; max %.1f ms; the submit call alone p50 %.1f ms, "
                        + "p99 %.1f ms", samples, Stats.percentile(toStart, 100), Stats.percentile(submitCall, 50),
                Stats.percentile(submitCall, 99)));
    }

    // ------------------------------------------------------------------ 3. coordinator path

    private void coordinatorPath() throws Exception {
        log("noop: /health requests per second from " + workers + " threads");
        double healthRate = healthRate(workers, Duration.ofSeconds(5));
        warmUp("noop");
        log("noop: " + tasks + " tasks over " + workers + " no-op workers x " + noopSlots + " slots");
        Profiler profiler = profile ? Profiler.start(karafPid) : null;
        Result r = measuredRuns("noop");
        if (profiler != null) {
            notes.add("profile of the coordinator during noop (jcmd Thread.print samples):\n" + profiler.stop());
        }
        double rate = tasks / r.seconds;
        table.row("coordinator path: " + tasks + " tasks, " + workers + " no-op workers x " + noopSlots + " slots",
                fmt(rate) + " tasks/s", fmt(healthRate) + " req/s",
                "`GET /health` from " + workers + " threads; Dask ~1 ms/task = 1,000 tasks/s", ">= 5,000 tasks/s",
                rate >= 5000 ? "yes" : "no");
        notes.add(String.format(Locale.ROOT, "noop: %s; submit call %.0f ms; %.2f ms of coordinator wall time per task",
                r.describe(), r.submitMillis, 1000 / rate));
    }

    /** What the no-op workers printed about their requests when they stopped, added up. */
    private String protocolCounts(String prefix) throws IOException {
        Map<String, Long> sums = new java.util.TreeMap<>();
        for (int i = 1; i <= workers; i++) {
            for (String line : Files.readAllLines(work.resolve(prefix + "-" + i + ".log"))) {
                if (line.startsWith(CountingGateway.PREFIX)) {
                    for (String pair : line.substring(CountingGateway.PREFIX.length()).trim().split(" ")) {
                        String[] kv = pair.split("=");
                        sums.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                    }
                }
            }
        }
        long leases = sums.getOrDefault("leases", 0L);
        long requests = sums.getOrDefault("polls", 0L) + sums.getOrDefault("reportRequests", 0L);
        return String.format(Locale.ROOT, "noop worker protocol (warm-up and run): %s; %.2f requests per task, "
                + "%.1f reports per report-carrying request", sums, leases == 0 ? 0.0 : (double) requests / leases,
                requests == 0 ? 0.0 : (double) sums.getOrDefault("reports", 0L) / requests);
    }

    private double healthRate(int threads, Duration length) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/health")).GET().build();
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        client.send(get, HttpResponse.BodyHandlers.discarding());
                        count.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            pool.add(thread);
        }
        for (Thread t : pool) {
            t.join();
        }
        return count.get() / (length.toNanos() / 1e9);
    }

    // ------------------------------------------------------------------ 4. heap

    private void heap() throws Exception {
        awaitNoWorkers();
        long before = usedHeapAfterGc();
        int plans = 10;
        log("heap: " + plans + " plans of 10,000 tasks, no worker");
        double[] submitMillis = new double[plans];
        for (int i = 0; i < plans; i++) {
            long start = System.nanoTime();
            dtf.submit(plan("heap-" + i, 10_000), "heap.yaml");
            submitMillis[i] = (System.nanoTime() - start) / 1e6;
        }
        notes.add(String.format(Locale.ROOT, "heap: the submit calls of 10,000 tasks with no worker took %s ms "
                + "(median %.0f ms)", java.util.Arrays.stream(submitMillis).mapToObj(m -> String.format(Locale.ROOT,
                "%.0f", m)).collect(java.util.stream.Collectors.joining(", ")), Stats.percentile(submitMillis, 50)));
        long after = usedHeapAfterGc();
        long queued = dtf.runs(new io.dtf.api.task.RunQuery(null, new Page(0, 100))).items().stream()
                .filter(s -> s.run().name().startsWith("heap-"))
                .mapToLong(s -> s.counts().byState().getOrDefault(io.dtf.api.task.TaskState.QUEUED, 0)).sum();
        table.row("coordinator heap, " + queued + " queued tasks", mib(after) + " MiB", mib(before) + " MiB",
                "same coordinator before the submits (after the runs above)", "< 256 MiB",
                after < 256L * 1024 * 1024 ? "yes" : "no");
        notes.add(String.format(Locale.ROOT, "heap: used after GC.run, from jcmd GC.heap_info; %.0f bytes per queued "
                + "task; %s", (after - before) / (double) Math.max(1, queued), heapInfoLine()));
    }

    private long usedHeapAfterGc() throws Exception {
        jcmd("GC.run");
        Thread.sleep(500);
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String heapInfoLine() throws Exception {
        return jcmd("GC.heap_info").lines().filter(l -> l.contains("total")).findFirst().orElse("").trim();
    }

    private String jcmd(String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(karafPid), command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    // ------------------------------------------------------------------ runs

    private record Result(RunSummary run, double seconds, double submitMillis, double coordinatorCpu,
                          double coordinatorJitCpu, double workersCpu) {
        String describe() {
            int n = run.counts().total();
            return String.format(Locale.ROOT, "%s %s %s; CPU time: coordinator %.1f s (%.2f ms/task, of which its JIT "
                    + "compilers %.1f s), workers %.1f s (%.2f ms/task)", run.run().id(), run.state(),
                    run.counts().byState(), coordinatorCpu, coordinatorCpu * 1000 / n, coordinatorJitCpu, workersCpu,
                    workersCpu * 1000 / n);
        }
    }

    /** CPU seconds the coordinator's JVM has used so far. */
    private double coordinatorCpu() {
        return ProcessHandle.of(karafPid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /**
     * CPU seconds the coordinator's JIT compiler threads have used so far: on 2 cores they compete with
     * the work, and a JVM this large is still compiling long after it started.
     */
    private double coordinatorJitCpu() {
        double sum = 0;
        try (var threads = Files.list(Path.of("/proc/" + karafPid + "/task"))) {
            for (Path thread : threads.toList()) {
                String stat = Files.readString(thread.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in ticks
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // not Linux, or a thread ended while read
        }
        return sum;
    }

    /**
     * Runs warm-up plans of {@code --warmup} tasks until the coordinator's JIT compilers took less than
     * {@link #WARM_JIT_SHARE} of its CPU during one (at most {@link #WARM_UP_ROUNDS}), then lets them
     * finish their queue. The coordinator and the workers are long-running servers: the figures are
     * theirs once warm. The first rounds, printed as they run, show what a coordinator just started gives.
     */
    private void warmUp(String label) throws Exception {
        for (int round = 1; round <= WARM_UP_ROUNDS && warmup > 0; round++) {
            Result r = runPlan(label + "-warmup-" + round, warmup);
            notes.add(String.format(Locale.ROOT, "%s warm-up %d: %d tasks in %.2f s, the coordinator's JIT %.1f of its "
                    + "%.1f s of CPU", label, round, warmup, r.seconds, r.coordinatorJitCpu, r.coordinatorCpu));
            if (r.coordinatorJitCpu < WARM_JIT_SHARE * r.coordinatorCpu) {
                break;
            }
        }
        settleJit(label);
    }

    /**
     * Waits, after a warm-up, until the coordinator's JIT compilers are idle (under 5% of a core over
     * half a second), at most 30 s. On 2 cores the compilers get only their share of the CPU while the
     * warm-up runs, so the methods it made hot wait in their queue and would be compiled during the
     * measured run; a coordinator that has been up for a while has compiled them.
     */
    private void settleJit(String label) throws InterruptedException {
        long start = System.nanoTime();
        double first = coordinatorJitCpu();
        double last = first;
        while (System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(500);
            double now = coordinatorJitCpu();
            if (Double.isNaN(now) || now - last < 0.025) {
                last = now;
                break;
            }
            last = now;
        }
        log(String.format(Locale.ROOT, "%s: the coordinator's JIT compilers settled after the warm-up in %.1f s, "
                + "using %.1f s of CPU meanwhile", label, (System.nanoTime() - start) / 1e9, last - first));
    }

    /** CPU seconds the worker processes (not their tasks' processes) have used so far. */
    private double workersCpu() {
        return workerProcesses.stream().mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN)).sum();
    }

    /** Submits one plan of {@code n} tasks of {@code true}; the wall time runs from the submit call to the run's end. */
    private Result runPlan(String name, int n) throws Exception {
        String plan = plan(name, n);
        double cpu0 = coordinatorCpu();
        double jit0 = coordinatorJitCpu();
        double workers0 = workersCpu();
        Instant t0 = Instant.now();
        long n0 = System.nanoTime();
        RunSummary run = dtf.submit(plan, name + ".yaml");
        double submitMillis = (System.nanoTime() - n0) / 1e6;
        RunSummary done = awaitFinished(run.run().id(), Duration.ofMinutes(15));
        double seconds = Duration.between(t0, done.finishedAt()).toNanos() / 1e9;
        log(String.format(Locale.ROOT, "%s: %d tasks in %.2f s (%.0f tasks/s), %s", name, n, seconds, n / seconds,
                done.counts().byState()));
        return new Result(done, seconds, submitMillis, coordinatorCpu() - cpu0, coordinatorJitCpu() - jit0,
                workersCpu() - workers0);
    }

    /**
     * Runs the measured plan {@code --runs} times, one after the other, and returns the median run; the
     * notes list every run. The first runs after a warm-up still pay for JIT compilation on the
     * coordinator (methods called once per request reach the optimizing compiler's thresholds only
     * after many thousands of tasks); the median is closer to a coordinator that has been up a while.
     */
    private Result measuredRuns(String name) throws Exception {
        List<Result> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            results.add(runPlan(runs == 1 ? name : name + "-" + i, tasks));
        }
        notes.add(name + ": runs " + results.stream().map(r -> String.format(Locale.ROOT, "%.2f s (JIT %.1f s)",
                r.seconds, r.coordinatorJitCpu)).collect(java.util.stream.Collectors.joining(", ")) + "; the median counts");
        List<Result> bySpeed = new ArrayList<>(results);
        bySpeed.sort(java.util.Comparator.comparingDouble(Result::seconds));
        return bySpeed.get(bySpeed.size() / 2);
    }

    static String plan(String name, int n) {
        StringBuilder s = new StringBuilder(64 + n * 56).append("name: ").append(name).append("\ntasks:\n");
        for (int i = 1; i <= n; i++) {
            s.append("  - {name: t").append(i).append(", type: command, command: ['true']}\n");
        }
        return s.toString();
    }

    private RunSummary awaitFinished(RunId id, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        long pause = 2;
        while (true) {
            RunSummary s = dtf.run(id);
            if (s.state().isFinished() && s.finishedAt() != null) {
                return s;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("run " + id + " did not finish within " + max + ": "
                        + s.counts().byState());
            }
            Thread.sleep(pause);
            // a run's summary is a query over its tasks: for big runs asked rarely (the figure is the
            // run's own finishedAt, not when the driver noticed it)
            pause = Math.min(s.counts().total() > 1 ? 1000 : 20, pause * 2);
        }
    }

    // ------------------------------------------------------------------ processes

    private void startKaraf() throws Exception {
        Path assembly = root.resolve("karaf-distribution/target/assembly");
        if (!Files.isDirectory(assembly.resolve("bin"))) {
            throw new IllegalStateException("build the distribution first: no " + assembly);
        }
        if (!Files.isRegularFile(workerJar)) {
            throw new IllegalStateException("build the worker first: no " + workerJar);
        }
        for (int port : new int[] {HTTP_PORT, 8391, 1391, 44691}) {
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is in use; is another load driver running?");
            }
        }
        sh("rm -rf '" + karaf + "' '" + work + "' && cp -a '" + assembly + "' '" + karaf + "' && rm -rf '"
                + karaf.resolve("data") + "'");
        Files.createDirectories(work);
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", "8391");
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "1391");
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44691");
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT));
        setProperty("etc/io.dtf.worker.cfg", "enabled", "false");
        setProperty("etc/io.dtf.rest.cfg", ".tokens", "admin:" + ADMIN + ", worker:" + WORKER);
        if (opts.containsKey("durable-hook")) {
            Files.createDirectories(karaf.resolve("deploy"));
            String types = opts.get("durable-hook").equals("true") ? "TASK_COMPLETED,RUN_COMPLETED" : opts.get("durable-hook");
            NoopDurableHook.writeBundle(karaf.resolve("deploy/noop-durable-hook.jar"), types);
            log("with a durable no-op hook on " + types + " (deploy/noop-durable-hook.jar)");
        }
        log("starting " + karaf);
        sh("'" + karaf.resolve("bin/start") + "'");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        dtf = DtfClient.connect(URI.create(url), ADMIN);
        while (true) {
            Optional<ProcessHandle> p = karafProcess();
            if (p.isPresent()) {
                karafPid = p.get().pid();
                try {
                    if (dtf.isReady()) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // not yet
                }
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Karaf was not ready within 180 s; see " + karaf.resolve("data/log"));
            }
            Thread.sleep(500);
        }
        log("Karaf pid " + karafPid + " ready at " + url + "; " + heapInfoLine());
    }

    private Optional<ProcessHandle> karafProcess() {
        String base = "-Dkaraf.base=" + karaf;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(base)).orElse(false))
                .findFirst();
    }

    private final List<Process> workerProcesses = new ArrayList<>();

    private void startWorkers(String prefix, int count, int slotsEach, boolean noop) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = prefix + "-" + i;
            Path dir = work.resolve(name);
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(List.of(workerJvmFlags.split(" ")));
            if (noop) {
                command.addAll(List.of("-cp", benchmarksJar.toString(), NoopWorker.class.getName(), url, name,
                        String.valueOf(slotsEach), dir.toString(), prefetch));
            } else {
                command.addAll(List.of("-jar", workerJar.toString(), "--coordinator", url, "--slots",
                        String.valueOf(slotsEach), "--prefetch", prefetch, "--name", name, "--work-dir", dir.toString()));
            }
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + ".log").toFile());
            b.environment().put("DTF_TOKEN", WORKER);
            Process p = b.start();
            workerProcesses.add(p);
            synchronized (started) {
                started.add(p);
            }
            names.add(name);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<String> ready = dtf.workers(new Page(0, Page.MAX_LIMIT)).items().stream()
                    .filter(w -> w.state() != WorkerState.LOST).map(w -> w.info().name()).toList();
            if (ready.containsAll(names)) {
                break;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("workers not registered within 120 s: " + ready + "; logs in " + work);
            }
            Thread.sleep(200);
        }
        log(count + " " + (noop ? "no-op" : "standalone") + " workers registered");
    }

    /** SIGTERM: the workers drain and unregister. */
    private void stopWorkers() throws Exception {
        workerProcesses.forEach(Process::destroy);
        for (Process p : workerProcesses) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        workerProcesses.clear();
    }

    private void awaitNoWorkers() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<WorkerStatus> left = dtf.workers(new Page(0, Page.MAX_LIMIT)).items().stream()
                    .filter(w -> w.state() != WorkerState.LOST).toList();
            if (left.isEmpty() || System.nanoTime() > end) {
                return;
            }
            Thread.sleep(200);
        }
    }

    void stopAll() {
        synchronized (started) {
            for (Process p : started) {
                p.destroy();
            }
            for (Process p : started) {
                try {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
            started.clear();
        }
        if (dtf != null) {
            dtf.close();
            dtf = null;
        }
        if (karafPid != 0) {
            Optional<ProcessHandle> k = ProcessHandle.of(karafPid);
            if (k.isPresent() && k.get().isAlive()) {
                log("stopping Karaf pid " + karafPid);
                k.get().destroy();
                try {
                    k.get().onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    k.get().destroyForcibly();
                }
            }
            karafPid = 0;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Sets {@code key} in a Karaf configuration file: its lines for the key (set or commented out) go. */
    private void setProperty(String file, String key, String value) throws IOException {
        setProperty(karaf, file, key, value);
    }

    /** Sets {@code key} in a configuration file of a Karaf copy, in place of the line (commented or not) that has it. */
    static void setProperty(Path karaf, String file, String key, String value) throws IOException {
        Path path = karaf.resolve(file);
        Pattern line = Pattern.compile("\\s*#?\\s*" + Pattern.quote(key) + "\\s*=.*");
        List<String> kept = new ArrayList<>(Files.exists(path) ? Files.readAllLines(path) : List.of());
        kept.removeIf(l -> line.matcher(l).matches());
        kept.add(key + " = " + value);
        Files.write(path, kept);
    }

    static void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + script);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String mib(long bytes) {
        return String.valueOf(Math.round(bytes / 1024.0 / 1024.0));
    }

    private static void log(String message) {
        System.out.println("[load " + Instant.now() + "] " + message);
    }

    /**
     * Samples the coordinator's threads with {@code jcmd Thread.print} once a second: for every thread that
     * runs DTF or Jetty code, its state and its topmost {@code io.dtf} frame (and the top frame).
     */
    static final class Profiler {
        private final long pid;
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private int dumps;

        private Profiler(long pid) {
            this.pid = pid;
            this.thread = new Thread(this::loop, "load-profiler");
            this.thread.setDaemon(true);
        }

        static Profiler start(long pid) {
            Profiler p = new Profiler(pid);
            p.thread.start();
            return p;
        }

        private void loop() {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            while (running.get()) {
                try {
                    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor();
                    add(out);
                    Thread.sleep(1000);
                } catch (Exception e) {
                    return;
                }
            }
        }

        private synchronized void add(String dump) {
            dumps++;
            for (String block : dump.split("\n\n")) {
                String[] lines = block.split("\n");
                if (lines.length < 3 || !lines[0].startsWith("\"")) {
                    continue;
                }
                String state = lines[1].trim().replace("java.lang.Thread.State: ", "");
                String top = lines[2].trim();
                String dtfFrame = null;
                String lockWait = null;
                for (String l : lines) {
                    String t = l.trim();
                    if (dtfFrame == null && t.startsWith("at io.dtf.")) {
                        dtfFrame = t;
                    }
                    if (lockWait == null && (t.startsWith("- waiting to lock") || (t.startsWith(
                            "- parking to wait for") && t.contains("ReentrantLock$")))) {
                        lockWait = t.replaceAll("<0x[0-9a-f]+>", "<lock>");
                    }
                }
                if (dtfFrame == null || (state.contains("WAITING") && lockWait == null)) {
                    continue; // idle: a long poll, a pool waiting for work
                }
                String key = state + " | " + (lockWait != null ? lockWait + " | " : "") + dtfFrame
                        + (top.equals(dtfFrame) ? "" : " | top " + top);
                counts.merge(key, 1, Integer::sum);
            }
        }

        synchronized String stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            StringBuilder s = new StringBuilder("  " + dumps + " dumps; busy DTF thread samples, most first:\n");
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                    .forEach(e -> s.append("  ").append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
            return s.toString();
        }
    }
}
