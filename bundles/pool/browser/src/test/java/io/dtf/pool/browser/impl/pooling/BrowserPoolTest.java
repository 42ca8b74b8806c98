package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserFault;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.pool.ScriptFailure;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The pool with real headless Chromium (WebGPU on SwiftShader): leasing by probed capabilities, reuse, the wait queue,
 * and browsers that crash, die or hang under a job, which still succeeds in a fresh browser. One pool of at most two
 * browsers serves every test (2 shared cores); after it closes, none of its processes may be left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserPoolTest {
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final BrowserRequirements WEBGPU = BrowserRequirements.ANY.withWebGpu(true);

    private Path dir;
    private BrowserPool pool;
    private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() throws Exception {
        RealChromium.assumeInstalled();
        dir = Files.createTempDirectory("dtf-pool-test");
        pool = new BrowserPool(RealChromium.settings(1, RealChromium.profile(0, 2)), dir, Clock.systemUTC(), slow -> {
        });
    }

    /** Remembers every process of the pool's browsers, so that the end can check that none is left. */
    @AfterEach
    void rememberProcesses() {
        if (pool != null) {
            pool.status().browsers().forEach(b -> b.pids().forEach(pid -> {
                seenPids.add(pid);
                ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> seenPids.add(d.pid())));
            }));
        }
    }

    @AfterAll
    void closeLeavesNoProcess() throws Exception {
        if (pool == null) {
            return;
        }
        pool.close();
        boolean gone = RealChromium.await(() -> RealChromium.running(seenPids, dir.toString()).isEmpty(), SHORT);
        List<String> left = RealChromium.running(seenPids, dir.toString());
        TransactionLog.deleteTree(dir);
        assertTrue(gone, "processes left after the pool closed: " + left);
        assertTrue(seenPids.size() >= 4, "the tests saw browser and driver processes: " + seenPids);
    }

    @Test
    void leasesABrowserWhoseWebGpuAdapterWasProbed() throws Exception {
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "test"))) {
            BrowserCapabilities capabilities = lease.capabilities();
            System.out.println("Probed: " + capabilities);
            assertEquals("chrome", capabilities.browserType());
            assertEquals("local", capabilities.backend());
            assertTrue(capabilities.version().matches("\\d+\\..*"), capabilities.version());
            assertTrue(capabilities.webgpu().available(), "WebGPU adapter: " + capabilities.webgpu());
            assertEquals("swiftshader", capabilities.webgpu().architecture());
            assertTrue(capabilities.webgpu().fallbackAdapter(), "SwiftShader is a fallback adapter");
            assertTrue(capabilities.webgpu().limits().getOrDefault("maxBufferSize", 0L) > 0, "limits probed");
            assertTrue(lease.currentPage().toString().endsWith("blank.html"), "a fresh lease shows the blank page");
            assertEquals(List.of(2.5, 4.5, 6.5, 8.5), lease.executeAsync(ADD_ON_GPU,
                    List.of(List.of(1, 2, 3, 4), List.of(1.5, 2.5, 3.5, 4.5)), Duration.ofSeconds(20)));
        }
    }

    /**
     * The status shows each browser's memory (PSS of its processes and driver), measured by the pool's housekeeping
     * at most every few seconds; status() itself reads no /proc file. A Chromium with a WebGPU page uses 150-300 MB.
     */
    @Test
    void theStatusShowsEachBrowsersMemory() throws Exception {
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "memory"))) {
            String browserId = lease.browserId();
            assertTrue(RealChromium.await(() -> memoryKb(browserId) != PoolStatus.Browser.MEMORY_UNKNOWN, SHORT),
                    "the browser's memory was measured within " + SHORT.toSeconds() + " s");
            long kb = memoryKb(browserId);
            System.out.println("Browser " + browserId + " uses " + kb / 1024 + " MB (PSS of its processes and driver)");
            assertTrue(kb > 50 * 1024 && kb < 2048 * 1024, kb + " kB");
            long started = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                pool.status();
            }
            System.out.println("status() took " + (System.nanoTime() - started) / 1000 / 1000 + " us on average");
        }
    }

    private long memoryKb(String browserId) {
        return pool.status().browsers().stream().filter(b -> b.id().equals(browserId)).findFirst().orElseThrow()
                .memoryKb();
    }

    @Test
    void aWarmLeaseAndProbeIsMuchFasterThanANewSessionAndProbe() throws Exception {
        Path own = Files.createTempDirectory("dtf-pool-warm");
        try (BrowserPool single = new BrowserPool(RealChromium.settings(1, RealChromium.profile(0, 1)), own,
                Clock.systemUTC(), slow -> {
        })) {
            long started = System.nanoTime();
            try (ResourceLease lease = single.lease(LeaseRequest.of(WEBGPU, "cold"))) {
                assertEquals(true, lease.executeAsync(TRIVIAL_PROBE, List.of(), SHORT));
            }
            Duration cold = Duration.ofNanos(System.nanoTime() - started);
            long[] warm = new long[5];
            for (int i = 0; i < warm.length; i++) {
                assertTrue(RealChromium.await(() -> idle(single), SHORT), "the returned browser became idle");
                started = System.nanoTime();
                try (ResourceLease lease = single.lease(LeaseRequest.of(WEBGPU, "warm"))) {
                    assertEquals(true, lease.executeAsync(TRIVIAL_PROBE, List.of(), SHORT));
                }
                warm[i] = System.nanoTime() - started;
            }
            java.util.Arrays.sort(warm);
            Duration median = Duration.ofNanos(warm[warm.length / 2]);
            System.out.printf("New session + WebGPU probe: %d ms; warm lease + WebGPU probe: median %d ms "
                    + "(%.1fx faster; all warm: %s ns)%n", cold.toMillis(), median.toMillis(),
                    cold.toNanos() / (double) median.toNanos(), java.util.Arrays.toString(warm));
            assertEquals(1, single.status().counters().get("sessionsStarted"), "one browser served all six leases");
            assertTrue(cold.toNanos() > 5 * median.toNanos(), "warm " + median + " vs cold " + cold);
        } finally {
            TransactionLog.deleteTree(own);
        }
    }

    @Test
    void refusesUpFrontWhatNoBrowserHasNamingIt() throws Exception {
        PoolRefusal refusal = assertThrows(PoolRefusal.class, () -> pool.lease(
                LeaseRequest.of(BrowserRequirements.ANY.withWebNn(true), "test").withMaxWait(Duration.ZERO)));
        assertEquals(PoolRefusal.Reason.UNSATISFIABLE, refusal.reason());
        assertEquals(List.of("webnn"), refusal.missing());
        assertTrue(refusal.getMessage().startsWith("No browser of the pool has webnn (probed: chrome chrome "),
                refusal.getMessage());
        assertEquals(List.of("webnn"), pool.missing(BrowserRequirements.ANY.withWebNn(true)));
        assertEquals(List.of("browser firefox"), pool.missing(BrowserRequirements.ANY.withBrowser("firefox")));
        assertEquals(List.of(), pool.missing(WEBGPU.withBrowser("chrome")));
    }

    @Test
    void aFullQueueAndAnEndedWaitAreClearRefusals() throws Exception {
        try (ResourceLease first = pool.lease(LeaseRequest.of(WEBGPU, "first"));
             ResourceLease second = pool.lease(LeaseRequest.of(WEBGPU, "second"))) {
            CompletableFuture<ResourceLease> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.lease(LeaseRequest.of(WEBGPU, "waiter").withMaxWait(Duration.ofSeconds(20)));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(RealChromium.await(() -> pool.status().waiting() == 1, SHORT), "one caller waits");

            long started = System.nanoTime();
            PoolRefusal full = assertThrows(PoolRefusal.class,
                    () -> pool.lease(LeaseRequest.of(WEBGPU, "third").withMaxWait(Duration.ofSeconds(20))));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "refused at once");
            assertEquals(PoolRefusal.Reason.QUEUE_FULL, full.reason());
            assertEquals("All browsers of chrome are busy and 1 callers already wait (queueLimit 1): try again later",
                    full.getMessage());

            first.close();
            try (ResourceLease waited = waiter.get(20, TimeUnit.SECONDS)) {
                assertEquals(first.browserId() == null ? waited.browserId() : first.browserId(), waited.browserId());
                started = System.nanoTime();
                PoolRefusal timedOut = assertThrows(PoolRefusal.class, () -> pool.lease(
                        LeaseRequest.of(WEBGPU, "late").withMaxWait(Duration.ofMillis(300))));
                assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300), "waited first");
                assertEquals(PoolRefusal.Reason.WAIT_TIMED_OUT, timedOut.reason());
                assertEquals("DTF-1429", timedOut.code().code());
                assertTrue(timedOut.getMessage().startsWith("All browsers of chrome stayed busy for the whole wait"),
                        timedOut.getMessage());
            }
        }
    }

    @Test
    void aJobWhoseRendererIsKilledSucceedsInAFreshBrowser() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "test"))) {
            String first = lease.browserId();
            Object answer = lease.run(JobOptions.of("renderer-killed", Duration.ofSeconds(20)), session -> {
                if (tries.incrementAndGet() == 1) {
                    List<ProcessHandle> renderers = RealChromium.renderers(browserPid(lease.browserId()));
                    assertTrue(!renderers.isEmpty(), "the page has a renderer");
                    renderers.forEach(ProcessHandle::destroyForcibly);
                    assertTrue(RealChromium.await(() -> renderers.stream().noneMatch(ProcessHandle::isAlive), SHORT));
                }
                return session.execute("return 6 * 7", List.of(), SHORT);
            });
            assertEquals(42L, answer);
            assertEquals(2, tries.get());
            assertNotEquals(first, lease.browserId(), "the job ran again in another browser");
        }
        assertTrue(pool.status().counters().getOrDefault("fault.TAB_CRASHED", 0L) >= 1, pool.status().counters().toString());
    }

    @Test
    void aJobWhoseBrowserIsKilledSucceedsInAFreshBrowser() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "test"))) {
            Object answer = lease.run(JobOptions.of("browser-killed", Duration.ofSeconds(20)), session -> {
                if (tries.incrementAndGet() == 1) {
                    long pid = browserPid(lease.browserId());
                    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                    // the driver reaps its child late: a zombie counts as gone
                    assertTrue(RealChromium.await(() -> RealChromium.running(Set.of(pid), "no such text").isEmpty(),
                            SHORT));
                }
                return session.execute("return navigator.userAgent.length > 0", List.of(), SHORT);
            });
            assertEquals(true, answer);
            assertEquals(2, tries.get());
        }
        assertTrue(pool.status().counters().getOrDefault("fault.BROWSER_GONE", 0L) >= 1, pool.status().counters().toString());
    }

    @Test
    @Timeout(60) // without the watchdog the busy loop blocks the session forever
    void aJobWhosePageHangsInABusyLoopSucceedsInAFreshBrowser() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        long started = System.nanoTime();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "test"))) {
            List<Long> hungPids = pool.status().browsers().stream().filter(b -> b.id().equals(lease.browserId()))
                    .findFirst().orElseThrow().pids();
            Object answer = lease.run(JobOptions.of("busy-loop", Duration.ofSeconds(20)), session -> {
                if (tries.incrementAndGet() == 1) {
                    session.execute("while (true) {}", List.of(), Duration.ofSeconds(2));
                }
                return session.execute("return 'done'", List.of(), SHORT);
            });
            assertEquals("done", answer);
            assertEquals(2, tries.get());
            assertTrue(RealChromium.running(Set.copyOf(hungPids), "no such text").isEmpty(),
                    "the hung browser's processes were killed");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("A busy loop was found and the job retried in a fresh browser in " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "found by the watchdog (2 s + 1 s grace): " + took);
        assertTrue(pool.status().counters().getOrDefault("fault.HUNG", 0L) >= 1, pool.status().counters().toString());
    }

    @Test
    void aJobWhoseBrowserLostItsWebGpuAdapterSucceedsInAFreshBrowser() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "test"))) {
            Object answer = lease.run(JobOptions.of("gpu-process-killed", Duration.ofSeconds(30)), session -> {
                if (tries.incrementAndGet() == 1) {
                    long browser = browserPid(lease.browserId());
                    // Chromium gives up on its GPU process after it crashed a few times: no adapter any more
                    for (int kill = 0; kill < 5 && Boolean.TRUE.equals(session.executeAsync(TRIVIAL_PROBE, List.of(),
                            SHORT)); kill++) {
                        List<ProcessHandle> gpu = RealChromium.children(browser, "--type=gpu-process");
                        gpu.forEach(ProcessHandle::destroyForcibly);
                        assertTrue(RealChromium.await(() -> gpu.stream().noneMatch(ProcessHandle::isAlive), SHORT));
                    }
                }
                Object sum = session.executeAsync(ADD_ON_GPU, List.of(List.of(1.5), List.of(2)), Duration.ofSeconds(20));
                if (sum instanceof Map<?, ?> error) {
                    throw new IllegalStateException("the shader did not run: " + error);
                }
                return sum;
            });
            assertEquals(List.of(3.5), answer);
            assertEquals(2, tries.get());
        }
        assertTrue(pool.status().counters().getOrDefault("fault.NO_ADAPTER", 0L) >= 1, pool.status().counters().toString());
    }

    @Test
    void aScriptErrorIsTheJobsOwnFailureAndNotRetried() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "test"))) {
            String browser = lease.browserId();
            ScriptFailure failure = assertThrows(ScriptFailure.class, () -> lease.run(
                    JobOptions.of("script-error", Duration.ofSeconds(20)), session -> {
                        tries.incrementAndGet();
                        return session.execute("return notDefined + 1", List.of(), SHORT);
                    }));
            assertTrue(failure.getMessage().contains("notDefined is not defined"), failure.getMessage());
            assertEquals(1, tries.get());
            assertEquals(browser, lease.browserId(), "a healthy browser is kept");
            assertEquals("a browser call's timeout must be positive, not PT0S", assertThrows(
                    IllegalArgumentException.class, () -> lease.execute("return 1", List.of(), Duration.ZERO))
                    .getMessage());
        }
    }

    @Test
    void anAbandonedLeaseIsReclaimedAndItsBrowserKilled() throws Exception {
        ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "forgetful").withMaxHold(Duration.ofSeconds(1)));
        String id = lease.id();
        List<Long> pids = pool.status().browsers().stream().filter(b -> b.id().equals(lease.browserId()))
                .findFirst().orElseThrow().pids();
        assertTrue(RealChromium.await(() -> pool.status().leases().stream().noneMatch(l -> l.id().equals(id)),
                Duration.ofSeconds(10)), "reclaimed after its maxHold");
        assertTrue(RealChromium.await(() -> RealChromium.running(Set.copyOf(pids), "no such text").isEmpty(), SHORT),
                "its browser was killed");
        BrowserFault fault = assertThrows(BrowserFault.class, () -> lease.execute("return 1", List.of(), SHORT));
        assertEquals(BrowserFault.Kind.LEASE_RECLAIMED, fault.kind());
        assertEquals("Lease " + id + " was reclaimed: held longer than its maxHold", fault.getMessage());
        lease.close();
    }

    @Test
    void aLeaseReclaimedByItsCallerSaysWhy() throws Exception {
        ResourcePool asCallersSeeIt = pool;
        ResourceLease lease = asCallersSeeIt.lease(LeaseRequest.of(WEBGPU, "task r1.1 attempt 1"));
        assertTrue(asCallersSeeIt.reclaim(lease.id(), "the task timed out"));
        BrowserFault fault = assertThrows(BrowserFault.class, () -> lease.execute("return 1", List.of(), SHORT));
        assertEquals("Lease " + lease.id() + " was reclaimed: the task timed out", fault.getMessage());
        assertFalse(asCallersSeeIt.reclaim(lease.id(), "again"), "held no more");
        lease.close();
    }

    private long browserPid(String browserId) {
        PoolStatus.Browser browser = pool.status().browsers().stream().filter(b -> b.id().equals(browserId))
                .findFirst().orElseThrow();
        seenPids.addAll(browser.pids());
        return browser.pids().get(1);
    }

    private static boolean idle(BrowserPool pool) {
        return pool.status().browsers().stream().allMatch(b -> b.state() == PoolStatus.BrowserState.IDLE);
    }

    /** A trivial WebGPU probe: an adapter and its info. */
    private static final String TRIVIAL_PROBE = """
            const done = arguments[arguments.length - 1];
            navigator.gpu.requestAdapter().then(a => done(!!a && !!a.info), e => done(String(e)));
            """;

    /** Adds two vectors with a WebGPU compute shader. */
    private static final String ADD_ON_GPU = """
            const [a, b, done] = arguments;
            (async () => {
              const device = await (await navigator.gpu.requestAdapter()).requestDevice();
              const size = a.length * 4;
              const buffer = data => {
                const buf = device.createBuffer({size, usage: GPUBufferUsage.STORAGE, mappedAtCreation: true});
                new Float32Array(buf.getMappedRange()).set(data);
                buf.unmap();
                return buf;
              };
              const out = device.createBuffer({size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC});
              const read = device.createBuffer({size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST});
              const module = device.createShaderModule({code: `
                @group(0) @binding(0) var<storage, read> a: array<f32>;
                @group(0) @binding(1) var<storage, read> b: array<f32>;
                @group(0) @binding(2) var<storage, read_write> c: array<f32>;
                @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
                  if (id.x < arrayLength(&c)) { c[id.x] = a[id.x] + b[id.x]; }
                }`});
              const pipeline = device.createComputePipeline({layout: 'auto', compute: {module, entryPoint: 'main'}});
              const group = device.createBindGroup({layout: pipeline.getBindGroupLayout(0), entries: [
                {binding: 0, resource: {buffer: buffer(a)}}, {binding: 1, resource: {buffer: buffer(b)}},
                {binding: 2, resource: {buffer: out}}]});
              const encoder = device.createCommandEncoder();
              const pass = encoder.beginComputePass();
              pass.setPipeline(pipeline);
              pass.setBindGroup(0, group);
              pass.dispatchWorkgroups(Math.ceil(a.length / 64));
              pass.end();
              encoder.copyBufferToBuffer(out, 0, read, 0, size);
              device.queue.submit([encoder.finish()]);
              await read.mapAsync(GPUMapMode.READ);
              return Array.from(new Float32Array(read.getMappedRange()));
            })().then(done, e => done({error: String(e)}));
            """;
}
