package io.dtf.itests;

import static org.junit.Assert.assertEquals;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Browser tasks in the real distribution (features dtf-executor-browser and dtf-browser-pool, part of dtf), on real
 * headless Chromium from Debian (installed by .ci/run), as a user submits the shipped examples from the Karaf shell:
 * the embedded worker advertises what the pool was probed to have; the WebGPU matrix product across 3 browsers passes
 * and equals the same job in one browser; the WebNN example, on a Chromium without a WebNN backend, is given to no
 * worker and says that it waits for a browser with WebNN; and after the stop no browser or driver is left.
 */
public class BrowserTasksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("Run (r\\d+) submitted");

    private DistributionCopy karaf;
    private String token;

    @Before
    public void distribution() throws Exception {
        assumeTrue("Debian's chromium and chromium-driver (installed by .ci/run)",
                Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")));
        karaf = new DistributionCopy("browser-karaf", 8371);
    }

    @After
    public void stop() throws Exception {
        if (karaf != null && karaf.process().isPresent()) {
            DistributionCopy.run(Duration.ofSeconds(60), karaf.home.resolve("bin/stop").toString());
            karaf.process().ifPresent(p -> p.onExit().join());
        }
    }

    @Test
    public void theWebGpuExamplePassesShardedAsInOneBrowserAndWebNnIsRefusedUpFront() throws Exception {
        Instant started = Instant.now();
        karaf.start();
        List<String> tokenLines = karaf.client("dtf:token").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        token = tokenLines.get(tokenLines.size() - 1);
        // the embedded worker advertises what the pool's browser was probed to have
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode workers = get("/api/v1/workers");
        while (!workers.toString().contains("\"webgpu\":true") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            workers = get("/api/v1/workers");
        }
        assertTrue("the worker advertises WebGPU: " + workers, workers.toString().contains("\"webgpu\":true"));
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

        // no browser of this worker's pool has WebNN (Debian's Chromium has no backend): the task is not given to it,
        // and says why it waits, naming the capability; it is cancelled, not left waiting
        String webnn = karaf.client("dtf:submit docs/examples/browser/webnn-matmul-add.yaml");
        String webnnRun = runId(webnn);
        JsonNode waiting = onlyTask(webnnRun);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!waiting.path("waiting").asText().contains("WebNN") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            waiting = onlyTask(webnnRun);
        }
        assertEquals(waiting.toString(), "QUEUED", waiting.path("state").asText());
        assertEquals(waiting.toString(), "no connected worker has a browser with WebNN", waiting.path("waiting").asText());
        String cancelled = karaf.client("dtf:cancel " + webnnRun);
        assertTrue(cancelled, onlyTask(webnnRun).path("state").asText().equals("CANCELLED"));

        // bin/stop: the pool ends every browser and driver it started (their profiles are in Karaf's data folder)
        DistributionCopy.run(Duration.ofSeconds(60), karaf.home.resolve("bin/stop").toString());
        karaf.process().ifPresent(p -> p.onExit().join());
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!browsersOf(karaf.home, started).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("no browser or driver of this Karaf left after its stop", List.of(), browsersOf(karaf.home, started));
    }

    /**
     * The live (not zombie) browsers whose command line names a folder of {@code home} (their profiles), and the
     * drivers started since {@code since} that nothing owns any more (their parent gone).
     */
    private static List<String> browsersOf(Path home, Instant since) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(home.toString()))
                        .orElse(false) || p.info().command().orElse("").endsWith("chromedriver")
                        && p.parent().map(parent -> parent.pid() == 1).orElse(true)
                        && p.info().startInstant().map(at -> at.isAfter(since)).orElse(false))
                .filter(p -> !zombie(p.pid()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
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
        karaf.start();
        List<String> tokenLines = karaf.client("dtf:token").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        token = tokenLines.get(tokenLines.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode workers = get("/api/v1/workers");
        while (!workers.toString().contains("\"webnn\":true") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            workers = get("/api/v1/workers");
        }
        assertTrue("the worker advertises WebNN: " + workers, workers.toString().contains("\"webnn\":true"));

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

        DistributionCopy.run(Duration.ofSeconds(60), karaf.home.resolve("bin/stop").toString());
        karaf.process().ifPresent(p -> p.onExit().join());
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
