package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.PoolStatus.BrowserState;
import io.dtf.api.pool.WebGpuInfo;
import io.dtf.api.pool.WebNnInfo;
import io.dtf.testkit.FakeResourcePool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** {@code dtf:pool}, {@code dtf:pool-probe} and {@code dtf:pool-release} on a pool of fixed data. */
class PoolCommandsTest {
    static final Instant AT = Instant.parse("2026-12-07T10:40:00Z");
    static final BrowserCapabilities CHROME = FakeResourcePool.swiftShaderChromium("chrome", "local",
            AT.minusSeconds(600));
    /** The WebNN-capable build: a hardware adapter, and WebNN on cpu and gpu but not npu. */
    static final BrowserCapabilities WEBNN = new BrowserCapabilities("chrome-webnn", "chrome", "chrome", "153.0.6943.0",
            "attach", "HeadlessChrome/153", new WebGpuInfo(true, "nvidia", "ampere", "", "", false, Set.of(), Map.of(),
            null), new WebNnInfo(true, Set.of("gpu", "cpu"), Map.of("npu", "no NPU")), AT.minusSeconds(60));

    private final FakeResourcePool pool = new FakeResourcePool().status(status());

    /**
     * Two browsers (one leased, with its memory measured; the other built without memory, as before
     * {@code io.dtf.api.pool} 1.2.0), one lease, counters, 12 job keys, a slow job, and a clean-up at start.
     */
    static PoolStatus status() {
        List<PoolStatus.Browser> browsers = List.of(
                new PoolStatus.Browser("b1", "chrome", "local", BrowserState.LEASED, 12, 50, AT.minusSeconds(38 * 60),
                        AT.minusSeconds(5), List.of(4101L, 4099L), "ok", "l7", CHROME, 257_112),
                new PoolStatus.Browser("b4", "chrome-webnn", "attach", BrowserState.IDLE, 3, 50, AT.minusSeconds(120),
                        null, List.of(4200L), "HUNG: no answer in 3s", null, WEBNN));
        List<PoolStatus.Lease> leases = List.of(new PoolStatus.Lease("l7", "task r12.3 attempt 1", "b1",
                AT.minusSeconds(90), AT.plusSeconds(30 * 60)));
        List<PoolStatus.JobHistory> history = new ArrayList<>();
        history.add(new PoolStatus.JobHistory("webgpu-matmul#0", "chrome", "local", 40, Duration.ofMillis(27),
                Duration.ofMillis(95), Duration.ofMillis(340), 1));
        IntStream.rangeClosed(1, 11).forEach(i -> history.add(new PoolStatus.JobHistory("shard-" + i, "chrome",
                "local", i, Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(25), 0)));
        List<PoolStatus.SlowJob> slow = List.of(new PoolStatus.SlowJob(AT.minusSeconds(12), "webgpu-matmul#0",
                "chrome", "local", Duration.ofMillis(340), Duration.ofMillis(27), 1159));
        return new PoolStatus(AT, browsers, leases, 1, 32, Map.of("leases", 41L, "refusals", 2L, "sessionsStarted", 5L,
                "sessionsDiscarded", 2L, "retries", 3L, "reclaimed", 1L, "fault.HUNG", 1L, "fault.TAB_CRASHED", 2L),
                history, slow, new PoolStatus.Cleanup(AT.minusSeconds(3600), List.of(3001L, 3002L), List.of("l2"),
                List.of("/data/pool/b1")));
    }

    @Test
    void poolShowsTheSummaryAndCounters() throws Exception {
        String out = run(poolCommand(false));
        assertTrue(out.startsWith("Browser pool at 2026-12-07 10:40:00: 2 browsers (1 idle, 1 leased), 1 lease held, "
                + "1 of 32 callers waiting\n"), out);
        assertTrue(out.contains("  leases 41, refusals 2, sessions started 5, sessions discarded 2, retries 3, "
                + "reclaimed 1; faults: HUNG 1, TAB_CRASHED 2\n"), out);
        assertTrue(out.contains("  at start (2026-12-07 09:40:00) it cleaned up after an earlier run: killed processes "
                + "[3001, 3002], leases never returned [l2], profile directories removed 1\n"), out);
    }

