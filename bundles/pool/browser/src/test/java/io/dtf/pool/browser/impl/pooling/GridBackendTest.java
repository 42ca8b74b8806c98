package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The grid backend against a real Selenium Grid 4.48.0 that the test starts in a JVM of its own ({@link SeleniumGrid}):
 * leases whose WebGPU was probed over the Grid on its blank page ({@code chrome://version/}), jobs, a Grid browser that
 * dies under a job, and sessions that end with the pool. When the Grid stops, none of its drivers or browsers may be
 * left. Skipped only where Chromium and chromedriver are not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridBackendTest {
    private static final Duration SHORT = Duration.ofSeconds(5);
    /** A hung call's limit (3 s) plus a fresh Grid session's start (1.3 s measured; up to 5 s on a loaded machine). */
    private static final Duration HUNG_JOB_BOUND = Duration.ofSeconds(15);
    /**
     * How long the Grid may take to end the hung browser's session after the pool closed: the pool closes that browser
     * through the Grid's DevTools proxy and deletes the session in the background, within a second or two.
     */
    private static final Duration GRID_SESSION_END = Duration.ofSeconds(20);
    private static final BrowserRequirements WEBGPU = BrowserRequirements.ANY.withWebGpu(true);
    /** A WebGPU job: the adapter's architecture. */
    private static final String ADAPTER_ARCHITECTURE = """
            const done = arguments[arguments.length - 1];
            navigator.gpu.requestAdapter().then(a => done(a ? a.info.architecture : 'no adapter'), e => done(String(e)));
            """;

    private Path dir;
    private SeleniumGrid grid;

    @BeforeAll
    void startGrid() throws Exception {
        RealChromium.assumeInstalled();
        dir = Files.createTempDirectory("dtf-pool-grid");
        grid = SeleniumGrid.start(dir, RealChromium.FLAGS);
        System.out.println("Selenium Grid ready on " + grid.url() + " in " + grid.startTime().toMillis() + " ms");
    }

    @AfterAll
    void stopGrid() throws Exception {
        if (grid == null) {
            return;
        }
        List<String> left = grid.stop();
        TransactionLog.deleteTree(dir);
        assertEquals(List.of(), left, "processes the Grid started outlived it");
    }

    @Test
    void aGridsBrowserIsLeasedProbedRunsJobsAndItsSessionEndsWithThePool() throws Exception {
        Path own = Files.createTempDirectory(dir, "pool");
        try (BrowserPool pool = gridPool(own, grid.url())) {
            long started = System.nanoTime();
            String browserId;
            try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "grid"))) {
                assertEquals("swiftshader", lease.executeAsync(ADAPTER_ARCHITECTURE, List.of(), SHORT));
                Duration cold = Duration.ofNanos(System.nanoTime() - started);
                System.out.println("Via the Grid: new session + WebGPU probe " + cold.toMillis() + " ms");
                BrowserCapabilities capabilities = lease.capabilities();
                System.out.println("Probed on the Grid: " + capabilities);
                assertEquals("grid", capabilities.backend());
                assertTrue(capabilities.webgpu().available(), capabilities.webgpu().toString());
                assertEquals(ProfileSettings.GRID_BLANK_PAGE, lease.currentPage(), "a fresh lease shows the blank page");
                assertEquals(7L, lease.execute("return arguments[0] + arguments[1]", List.of(3, 4), SHORT));
                Object answer = lease.run(JobOptions.of("grid-job", SHORT),
                        session -> session.execute("return 6 * 7", List.of(), SHORT));
                assertEquals(42L, answer);
                assertEquals(grid.url(), lease.webDriver().orElseThrow().url());
                assertEquals(1, sessions(grid.url()), "one session on the Grid");
                assertEquals(List.of(), browser(pool, lease.browserId()).pids(), "no local process for a Grid's browser");
                assertEquals(PoolStatus.Browser.MEMORY_UNKNOWN, browser(pool, lease.browserId()).memoryKb(),
                        "a Grid's browser's memory is not known here");
                browserId = lease.browserId();
            }

            awaitReturned(pool);
            started = System.nanoTime();
            try (ResourceLease warm = pool.lease(LeaseRequest.of(WEBGPU, "grid-warm"))) {
                assertEquals("swiftshader", warm.executeAsync(ADAPTER_ARCHITECTURE, List.of(), SHORT));
                System.out.println("Via the Grid: warm lease + WebGPU probe "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
                assertEquals(browserId, warm.browserId(), "the Grid's session was reused");
            }
            awaitReturned(pool);
        }
        assertEquals(0, sessions(grid.url()), "the pool ended its Grid session when it closed");
    }

    @Test
    void aJobWhoseGridBrowserIsKilledSucceedsInAFreshGridSession() throws Exception {
        Path own = Files.createTempDirectory(dir, "pool");
        AtomicInteger tries = new AtomicInteger();
        try (BrowserPool pool = gridPool(own, grid.url())) {
            try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "grid-fault"))) {
                String first = lease.browserId();
                Object answer = lease.run(JobOptions.of("grid-browser-killed", Duration.ofSeconds(20)), session -> {
                    if (tries.incrementAndGet() == 1) {
                        ProcessHandle browser = gridBrowser();
                        browser.destroyForcibly();
                        assertTrue(RealChromium.await(() -> RealChromium.running(Set.of(browser.pid()),
                                "no such text").isEmpty(), SHORT), "the Grid's browser was killed");
                    }
                    return session.executeAsync(ADAPTER_ARCHITECTURE, List.of(), SHORT);
                });
                assertEquals("swiftshader", answer);
                assertEquals(2, tries.get());
                assertNotEquals(first, lease.browserId(), "the job ran again in another Grid session");
            }
            Map<String, Long> counters = pool.status().counters();
            assertTrue(counters.keySet().stream().anyMatch(name -> name.startsWith("fault.")), counters.toString());
            awaitReturned(pool);
        }
        assertTrue(RealChromium.await(() -> sessions(grid.url()) == 0, SHORT), "the pool ended its Grid sessions");
    }

    /**
     * A page in a busy loop on a Grid's browser: the call's limit (2 s + the pool's grace of 1 s) ends it, the browser
     * is marked hung and replaced, and the job's second try runs in a fresh Grid session. The Grid cannot kill the
     * hung browser's page, and deleting its session waits behind the busy page: the pool does that in the background,
     * so the caller sees its answer within the limit plus a fresh session's start.
     */
    @Test
    @Timeout(60)
    void aJobWhoseGridPageHangsInABusyLoopSucceedsInAFreshGridSession() throws Exception {
        Path own = Files.createTempDirectory(dir, "pool");
        AtomicInteger tries = new AtomicInteger();
        Duration took;
        try (BrowserPool pool = gridPool(own, grid.url())) {
            try (ResourceLease lease = pool.lease(LeaseRequest.of(WEBGPU, "grid-hang"))) {
                String first = lease.browserId();
                long started = System.nanoTime();
                Object answer = lease.run(JobOptions.of("grid-busy-loop", Duration.ofSeconds(20)), session -> {
                    if (tries.incrementAndGet() == 1) {
                        session.execute("while (true) {}", List.of(), Duration.ofSeconds(2));
                    }
                    return session.executeAsync(ADAPTER_ARCHITECTURE, List.of(), SHORT);
                });
                took = Duration.ofNanos(System.nanoTime() - started);
                System.out.println("A busy loop on a Grid browser: the job succeeded on its second try after "
                        + took.toMillis() + " ms");
                assertEquals("swiftshader", answer);
                assertEquals(2, tries.get());
                assertNotEquals(first, lease.browserId(), "the job ran again in another Grid session");
            }
            assertTrue(took.compareTo(HUNG_JOB_BOUND) < 0, "the job took " + took.toMillis() + " ms, more than "
                    + HUNG_JOB_BOUND.toMillis() + " ms: the hung call's limit (3 s) and a fresh session's start");
            Map<String, Long> counters = pool.status().counters();
            assertEquals(1L, counters.get("fault.HUNG"), counters.toString());
            awaitReturned(pool);
        }
        long closed = System.nanoTime();
        assertTrue(RealChromium.await(() -> sessions(grid.url()) == 0, GRID_SESSION_END),
                "the Grid still has sessions " + GRID_SESSION_END.toSeconds() + " s after the pool closed");
        System.out.println("The Grid had no session " + (System.nanoTime() - closed) / 1_000_000
                + " ms after the pool closed");
    }

    private static BrowserPool gridPool(Path dir, URI gridUrl) {
        ProfileSettings profile = new ProfileSettings("chrome-grid", "chrome", Backend.GRID, null, null, gridUrl,
                RealChromium.FLAGS, Map.of(), true, 0, 1, ProfileSettings.GRID_BLANK_PAGE);
        return new BrowserPool(RealChromium.settings(0, profile), dir, Clock.systemUTC(), slow -> {
        });
    }

    /** The one browser the Grid's node runs now: the Chromium that its chromedriver launched. */
    private ProcessHandle gridBrowser() {
        List<ProcessHandle> browsers = grid.handle().descendants()
                .filter(p -> p.parent().flatMap(parent -> parent.info().command()).orElse("").endsWith("chromedriver"))
                .toList();
        assertEquals(1, browsers.size(), "one browser on the Grid: " + browsers);
        return browsers.get(0);
    }

    private static PoolStatus.Browser browser(BrowserPool pool, String browserId) {
        return pool.status().browsers().stream().filter(b -> b.id().equals(browserId)).findFirst().orElseThrow();
    }

    /**
     * Waits until the returned browser was checked: the pool's close deletes the Grid's session under a check still
     * running, whose call then hangs in the Grid until the pool's close gives up on its threads (start + 5 s).
     */
    private static void awaitReturned(BrowserPool pool) throws InterruptedException {
        assertTrue(RealChromium.await(() -> idle(pool), SHORT), "the returned browser became idle");
    }

    private static boolean idle(BrowserPool pool) {
        return pool.status().browsers().stream().allMatch(b -> b.state() == PoolStatus.BrowserState.IDLE);
    }

    /** The sessions the Grid has, from its status: each busy slot shows its session. */
    private static int sessions(URI grid) {
        try {
            String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(grid.resolve("/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return status.split("\"sessionId\"", -1).length - 1;
        } catch (IOException e) {
            throw new IllegalStateException("the Grid's status is unreadable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the Grid's status is unreadable: " + e, e);
        }
    }
}
