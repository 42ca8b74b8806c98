package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How many browsers a pool keeps: uses per browser, idle eviction, the warm minimum. */
class PoolSizingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Path dir;

    @BeforeEach
    void directory() throws Exception {
        RealChromium.assumeInstalled();
        dir = Files.createTempDirectory("dtf-pool-sizing");
    }

    @AfterEach
    void removeDirectory() {
        TransactionLog.deleteTree(dir);
    }

    @Test
    void aBrowserIsDiscardedAfterItsUsesAndWhenIdleTooLong() throws Exception {
        PoolSettings settings = PoolSettings.pool(2, 1, 0, true, 30, 20, 1, 100, 50, 5)
                .withProfiles(List.of(RealChromium.profile(0, 1)));
        try (BrowserPool pool = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        })) {
            String first = use(pool);
            assertTrue(RealChromium.await(() -> state(pool, PoolStatus.BrowserState.IDLE), WAIT));
            assertEquals(first, use(pool), "the idle browser is reused");
            assertTrue(RealChromium.await(() -> pool.status().browsers().isEmpty(), WAIT), "discarded after 2 uses");

            String second = use(pool);
            assertTrue(!second.equals(first), "a fresh browser");
            assertTrue(RealChromium.await(() -> state(pool, PoolStatus.BrowserState.IDLE), WAIT));
            assertTrue(RealChromium.await(() -> pool.status().browsers().isEmpty(), WAIT), "evicted when idle 1 s");
            assertEquals(2L, pool.status().counters().get("sessionsStarted"));
            assertEquals(2L, pool.status().counters().get("sessionsDiscarded"));
        }
    }

    @Test
    void aProfilesMinimumIsKeptStartedWithoutLeases() throws Exception {
        PoolSettings settings = PoolSettings.pool(50, 1, 0, true, 30, 20, 1, 100, 50, 5)
                .withProfiles(List.of(RealChromium.profile(1, 1)));
        try (BrowserPool pool = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        })) {
            assertTrue(RealChromium.await(() -> state(pool, PoolStatus.BrowserState.IDLE), WAIT), "a warm browser");
            String warm = pool.status().browsers().get(0).id();
            Thread.sleep(2_500); // longer than the idle time-out: the minimum is not evicted
            assertEquals(warm, use(pool));
        }
    }

    @Test
    void aBrowserStartedForAProbeEndsAfterItUnlessACallerWaitsForIt() throws Exception {
        PoolSettings settings = PoolSettings.pool(50, 120, 1, true, 30, 20, 1, 100, 50, 5)
                .withProfiles(List.of(RealChromium.profile(0, 1)));
        try (BrowserPool pool = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        })) {
            assertEquals(1, pool.capabilities().size(), "probed in a browser started for it");
            assertTrue(RealChromium.await(() -> pool.status().browsers().isEmpty(), WAIT),
                    "ended after the probe, not after idleSeconds (120 s) at about 220 MB");

            CompletableFuture<Integer> probing = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.probe(WAIT).size();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(RealChromium.await(() -> pool.status().browsers().size() == 1, WAIT), "a browser to probe");
            use(pool); // waits for the probe's browser: the pool's maximum is 1
            assertEquals(1, probing.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(2L, pool.status().counters().get("sessionsStarted"),
                    "the second probe's browser was kept for the caller waiting");
        }
    }

    private static String use(BrowserPool pool) throws InterruptedException {
        try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "sizing").withMaxWait(WAIT))) {
            return lease.browserId();
        }
    }

    private static boolean state(BrowserPool pool, PoolStatus.BrowserState state) {
        List<PoolStatus.Browser> browsers = pool.status().browsers();
        return browsers.size() == 1 && browsers.get(0).state() == state;
    }
}