    @Test
    void poolListsEachBrowserWithItsStateUsesHealthLeaseAndProbedApis() throws Exception {
        String out = run(poolCommand(false));
        assertEquals(List.of("ID", "Profile", "Backend", "State", "Uses", "Started", "Last used", "Health", "Lease",
                "WebGPU", "WebNN", "Memory"), cells(out, "ID"));
        assertEquals(List.of("b1", "chrome", "local", "LEASED", "12/50", "38m ago", "5s ago", "ok", "l7",
                "swiftshader (fallback)", "none: WebNN is not supported on this platform", "251 MB"), cells(out, "b1"));
        assertEquals(List.of("b4", "chrome-webnn", "attach", "IDLE", "3/50", "2m ago", "never", "HUNG: no answer in 3s",
                "-", "ampere", "cpu, gpu", "-"), cells(out, "b4"));
        assertEquals(List.of("ID", "Owner", "Browser", "Held for", "Reclaim at"), cells(out, "ID", 2));
        assertEquals(List.of("l7", "task r12.3 attempt 1", "b1", "1m30s", "2026-12-07 11:10:00 (in 30m)"),
                cells(out, "l7"));
        List<String> withPids = cells(run(poolCommand(true)), "b1");
        assertEquals(List.of("251 MB", "4101 4099"), withPids.subList(11, withPids.size()),
                "--all adds the process ids");
    }

    @Test
    void poolShowsTheHistoryAndSlowJobsShortUnlessAll() throws Exception {
        String out = run(poolCommand(false));
        assertTrue(out.contains("Job history (10 of 12 keys; --all lists every one):"), out);
        assertEquals(List.of("Key", "Profile", "Backend", "Jobs", "Median", "p95", "Last", "Slow"), cells(out, "Key"));
        assertEquals(List.of("webgpu-matmul#0", "chrome", "local", "40", "27ms", "95ms", "340ms", "1"),
                cells(out, "webgpu-matmul#0"));
        assertTrue(out.contains("shard-9 ") && !out.contains("shard-10 "), out);
        assertEquals(List.of("12s ago", "webgpu-matmul#0", "chrome", "local", "340ms", "27ms", "+1159%"),
                cells(out, "12s ago"));

        String all = run(poolCommand(true));
        assertTrue(all.contains("Job history:") && all.contains("shard-11 "), all);
    }

    @Test
    void anEmptyPoolSaysSoAndNothingIsCleanedUp() throws Exception {
        String out = run(new PoolCommand() {
            {
                pool = new FakeResourcePool();
            }
        });
        assertTrue(out.contains("0 browsers, 0 leases held, 0 of 32 callers waiting"), out);
        assertTrue(out.contains("faults: none") && !out.contains("cleaned up"), out);
        assertTrue(out.contains("No browser is running") && out.contains("No lease is held")
                && out.contains("No job has run in the pool yet") && !out.contains("Slow jobs"), out);
    }

    @Test
    void withoutThePoolEveryCommandSaysHowToGetIt() throws Exception {
        String notRunning = "The browser pool is not running: install the feature dtf-browser-pool and see "
                + "etc/io.dtf.pool.browser.cfg";
        assertEquals(notRunning + "\n", run(new PoolCommand()));
        CommandException probe = assertThrows(CommandException.class, new PoolProbeCommand()::execute);
        assertEquals("Error DTF-1503: " + notRunning, probe.getNiceHelp());
        PoolReleaseCommand release = new PoolReleaseCommand();
        release.leaseId = "l7";
        assertEquals("Error DTF-1503: " + notRunning,
                assertThrows(CommandException.class, release::execute).getNiceHelp());
    }

