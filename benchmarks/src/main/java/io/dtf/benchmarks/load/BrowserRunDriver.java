package io.dtf.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.client.DtfClient;
import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code browser} tasks measured through the whole DTF path, in the real built distribution as a user runs them (issue
 * 14, "1,000 small WebGPU tasks on 2 pooled browsers, against one new session per task"): a plan submitted over REST,
 * the coordinator and its scheduler, the embedded worker, the {@code browser} executor, the browser pool and real
 * headless Chromium (Debian's, SwiftShader WebGPU). {@link BrowserPoolDriver} measures the pool alone.
 *
 * <pre>
 * mvn -B -q -o -f benchmarks/pom.xml package -Dmaven.test.skip=true &amp;&amp; java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.load.BrowserRunDriver [--tasks 1000] [--baseline-tasks 50] [--browsers 2]
 * </pre>
 *
 * It copies {@code karaf-distribution/target/assembly} (build it first) to {@code benchmarks/target/browser-karaf},
 * with ports of its own (HTTP 8395, SSH 8497, RMI 1493 and 44793: not those of {@link LoadDriver}, of
 * {@link GitHubReportDriver} or of the integration tests), an admin token, the embedded worker on with one slot per
 * browser ({@code etc/io.dtf.worker.cfg}) and the pool's settings in {@code etc/io.dtf.pool.browser.cfg}:
 * <ol>
 *   <li><b>pooled</b>: {@code --browsers} Chromium browsers, warm ({@code chrome.min = chrome.max}), the other settings
 *   the defaults (50 uses a browser). One plan of {@code --tasks} {@code browser} tasks ({@code webgpu: true}, one
 *   shard), each a small WebGPU job: {@link BrowserPoolDriver}'s compute shader doubling 256 floats, read back and
 *   summed, the sum checked with {@code dtf.check} in the browser. Before it, {@code --warmup} tasks not counted.</li>
 *   <li><b>a new browser per task</b>: Karaf stopped, the pool set to {@code maxUses = 1} and {@code chrome.min = 0}
 *   (as {@link BrowserPoolDriver}'s baseline), started again, and {@code --baseline-tasks} of the same tasks.</li>
 * </ol>
 * Each gives, from REST: the wall time from the submit call to the run's {@code finishedAt}, tasks per second, and
 * p50/p99 of each task's own duration ({@code startedAt} to {@code finishedAt}) and of its time in the queue
 * ({@code createdAt} to {@code startedAt}). Every task must pass with its check and its result ({@code sum}) right.
 * After each stop ({@code bin/stop}, then a kill of what is left of the Karaf JVM) no Chromium or chromedriver
 * process of that Karaf may be left: neither one whose command line names the copy's folder nor one seen among
 * Karaf's descendants during the run. Exits with 1 when a check fails or a target is missed; Karaf is stopped on every
 * way out (a shutdown hook too).
 */
public final class BrowserRunDriver {
    private static final String ADMIN = "browser-bench-admin-token-0123456789abcdef";
    private static final int HTTP_PORT = 8395;
    private static final int SSH_PORT = 8497;
    private static final int RMI_REGISTRY_PORT = 1493;
    private static final int RMI_SERVER_PORT = 44793;
    private static final String POOL_CFG = "etc/io.dtf.pool.browser.cfg";
    private static final String SCRIPT = "browser-bench/webgpu-double.js";
    /** The figure was met at the pool's level with at least this: pooled tasks per second / new browser's. */
    private static final double THROUGHPUT_TARGET = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The task's script: {@link BrowserPoolDriver}'s WebGPU job (the same job as the pool's own figures: it doubles
     * {@code n} floats on a compute shader, reads them back and sums them), called with the arguments WebDriver would
     * give it, its sum checked with {@code dtf.check}.
     */
    private static final String JOB = "// BrowserRunDriver's task: doubles n floats on a WebGPU compute shader, reads them "
            + "back, checks their sum\n"
            + "async function run(dtf) {\n"
            + "  const n = dtf.input.n;\n"
            + "  const sum = await new Promise(done => (function () {\n" + BrowserPoolDriver.JOB + "\n  })(n, done));\n"
            + "  if (typeof sum !== 'number') {\n"
            + "    throw new Error(`the WebGPU job gave ${sum}`);\n"
            + "  }\n"
            + "  dtf.check(`${n} floats doubled`, sum === n * (n - 1), `their sum is ${sum}, not ${n * (n - 1)}`);\n"
            + "  return {n, sum};\n"
            + "}\n";

    private final Path root;
    private final Path karaf;
    private final int tasks;
    private final int baselineTasks;
    private final int browsers;
    private final int warmup;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Chromium and chromedriver processes seen among Karaf's descendants, by pid, with their start. */
    private final Map<Long, Optional<Instant>> seen = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private DtfClient dtf;
    private boolean running;
    private int left;

    private BrowserRunDriver(Map<String, String> opts) {
        root = Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
        karaf = root.resolve("benchmarks/target/browser-karaf");
        tasks = intOpt(opts, "tasks", 1000);
        baselineTasks = intOpt(opts, "baseline-tasks", 50);
        browsers = intOpt(opts, "browsers", 2);
        warmup = intOpt(opts, "warmup", 10);
    }

    public static void main(String[] args) {
        Map<String, String> opts = BrowserPoolDriver.options(args, "BrowserRunDriver [--tasks 1000] "
                + "[--baseline-tasks 50] [--browsers 2] [--warmup 10] [--root .]");
        BrowserRunDriver driver;
        try {
            driver = new BrowserRunDriver(opts);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        Thread hook = new Thread(driver::stopKaraf, "browser-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            driver.run();
        } catch (IllegalStateException e) {
            driver.failures.add(e.getMessage());
        } catch (Exception e) {
            driver.failures.add("the run broke off: " + e);
            e.printStackTrace(System.out);
        } finally {
            driver.stopKaraf();
        }
        if (!driver.failures.isEmpty()) {
            System.out.println("Failed:");
            driver.failures.forEach(f -> System.out.println("  " + f));
        }
        System.out.println(driver.failures.isEmpty() ? "All checks passed, all targets met." : "A check failed.");
        System.exit(driver.failures.isEmpty() ? 0 : 1);
    }

    private void run() throws Exception {
        for (String binary : List.of("/usr/lib/chromium/chromium", "/usr/bin/chromedriver")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is not installed (Debian: apt-get install chromium "
                        + "chromium-driver)");
            }
        }
        log(String.format(Locale.ROOT, "browser tasks through DTF: %d pooled, %d with a new browser each, %d browsers; "
                + "%d cores, load average %s", tasks, baselineTasks, browsers, Runtime.getRuntime().availableProcessors(),
                LoadDriver.loadAverage()));
        copyDistribution();
        String loadAtStart = LoadDriver.loadAverage();

        setPool(browsers, 50);
        startKaraf();
        awaitIdleBrowsers(browsers);
        Figures pooled = measure("pooled", tasks);
        Map<String, Long> pooledCounters = counters();
        stopKaraf();

        setPool(0, 1);
        startKaraf();
        Figures fresh = measure("new browser", baselineTasks);
        Map<String, Long> freshCounters = counters();
        stopKaraf();
        String loadAtEnd = LoadDriver.loadAverage();

        System.out.println();
        Stats.Table table = new Stats.Table("small WebGPU browser tasks, " + browsers + " slots", "tasks", "wall",
                "tasks/s", "task p50", "task p99", "queue p50", "queue p99", "not passed");
        row(table, browsers + " pooled browsers (warm, maxUses 50)", pooled);
        row(table, "a new browser per task (maxUses 1)", fresh);
        System.out.print(table.markdown());
        System.out.println("Pool counters, pooled: " + pooledCounters);
        System.out.println("Pool counters, a new browser per task: " + freshCounters);
        System.out.println("Load average (1, 5, 15 min): " + loadAtStart + " at the start, " + loadAtEnd + " at the end");
        System.out.println();

        double throughput = pooled.perSecond() / fresh.perSecond();
        double p99 = fresh.taskP99() / pooled.taskP99();
        Stats.Table targets = new Stats.Table("figure", "measured", "target", "met");
        target(targets, "throughput, pooled / a new browser per task", String.format(Locale.ROOT, "%.1fx", throughput),
                ">= " + (int) THROUGHPUT_TARGET + "x (BrowserPoolDriver's target for the pool alone)",
                throughput >= THROUGHPUT_TARGET);
        target(targets, "p99 task duration, a new browser per task / pooled", String.format(Locale.ROOT, "%.1fx", p99),
                "> 1x (pooled is faster)", p99 > 1);
        target(targets, "tasks not passed (pooled + new browser)", String.valueOf(pooled.failed() + fresh.failed()), "0",
                pooled.failed() + fresh.failed() == 0);
        target(targets, "Chromium or chromedriver processes left after the stops (" + seen.size() + " seen)",
                String.valueOf(left), "0", left == 0);
        System.out.print(targets.markdown());
        System.out.printf(Locale.ROOT, "%,d tasks would take %,.0f s pooled and %,.0f s with a new browser each%n", tasks,
                tasks / pooled.perSecond(), tasks / fresh.perSecond());
    }

    // ---- the distribution

    private void copyDistribution() throws Exception {
        Path assembly = root.resolve("karaf-distribution/target/assembly");
        if (!Files.isDirectory(assembly.resolve("bin"))) {
            throw new IllegalStateException("No built distribution at " + assembly + ": build it first "
                    + "(mvn -B -o install -DskipTests in the checkout's root)");
        }
        if (karafProcess().isPresent()) {
            throw new IllegalStateException("A Karaf of " + karaf + " is still running: stop it first ("
                    + karaf.resolve("bin/stop") + ")");
        }
        LoadDriver.sh("rm -rf '" + karaf + "' && mkdir -p '" + karaf.getParent() + "' && cp -a '" + assembly + "' '"
                + karaf + "' && rm -rf '" + karaf.resolve("data") + "'");
        LoadDriver.setProperty(karaf, "etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT));
        LoadDriver.setProperty(karaf, "etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                String.valueOf(RMI_REGISTRY_PORT));
        LoadDriver.setProperty(karaf, "etc/org.apache.karaf.management.cfg", "rmiServerPort",
                String.valueOf(RMI_SERVER_PORT));
        LoadDriver.setProperty(karaf, "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT));
        LoadDriver.setProperty(karaf, "etc/io.dtf.rest.cfg", ".tokens", "admin:" + ADMIN);
        LoadDriver.setProperty(karaf, "etc/io.dtf.worker.cfg", "enabled", "true");
        LoadDriver.setProperty(karaf, "etc/io.dtf.worker.cfg", "slots", String.valueOf(browsers));
        Files.createDirectories(karaf.resolve(SCRIPT).getParent());
        Files.writeString(karaf.resolve(SCRIPT), JOB);
    }

    /** The pool: Debian's Chromium, at most {@code --browsers}, {@code min} of them kept warm, {@code maxUses}. */
    private void setPool(int min, int maxUses) throws IOException {
        LoadDriver.setProperty(karaf, POOL_CFG, "chrome.binary", "/usr/lib/chromium/chromium");
        LoadDriver.setProperty(karaf, POOL_CFG, "chrome.driver", "/usr/bin/chromedriver");
        LoadDriver.setProperty(karaf, POOL_CFG, "chrome.min", String.valueOf(min));
        LoadDriver.setProperty(karaf, POOL_CFG, "chrome.max", String.valueOf(browsers));
        LoadDriver.setProperty(karaf, POOL_CFG, "maxUses", String.valueOf(maxUses));
    }

    /** {@code bin/start}, then waits until DTF is ready and the embedded worker advertises WebGPU. */
    private void startKaraf() throws Exception {
        log("starting " + karaf);
        running = true;
        LoadDriver.sh("'" + karaf.resolve("bin/start") + "'");
        dtf = DtfClient.connect(URI.create("http://127.0.0.1:" + HTTP_PORT), ADMIN);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try {
                if (dtf.isReady() && dtf.workers(Page.FIRST).items().stream().anyMatch(BrowserRunDriver::webGpuWorker)) {
                    break;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Karaf was not ready with a WebGPU worker within 180 s; see "
                        + karaf.resolve("data/log/karaf.log"));
            }
            Thread.sleep(500);
        }
        log("ready: the embedded worker advertises webgpu=true");
    }

    private static boolean webGpuWorker(WorkerStatus worker) {
        return (worker.state() == WorkerState.IDLE || worker.state() == WorkerState.BUSY)
                && worker.info().capabilities().webgpu();
    }

    /** Waits until the pool has {@code count} idle browsers (its warm minimum, started and probed). */
    private void awaitIdleBrowsers(int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            long idle = 0;
            for (JsonNode browser : get("/api/v1/pool").path("browsers")) {
                idle += browser.path("state").asText().equals("IDLE") ? 1 : 0;
            }
            if (idle >= count) {
                log(idle + " warm browsers");
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the pool did not have " + count + " idle browsers within 120 s: "
                        + get("/api/v1/pool").path("browsers"));
            }
            Thread.sleep(200);
        }
    }

    /**
     * {@code bin/stop}, a wait for the JVM's end (then a kill of what is left of it), then a wait for its browsers and
     * drivers to end: those left are counted ({@link #left}), listed and killed. Safe to call more than once.
     */
    private synchronized void stopKaraf() {
        if (!running) {
            return;
        }
        running = false;
        log("stopping " + karaf);
        try {
            LoadDriver.sh("'" + karaf.resolve("bin/stop") + "'");
        } catch (Exception e) {
            log("bin/stop failed (" + e.getMessage() + "): killing the Karaf JVM");
        }
        Optional<ProcessHandle> jvm = karafProcess();
        if (jvm.isPresent()) {
            try {
                jvm.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception notInTime) {
                log("Karaf did not end within 60 s of bin/stop: killing it");
            }
        }
        karafProcess().ifPresent(ProcessHandle::destroyForcibly);
        if (dtf != null) {
            dtf.close();
            dtf = null;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> remaining = browserProcessesLeft();
        while (!remaining.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            remaining = browserProcessesLeft();
        }
        left += remaining.size();
        for (ProcessHandle process : remaining) {
            log("left after the stop, killed now: " + process.pid() + " " + commandLine(process.pid()));
            process.destroyForcibly();
        }
        log("stopped; " + remaining.size() + " browser or driver processes left");
    }

    /** The Karaf JVM of the copy: its command line has {@code -Dkaraf.base=<copy>} (read from /proc, however long). */
    private Optional<ProcessHandle> karafProcess() {
        String base = "-Dkaraf.base=" + karaf;
        return ProcessHandle.allProcesses().filter(p -> arguments(p.pid()).contains(base)).findFirst();
    }

    /** Records the Chromium and chromedriver processes among Karaf's descendants. */
    private void rememberBrowserProcesses() {
        karafProcess().ifPresent(jvm -> jvm.descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .forEach(p -> seen.putIfAbsent(p.pid(), p.info().startInstant())));
    }

    /**
     * The live (not zombie) Chromium and chromedriver processes of this copy: those whose command line names its
     * folder (the browsers' profiles are in its data folder), and those seen among Karaf's descendants (the same
     * process: the same start).
     */
    private List<ProcessHandle> browserProcessesLeft() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .filter(p -> commandLine(p.pid()).contains(karaf.toString())
                        || seen.containsKey(p.pid()) && seen.get(p.pid()).equals(p.info().startInstant()))
                .filter(p -> !BrowserPoolDriver.zombie(p.pid()))
                .toList();
    }

    // ---- the runs

    private Figures measure(String name, int count) throws Exception {
        if (warmup > 0) {
            log(name + ": warm-up, " + warmup + " tasks (not counted)");
            Figures warm = submitAndAwait(name + "-warmup", warmup);
            if (warm.failed() > 0) {
                failures.add(name + " warm-up: " + warm.failed() + " of " + warmup + " tasks did not pass");
            }
        }
        log(name + ": " + count + " tasks, load average " + LoadDriver.loadAverage());
        Figures figures = submitAndAwait(name, count);
        log(String.format(Locale.ROOT, "%s: %d tasks in %.1f s, %.2f tasks/s, %d not passed; load average %s", name,
                count, figures.seconds(), figures.perSecond(), figures.failed(), LoadDriver.loadAverage()));
        if (figures.failed() > 0) {
            failures.add(name + ": " + figures.failed() + " of " + count + " tasks did not pass (" + figures.missing()
                    + " not listed), e.g. " + figures.notPassed().subList(0, Math.min(5, figures.notPassed().size())));
        }
        return figures;
    }

    /** Submits one plan of {@code count} tasks, waits for its end with progress lines and reads its tasks. */
    private Figures submitAndAwait(String name, int count) throws Exception {
        String plan = plan(name, count);
        Instant submitted = Instant.now();
        RunId id = dtf.submit(plan, name + ".yaml").run().id();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300 + 5L * count);
        long nextProgress = System.nanoTime();
        RunSummary summary = dtf.run(id);
        while (!(summary.state().isFinished() && summary.finishedAt() != null)) {
            rememberBrowserProcesses();
            if (System.nanoTime() >= nextProgress) {
                log(String.format(Locale.ROOT, "  %s %s: %s, %.0f s", name, id.value(), summary.counts().byState(),
                        Duration.between(submitted, Instant.now()).toMillis() / 1000.0));
                nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
            if (System.nanoTime() > deadline) {
                dtf.cancel(id);
                throw new IllegalStateException("run " + id.value() + " (" + name + ") did not end in time: "
                        + summary.counts().byState());
            }
            Thread.sleep(100);
            summary = dtf.run(id);
        }
        double seconds = Duration.between(submitted, summary.finishedAt()).toNanos() / 1e9;
        List<Task> all = dtf.allTasks(id);
        double[] durations = new double[all.size()];
        double[] queued = new double[all.size()];
        List<String> notPassed = new ArrayList<>();
        double expectedSum = BrowserPoolDriver.EXPECTED_SUM;
        for (int i = 0; i < all.size(); i++) {
            Task task = all.get(i);
            Double sum = task.result() == null ? null : task.result().metrics().get("sum");
            if (task.state() != TaskState.PASSED || sum == null || sum != expectedSum) {
                notPassed.add(task.name() + " " + task.state() + (sum == null || sum == expectedSum ? "" : " sum " + sum)
                        + (task.result() == null || task.result().message() == null ? "" : ": " + task.result().message()));
            }
            if (task.startedAt() != null && task.finishedAt() != null) {
                durations[i] = Duration.between(task.startedAt(), task.finishedAt()).toNanos() / 1e6;
                queued[i] = Duration.between(task.createdAt(), task.startedAt()).toNanos() / 1e6;
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("run " + id.value() + " (" + name + ") ended, but REST lists none of its "
                    + count + " tasks");
        }
        if (summary.testCases() != count || summary.failedTestCases() != 0) {
            failures.add(name + ": " + summary.testCases() + " test cases, " + summary.failedTestCases()
                    + " of them failed (expected " + count + ", one check per task, none failed)");
        }
        return new Figures(count, seconds, durations, queued, notPassed, count - all.size());
    }

    /** {@code count} browser tasks, each the small WebGPU job in one browser. */
    private static String plan(String name, int count) {
        StringBuilder plan = new StringBuilder("name: browser-bench-").append(name.replace(' ', '-'))
                .append("\ntasks:\n");
        for (int i = 1; i <= count; i++) {
            plan.append("  - {name: double-").append(i).append(", type: browser, browser: chromium, webgpu: true, script: ")
                    .append(SCRIPT).append(", input: {n: ").append(BrowserPoolDriver.FLOATS)
                    .append("}, shards: 1, timeout: 60s}\n");
        }
        return plan.toString();
    }

    /**
     * @param notPassed each task that did not pass with the right sum, and why
     * @param missing tasks of the plan that REST did not list
     */
    private record Figures(int tasks, double seconds, double[] durations, double[] queued, List<String> notPassed,
                           int missing) {
        double perSecond() {
            return tasks / seconds;
        }

        double taskP99() {
            return Stats.percentile(durations, 99);
        }

        int failed() {
            return notPassed.size() + missing;
        }
    }

    private Map<String, Long> counters() throws Exception {
        Map<String, Long> counters = new TreeMap<>();
        get("/api/v1/pool").path("counters").fields().forEachRemaining(c -> counters.put(c.getKey(), c.getValue().asLong()));
        return counters;
    }

    // ---- output

    private static void row(Stats.Table table, String label, Figures f) {
        table.row(label, String.format(Locale.ROOT, "%,d", f.tasks()), String.format(Locale.ROOT, "%.1f s", f.seconds()),
                String.format(Locale.ROOT, "%.2f", f.perSecond()), ms(Stats.percentile(f.durations(), 50)),
                ms(f.taskP99()), ms(Stats.percentile(f.queued(), 50)), ms(Stats.percentile(f.queued(), 99)),
                String.valueOf(f.failed()));
    }

    private void target(Stats.Table table, String figure, String measured, String target, boolean met) {
        table.row(figure, measured, target, met ? "yes" : "NO");
        if (!met) {
            failures.add(figure + ": " + measured + " (target " + target + ")");
        }
    }

    private static String ms(double millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
                : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    // ---- helpers

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
                .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** A process's arguments from /proc (the JDK gives none for a long command line); empty when it is gone. */
    private static List<String> arguments(long pid) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }

    private static String commandLine(long pid) {
        return String.join(" ", arguments(pid));
    }

    private static int intOpt(Map<String, String> opts, String key, int fallback) {
        String value = opts.get(key);
        try {
            int number = value == null ? fallback : Integer.parseInt(value);
            if (number < (key.equals("warmup") ? 0 : 1)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException("--" + key + " must be a positive whole number, not '" + value + "'");
        }
    }

    private static void log(String message) {
        System.out.println("[browser-bench " + Instant.now() + "] " + message);
    }
}
