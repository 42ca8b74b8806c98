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
     * Faults injected at random into the browsers of a run of browser tasks while their parts run in them, two of each
     * kind in a random order: the renderers killed (crashed tabs), the GPU process killed, the browser killed, the
     * renderers stopped (SIGSTOP: a page that hangs, which no script time-out ends). The pool finds each, replaces the
     * browser and runs the part again: every task passes, and after the stop no browser or driver is left.
     */
    @Test
    public void browsersKilledOrHungDuringARunAreReplacedAndEveryTaskPasses() throws Exception {
        Instant started = Instant.now();
        startAndAwaitWorkerWith("webgpu");
        StringBuilder plan = new StringBuilder("name: faults\ntasks:\n");
        int tasks = 60;
        int faults = 8; // two of each kind
        for (int i = 1; i <= tasks; i++) {
            plan.append("  - {name: matmul-").append(i).append(", type: browser, browser: chromium, webgpu: true, ")
                    .append("script: docs/examples/browser/webgpu-matmul.js, input: {n: 96}, shards: 2, timeout: 60s}\n");
        }
        Path file = karaf.home.resolve("faults.yaml");
        Files.writeString(file, plan);
        String run = runId(karaf.client("dtf:submit " + file));

        long seed = Long.getLong("dtf.faultSeed", System.nanoTime()); // -Ddtf.faultSeed=N replays a failed run's choices
        java.util.Random random = new java.util.Random(seed);
        List<String> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < faults / 4; i++) {
            kinds.addAll(List.of("renderer", "gpu-process", "browser", "hang"));
        }
        java.util.Collections.shuffle(kinds, random);
        List<String> injected = new java.util.ArrayList<>();
        // Each fault goes to a browser that runs a part of a task no fault has met yet, so that every fault meets a part
        // while it runs, and a task meets one fault at most, which its tries survive (a hang costs a third of the time
        // left). Faults into any of the pool's processes at a fixed pace met idle browsers mostly (the return's health
        // check or a respawned GPU process hid them), and one into an idle browser met the next task on top of that
        // task's own: two hangs timed a task out.
        Set<String> hitTasks = new java.util.HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (!terminal(get("/api/v1/runs/" + run).path("state").asText()) && System.nanoTime() < deadline) {
            List<String[]> leased = injected.size() == faults ? List.of() : leasedBrowsers(hitTasks);
            if (leased.isEmpty()) {
                Thread.sleep(100); // the pace of the polls
                continue;
            }
            String[] target = leased.get(random.nextInt(leased.size()));
            String kind = kinds.get(injected.size());
            List<ProcessHandle> processes = chromiumOf(karaf.home, Long.parseLong(target[1])).stream()
                    .filter(p -> switch (kind) {
                        case "renderer", "hang" -> type(p).equals("renderer"); // every tab of the browser
                        case "gpu-process" -> type(p).equals("gpu-process");
                        default -> type(p).isEmpty();
                    }).toList();
            if (processes.isEmpty()) {
                continue; // the browser ended meanwhile
            }
            for (ProcessHandle process : processes) {
                if (kind.equals("hang")) {
                    DistributionCopy.run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(process.pid()));
                } else {
                    process.destroyForcibly();
                }
            }
            hitTasks.add(target[0]);
            injected.add(kind + " " + processes.stream().map(p -> Long.toString(p.pid())).toList() + " (" + target[0] + ")");
            // the pace of the faults, not a wait for a condition: one every 0.5-1.5 s
            Thread.sleep(500 + random.nextInt(1000));
        }
        JsonNode summary = get("/api/v1/runs/" + run);
        StringBuilder notPassed = new StringBuilder();
        for (JsonNode t : get("/api/v1/runs/" + run + "/tasks?limit=100").path("items")) {
            if (!t.path("state").asText().equals("PASSED")) {
                // what each part did and waited, from the attempts' logs: what a failure here is read from
                notPassed.append("\n").append(t.path("name").asText()).append(' ').append(t.path("state").asText())
                        .append(": ").append(t.path("result").path("message").asText()).append("\n  attempts ")
                        .append(get("/api/v1/tasks/" + t.path("id").asText() + "/attempts").path("items"))
                        .append("\n  log:\n").append(text("/api/v1/tasks/" + t.path("id").asText() + "/log?tail=40"));
            }
        }
        JsonNode pool = get("/api/v1/pool");
        assertEquals("seed " + seed + ", faults " + injected + ", the pool's counters " + pool.path("counters")
                + ", the run " + summary + ", tasks not passed:" + notPassed, "PASSED", summary.path("state").asText());
        assertEquals("faults injected: " + injected, faults, injected.size());
        JsonNode all = get("/api/v1/runs/" + run + "/tasks?limit=100").path("items");
        assertEquals(tasks, all.size());
        all.forEach(t -> assertEquals(t.toString(), "PASSED", t.path("state").asText()));
        System.out.println("BrowserTasksIT: " + injected.size() + " faults injected (seed " + seed + "): " + injected
                + "; the pool's counters: " + pool.path("counters"));
        assertTrue("the pool replaced browsers: " + pool.path("counters"), pool.path("counters").path("retries").asLong() > 0);

        stopAndExpectNoBrowserLeft(started);
    }

    /**
     * The pool's leased browsers whose lease runs a part of a task not in {@code except}: each as its task's id and the
     * browser's process id (its driver's for a local browser, whose child it is).
     */
    private List<String[]> leasedBrowsers(Set<String> except) throws Exception {
        JsonNode pool = get("/api/v1/pool");
        java.util.Map<String, JsonNode> browsers = new java.util.HashMap<>();
        pool.path("browsers").forEach(b -> browsers.put(b.path("id").asText(), b));
        List<String[]> leased = new java.util.ArrayList<>();
        for (JsonNode lease : pool.path("leases")) {
            // the owner of a browser task's lease: <task id>#<attempt>[ shard i/n]
            String task = lease.path("owner").asText().split("#")[0];
            JsonNode browser = browsers.get(lease.path("browserId").asText());
            if (!except.contains(task) && browser != null && browser.path("state").asText().equals("LEASED")) {
                browser.path("pids").forEach(pid -> leased.add(new String[] {task, pid.asText()}));
            }
        }
        return leased;
    }

    private static boolean terminal(String state) {
        return List.of("PASSED", "FAILED", "CANCELLED").contains(state);
    }

    /**
     * The live Chromium processes of a browser of the pool: the browser, whose command line names this Karaf's data
     * folder, and everything it started (renderers, the GPU process), whose command lines do not.
     *
     * @param pid the browser's process id or its driver's
     */
    private static List<ProcessHandle> chromiumOf(Path home, long pid) {
        return ProcessHandle.of(pid).stream()
                .flatMap(root -> java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()))
                .filter(p -> p.info().command().map(c -> c.endsWith("chromium")).orElse(false))
                .filter(p -> commandLine(p.pid()).contains(home.toString()))
                .filter(p -> type(p).isEmpty())
                .flatMap(browser -> java.util.stream.Stream.concat(java.util.stream.Stream.of(browser), browser.descendants()))
                .filter(p -> !zombie(p.pid())).distinct().toList();
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
        return JSON.readTree(text(path));
    }

    private String text(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + karaf.httpPort + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
        return answer.body();
    }
}