    @Test
    void probePrintsATablePerProfile() throws Exception {
        pool.capabilities(List.of(CHROME, WEBNN));
        PoolProbeCommand probe = new PoolProbeCommand();
        probe.pool = pool;
        probe.clock = Clock.fixed(AT, ZoneOffset.UTC);
        String out = run(probe);
        assertEquals(List.of(Duration.ofSeconds(60)), pool.probes());
        assertTrue(out.startsWith("Profile chrome, probed 2026-12-07 10:30:00:\n"), out);
        assertEquals(List.of("Browser", "chrome (chrome 156.0.8078.129)"), cells(out, "Browser"));
        assertEquals(List.of("WebGPU", "google swiftshader, fallback adapter (software)"), cells(out, "WebGPU"));
        assertEquals(List.of("features", "3: float32-filterable, shader-f16, timestamp-query"),
                cells(out, "features"));
        assertTrue(out.contains("maxBufferSize 1 GiB, maxStorageBufferBindingSize 1 GiB, "
                + "maxComputeWorkgroupStorageSize 32 KiB,"), out);
        assertTrue(out.contains("maxComputeInvocationsPerWorkgroup 256, maxComputeWorkgroupSizeX 256 "
                + "(6 limits in all)"), out);
        assertEquals(List.of("WebNN", "none: WebNN is not supported on this platform"), cells(out, "WebNN"));
        assertTrue(out.contains("Profile chrome-webnn, probed 2026-12-07 10:39:00:"), out);
        assertEquals(List.of("Backend", "attach"), cells(out, "Backend", 2));
        assertEquals(List.of("WebGPU", "nvidia ampere, hardware adapter"), cells(out, "WebGPU", 2));
        assertEquals(List.of("WebNN", "devices cpu, gpu"), cells(out, "WebNN", 2));
        assertEquals(List.of("not on", "npu: no NPU"), cells(out, "not on"));
    }

    @Test
    void probeTakesTheWaitAndNamesTheOptionWhenItIsNoDuration() throws Exception {
        PoolProbeCommand probe = new PoolProbeCommand();
        probe.pool = pool;
        probe.wait = "2m";
        run(probe);
        assertEquals(List.of(Duration.ofMinutes(2)), pool.probes());
        probe.wait = "soon";
        assertEquals("Error DTF-1002: --wait: 'soon' is not a duration (e.g. 90s, 10m, 2h, 500ms or PT10M)",
                assertThrows(CommandException.class, probe::execute).getNiceHelp());
        probe.wait = "0s";
        assertEquals("Error DTF-1002: --wait must be positive, not 0s",
                assertThrows(CommandException.class, probe::execute).getNiceHelp());
        assertEquals(1, pool.probes().size(), "a bad --wait probes nothing");
    }

    @Test
    void releaseReclaimsALeaseAndSaysWhenThereIsNone() throws Exception {
        PoolReleaseCommand release = new PoolReleaseCommand();
        release.pool = pool;
        release.leaseId = "l7";
        assertEquals("Lease l7 reclaimed from task r12.3 attempt 1: browser b1 is killed\n", run(release));
        assertEquals(List.of("l7"), pool.reclaimed());
        assertEquals("Error DTF-1004: lease 'l7' is not held: dtf:pool lists the leases held",
                assertThrows(CommandException.class, release::execute).getNiceHelp());
    }

    private PoolCommand poolCommand(boolean all) {
        PoolCommand command = new PoolCommand();
        command.pool = pool;
        command.all = all;
        command.clock = Clock.fixed(AT, ZoneOffset.UTC);
        return command;
    }

    /** The cells of the {@code nth} table row whose first cell is {@code first}. */
    private static List<String> cells(String out, String first, int nth) {
        return out.lines().map(line -> Arrays.stream(line.split("[│|]")).map(String::strip).toList())
                .filter(cells -> cells.get(0).equals(first)).skip(nth - 1L).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " #" + nth + " in\n" + out));
    }

    private static List<String> cells(String out, String first) {
        return cells(out, first, 1);
    }

    private static String run(DtfCommand cmd) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            cmd.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
