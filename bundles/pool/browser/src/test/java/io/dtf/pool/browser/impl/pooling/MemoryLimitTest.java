package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.PoolProperties;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.ProcessMemory;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** maxMemoryMb: the pool starts no browser that would take its browsers' memory past the limit. */
class MemoryLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path dir;

    @BeforeEach
    void directory() throws Exception {
        dir = Files.createTempDirectory("dtf-pool-memory");
    }

    @AfterEach
    void removeDirectory() {
        TransactionLog.deleteTree(dir);
    }

    @Test
    void theLimitIsReadFromTheConfigurationAndANegativeOneIsRefused() {
        assertEquals(0, PoolProperties.settings(Map.of()).maxMemoryMb(), "no limit by default");
        assertEquals(600, PoolProperties.settings(Map.of("maxMemoryMb", "600")).maxMemoryMb());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PoolProperties.settings(Map.of("maxMemoryMb", "-1")));
        assertTrue(bad.getMessage().contains("maxMemoryMb"), bad.getMessage());
    }

    @Test
    void aProcessTreesMemoryIsItsPss() {
        long own = ProcessMemory.pssKb(ProcessHandle.current().pid());
        assertTrue(own > 1024, "this JVM uses more than 1 MB: " + own + " kB");
        assertEquals(0, ProcessMemory.pssKb(Long.MAX_VALUE), "a process that does not exist uses nothing");
    }

    @Test
    void aSecondBrowserThatWouldExceedTheLimitIsNotStartedAndItsCallerWaitsForTheFirst() throws Exception {
        RealChromium.assumeInstalled();
        long oneBrowserMb = oneBrowserMb();
        int limit = (int) (oneBrowserMb * 3 / 2); // room for one browser, not for two
        PoolSettings settings = RealChromium.settings(2, RealChromium.profile(0, 2)).withMaxMemoryMb(limit);
        try (BrowserPool pool = new BrowserPool(settings, dir.resolve("limited"), Clock.systemUTC(), slow -> {
        })) {
            ResourceLease first = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "first").withMaxWait(WAIT));
            PoolRefusal refused = assertThrows(PoolRefusal.class, () -> pool.lease(LeaseRequest.of(
                    BrowserRequirements.ANY, "second").withMaxWait(Duration.ofSeconds(1))));
            assertEquals(PoolRefusal.Reason.WAIT_TIMED_OUT, refused.reason());
            assertTrue(refused.getMessage().contains("would exceed maxMemoryMb " + limit), refused.getMessage());
            Matcher used = Pattern.compile("the pool's 1 browsers use (\\d+) MB").matcher(refused.getMessage());
            assertTrue(used.find(), refused.getMessage());
            long usedMb = Long.parseLong(used.group(1));
            assertTrue(Math.abs(usedMb - oneBrowserMb) < oneBrowserMb / 3, "the browser's memory was measured ("
                    + oneBrowserMb + " MB in the other pool): " + refused.getMessage());
            assertEquals(1, pool.status().browsers().size(), "no second browser was started");

            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
                try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "second")
                        .withMaxWait(WAIT))) {
                    return lease.browserId();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(RealChromium.await(() -> pool.status().waiting() == 1, WAIT), "the second caller waits");
            String firstBrowser = first.browserId();
            first.close();
            assertEquals(firstBrowser, second.get(WAIT.toSeconds(), TimeUnit.SECONDS), "it got the first's browser");
            assertEquals(1L, pool.status().counters().get("sessionsStarted"));
        }
    }

    @Test
    void aLimitBelowOneBrowserRefusesAtOnceNamingIt() throws Exception {
        RealChromium.assumeInstalled();
        PoolSettings settings = RealChromium.settings(2, RealChromium.profile(0, 2)).withMaxMemoryMb(50);
        try (BrowserPool pool = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        })) {
            PoolRefusal refused = assertThrows(PoolRefusal.class, () -> pool.lease(LeaseRequest.of(
                    BrowserRequirements.ANY, "too big").withMaxWait(WAIT)));
            assertEquals(PoolRefusal.Reason.UNSATISFIABLE, refused.reason());
            assertTrue(refused.getMessage().contains("would exceed maxMemoryMb 50"), refused.getMessage());
            assertTrue(pool.status().browsers().isEmpty());
        }
    }

    /** What one browser of the test profile uses (PSS of its processes and driver), in a pool without a limit. */
    private long oneBrowserMb() throws Exception {
        try (BrowserPool pool = new BrowserPool(RealChromium.settings(1, RealChromium.profile(0, 1)),
                dir.resolve("measure"), Clock.systemUTC(), slow -> {
                });
             ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "measure").withMaxWait(WAIT))) {
            long kb = ProcessMemory.treePssKb(pool.status().browsers().get(0).pids());
            assertTrue(kb > 50 * 1024, "a browser uses more than 50 MB: " + kb + " kB");
            return kb / 1024;
        }
    }
}
