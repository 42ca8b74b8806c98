package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;

/**
 * Browser tasks in the real distribution (features dtf-executor-browser and dtf-browser-pool, part of dtf), on real
 * headless Chromium from Debian (installed by .ci/run), as a user submits the shipped examples from the Karaf shell:
 * the embedded worker advertises what the pool was probed to have; the WebGPU matrix product across 3 browsers passes
 * and equals the same job in one browser; the WebNN example, on a Chromium without a WebNN backend, is refused at
 * submission, naming the missing capability; and after the stop no browser or driver is left.
 */
public class BrowserTasksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("Run (r\\d+) submitted");

    @Rule
    public final TestName test = new TestName();
    private DistributionCopy karaf;
    private String token;

    @Before
    public void distribution() throws Exception {
        assumeTrue("Debian's chromium and chromium-driver (installed by .ci/run)",
                Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")));
        // a short folder: the JDK reads no arguments of a process whose command line is too long (DistributionCopy finds
        // its Karaf by them)
        karaf = new DistributionCopy("browser-" + Integer.toHexString(test.getMethodName().hashCode()), 8371);
    }

    @After
    public void stop() throws Exception {
        if (karaf != null && karaf.process().isPresent()) {
            try {
                DistributionCopy.run(Duration.ofSeconds(60), karaf.home.resolve("bin/stop").toString());
                karaf.process().ifPresent(p -> p.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
            } finally {
                // a Karaf that did not stop must not hold the ports for the next test
                karaf.kill();
            }
        }
    }

    @Test
    public void theWebGpuExamplePassesShardedAsInOneBrowserAndWebNnIsRefusedUpFront() throws Exception {
        Instant started = Instant.now();
        // the embedded worker advertises what the pool's browser was probed to have
        JsonNode workers = startAndAwaitWorkerWith("webgpu");
        assertTrue(workers.toString(), workers.toString().contains("\"webnn\":false"));

        String sharded = karaf.client("dtf:submit docs/examples/browser/webgpu-matmul.yaml --wait");
        assertTrue(sharded, sharded.contains("PASSED"));
        JsonNode shardedTask = onlyTask(runId(sharded));
        assertEquals(shardedTask.toString(), "PASSED", shardedTask.path("state").asText());
        JsonNode checks = get("/api/v1/runs/" + runId(sharded) + "/testcases?limit=100").path("items");
        assertEquals("a check per shard and one of the merged product: " + checks, 4, checks.size());
        checks.forEach(c -> assertEquals(c.toString(), "PASSED", c.path("result").path("status").asText()));
        JsonNode shardedResult = result(shardedTask);
        assertEquals(96 * 96, shardedResult.path("c").size());

        // the same job in one browser: the same product
        Path single = karaf.home.resolve("webgpu-matmul-one-shard.yaml");
        Files.writeString(single, Files.readString(karaf.home.resolve("docs/examples/browser/webgpu-matmul.yaml"))
                .replace("shards: 3", "shards: 1").replace("name: webgpu-matmul", "name: webgpu-matmul-one-shard"));
        String alone = karaf.client("dtf:submit " + single + " --wait");
        assertTrue(alone, alone.contains("PASSED"));
        assertEquals(shardedResult, result(onlyTask(runId(alone))));

        // no browser of this worker's pool has WebNN (Debian's Chromium has no backend): the plan is refused up front,
        // naming the task and what it misses, and no run is made
        String webnn = karaf.client("dtf:submit docs/examples/browser/webnn-matmul-add.yaml");
        assertTrue(webnn, webnn.contains("DTF-1016") && webnn.contains("it needs a browser with WebNN")
                && webnn.contains("chrome (WebGPU yes, WebNN no)"));
        assertFalse(webnn, RUN_ID.matcher(webnn).find());

        // bin/stop: the pool ends every browser and driver it started (their profiles are in Karaf's data folder)
        stopAndExpectNoBrowserLeft(started);
    }

    /**
     * The live (not zombie) browsers whose command line names a folder of {@code home} (their profiles), and the
     * drivers started since {@code since} that nothing owns any more (their parent gone).
     */
    private static List<String> browsersOf(Path home, Instant since) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .filter(p -> commandLine(p.pid()).contains(home.toString())
                        || p.info().command().orElse("").endsWith("chromedriver")
                        && p.parent().map(parent -> parent.pid() == 1).orElse(true)
                        && p.info().startInstant().map(at -> at.isAfter(since)).orElse(false))
                .filter(p -> !zombie(p.pid()))
                .map(p -> p.pid() + " " + commandLine(p.pid())).toList();
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return true;
        }
    }

    /**
     * With the WebNN-capable Chromium that .ci/install-webnn-chromium installs as a second profile of the pool (started
     * by the pool and attached), the worker advertises WebNN and the shipped WebNN example passes, its product checked.
     */
    @Test
    public void theWebNnExamplePassesOnTheWebNnCapableBuild() throws Exception {
        Path webnnChromium = Path.of("/opt/dtf/webnn-chromium/chromium");
        if (!Files.isExecutable(webnnChromium)) {
            webnnChromium = Path.of(System.getProperty("user.home"), ".cache/dtf/webnn-chromium/chromium");
        }
        assumeTrue("the WebNN-capable Chromium (.ci/install-webnn-chromium, run by .ci/run)", Files.isExecutable(webnnChromium));
        String pool = "etc/io.dtf.pool.browser.cfg";
        karaf.setProperty(pool, "profiles", "chrome, chrome-webnn");
        karaf.setProperty(pool, "chrome-webnn.backend", "attach");
        karaf.setProperty(pool, "chrome-webnn.binary", webnnChromium.toString());
        karaf.setProperty(pool, "chrome-webnn.max", "1");
        Instant started = Instant.now();
        startAndAwaitWorkerWith("webnn");

        String submitted = karaf.client("dtf:submit docs/examples/browser/webnn-matmul-add.yaml --wait");
        JsonNode task = onlyTask(runId(submitted));
        assertEquals(task.toString(), "PASSED", task.path("state").asText());
        JsonNode checks = get("/api/v1/runs/" + runId(submitted) + "/testcases?limit=100").path("items");
        assertEquals(checks.toString(), 1, checks.size());
        assertEquals(checks.toString(), "PASSED", checks.get(0).path("result").path("status").asText());
        JsonNode result = result(task);
        assertEquals(result.toString(), "cpu", result.path("device").asText());
        // A (4x8) x B (8x3) + bias in quarters and halves: exact in float32, the same on the CPU
        List<Double> product = new java.util.ArrayList<>();
        result.path("c").forEach(value -> product.add(value.asDouble()));
        assertEquals(List.of(-0.625, -1.375, 2.875, 0.25, 0.0, 0.375, -0.625, -0.375, 0.5, -1.5, 1.0, -0.25), product);

        stopAndExpectNoBrowserLeft(started);
    }

    /**
     * Faults injected at random while a run of browser tasks goes on: a renderer killed (crashed tab), a GPU process
     * killed, a browser killed, a renderer stopped (SIGSTOP: a page that hangs, which no script time-out ends). The
     * pool finds each, replaces the browser and runs the part again: every task passes, and after the stop no browser
     * or driver is left.
     */
    @Test
    public void browsersKilledOrHungDuringARunAreReplacedAndEveryTaskPasses() throws Exception {
        Instant started = Instant.now();
        startAndAwaitWorkerWith("webgpu");
        StringBuilder plan = new StringBuilder("name: faults\ntasks:\n");
        int tasks = 40;
        for (int i = 1; i <= tasks; i++) {
            plan.append("  - {name: matmul-").append(i).append(", type: browser, browser: chromium, webgpu: true, ")
                    .append("script: docs/examples/browser/webgpu-matmul.js, input: {n: 96}, shards: 2, timeout: 60s}\n");
        }
        Path file = karaf.home.resolve("faults.yaml");
        Files.writeString(file, plan);
        String run = runId(karaf.client("dtf:submit " + file));

        long seed = Long.getLong("dtf.faultSeed", System.nanoTime()); // -Ddtf.faultSeed=N replays a failed run
        java.util.Random random = new java.util.Random(seed);
        List<String> injected = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        Set<String> hitByLastFault = Set.of();
        while (!terminal(get("/api/v1/runs/" + run).path("state").asText()) && System.nanoTime() < deadline) {
            // a fault only once every task that was running at the last one has ended: each task meets one fault at
            // most, which its 3 tries survive. Faults at a fixed pace hit the task slowed by the last one again and
            // again (a hang costs a third of its timeout), and exhausted its tries or its time now and then
            Set<String> running = unfinished(run);
            if (hitByLastFault.stream().anyMatch(running::contains)) {
                Thread.sleep(200); // the pace of the polls
                continue;
            }
            hitByLastFault = running;
            List<ProcessHandle> browsers = chromiumOf(karaf.home);
            String kind = List.of("renderer", "gpu-process", "browser", "hang").get(random.nextInt(4));
            List<ProcessHandle> targets = browsers.stream().filter(p -> switch (kind) {
                case "renderer", "hang" -> type(p).equals("renderer");
                case "gpu-process" -> type(p).equals("gpu-process");
                default -> type(p).isEmpty();
            }).toList();
            if (!targets.isEmpty()) {
                ProcessHandle target = targets.get(random.nextInt(targets.size()));
                if (kind.equals("hang")) {
                    DistributionCopy.run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(target.pid()));
                } else {
                    target.destroyForcibly();
                }
                injected.add(kind + " " + target.pid());
            }
            // the pace of the faults, not a wait for a condition: one every 0.5-1.5 s while the run goes on
            Thread.sleep(500 + random.nextInt(1000));
        }
        JsonNode summary = get("/api/v1/runs/" + run);
        List<String> notPassed = new java.util.ArrayList<>();
        get("/api/v1/runs/" + run + "/tasks?limit=100").path("items").forEach(t -> {
            if (!t.path("state").asText().equals("PASSED")) {
                notPassed.add(t.path("name").asText() + " " + t.path("state").asText() + ": "
                        + t.path("result").path("message").asText());
            }
        });
        assertEquals("seed " + seed + ", faults " + injected + ", tasks not passed " + notPassed + ": " + summary,
                "PASSED", summary.path("state").asText());
        assertTrue("faults were injected: " + injected, injected.size() >= 5);
        JsonNode all = get("/api/v1/runs/" + run + "/tasks?limit=100").path("items");
        assertEquals(tasks, all.size());
        all.forEach(t -> assertEquals(t.toString(), "PASSED", t.path("state").asText()));
        JsonNode pool = get("/api/v1/pool");
        System.out.println("BrowserTasksIT: " + injected.size() + " faults injected (seed " + seed + "): " + injected
                + "; the pool's counters: " + pool.path("counters"));
        assertTrue("the pool replaced browsers: " + pool.path("counters"), pool.path("counters").path("retries").asLong() > 0);

        stopAndExpectNoBrowserLeft(started);
    }

    /** The ids of the run's tasks that are leased or running now. */
    private Set<String> unfinished(String run) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        get("/api/v1/runs/" + run + "/tasks?limit=100").path("items").forEach(t -> {
            if (List.of("LEASED", "RUNNING").contains(t.path("state").asText())) {
                ids.add(t.path("id").asText());
            }
        });
        return ids;
    }

    private static boolean terminal(String state) {
        return List.of("PASSED", "FAILED", "CANCELLED").contains(state);
    }

    /**
     * The live Chromium processes of this Karaf's pool: the browsers, whose command lines name its data folder, and
     * everything they started (renderers, the GPU process), whose command lines do not.
     */
    private static List<ProcessHandle> chromiumOf(Path home) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("chromium")).orElse(false))
                .filter(p -> commandLine(p.pid()).contains(home.toString()))
                .filter(p -> type(p).isEmpty())
                .flatMap(browser -> java.util.stream.Stream.concat(java.util.stream.Stream.of(browser), browser.descendants()))
                .filter(p -> !zombie(p.pid())).toList();
    }

    /** A Chromium process's --type (renderer, gpu-process, ...); empty for the browser process itself. */
    private static String type(ProcessHandle process) {
        for (String argument : commandLine(process.pid()).split(" ")) {
            if (argument.startsWith("--type=")) {
                return argument.substring("--type=".length());
            }
        }
        return "";
    }

    /**
     * A process's command line from /proc, whatever its length (the JDK's {@code ProcessHandle.Info} gives no
     * arguments for a long one, as Chromium's renderers and Karaf have); empty when the process is gone.
     */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    /** Starts the copy and waits until the embedded worker advertises {@code capability} as its pool probed it. */
    private JsonNode startAndAwaitWorkerWith(String capability) throws Exception {
        karaf.start();
        List<String> tokenLines = karaf.client("dtf:token").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        token = tokenLines.get(tokenLines.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode workers = get("/api/v1/workers");
        while (!workers.toString().contains("\"" + capability + "\":true") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            workers = get("/api/v1/workers");
        }
        assertTrue("the worker advertises " + capability + ": " + workers,
                workers.toString().contains("\"" + capability + "\":true"));
        return workers;
    }

    /** bin/stop: the pool ends every browser and driver it started since {@code started}. */
    private void stopAndExpectNoBrowserLeft(Instant started) throws Exception {
        DistributionCopy.run(Duration.ofSeconds(60), karaf.home.resolve("bin/stop").toString());
        karaf.process().ifPresent(p -> p.onExit().join());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!browsersOf(karaf.home, started).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("no browser or driver of this Karaf left after its stop", List.of(), browsersOf(karaf.home, started));
    }

    private static String runId(String submitted) {
        Matcher id = RUN_ID.matcher(submitted);
        assertTrue(submitted, id.find());
        return id.group(1);
    }

    private JsonNode onlyTask(String run) throws Exception {
        JsonNode tasks = get("/api/v1/runs/" + run + "/tasks").path("items");
        assertEquals(tasks.toString(), 1, tasks.size());
        return tasks.get(0);
    }

    /** The job's result: browser-result.json, an artifact of the attempt on this machine. */
    private static JsonNode result(JsonNode task) throws Exception {
        for (JsonNode artifact : task.path("result").path("artifacts")) {
            if (artifact.asText().endsWith("browser-result.json")) {
                return JSON.readTree(Files.readString(Path.of(artifact.asText())));
            }
        }
        throw new AssertionError("no browser-result.json among the artifacts: " + task);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + karaf.httpPort + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
        return JSON.readTree(answer.body());
    }
}
