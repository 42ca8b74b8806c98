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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pool that ended without closing (Karaf killed) leaves browsers running: the next pool's start ends them. */
class BrowserPoolRecoveryTest {

    @Test
    void theNextStartKillsWhatACrashedPoolLeftAndReportsIt() throws Exception {
        RealChromium.assumeInstalled();
        Path dir = Files.createTempDirectory("dtf-pool-recovery");
        PoolSettings settings = RealChromium.settings(1, RealChromium.profile(0, 1));
        BrowserPool crashed = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        });
        try {
            ResourceLease lease = crashed.lease(LeaseRequest.of(BrowserRequirements.ANY, "crash-test"));
            List<Long> pids = crashed.status().browsers().get(0).pids();
            assertEquals(2, pids.size(), "driver and browser: " + pids);

            // the crashed pool is never closed: its driver and browser run on, as after kill -9 of Karaf
            try (BrowserPool restarted = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
            })) {
                PoolStatus.Cleanup cleanup = restarted.cleanup();
                System.out.println("Cleaned up after a crash: " + cleanup);
                assertTrue(cleanup.killedPids().containsAll(pids), cleanup.killedPids() + " has " + pids);
                assertEquals(List.of(lease.id() + " (crash-test)"), cleanup.leases());
                assertEquals(List.of(dir.resolve("browsers").resolve(lease.browserId()).toString()),
                        cleanup.removedDirs());
                assertTrue(RealChromium.await(() -> RealChromium.running(Set.copyOf(pids), dir.toString()).isEmpty(),
                        Duration.ofSeconds(5)), "left: " + RealChromium.running(Set.copyOf(pids), dir.toString()));
                assertEquals(cleanup, restarted.status().cleanup());
            }
            try (BrowserPool again = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
            })) {
                assertTrue(again.cleanup().isEmpty(), "a pool that closed leaves nothing: " + again.cleanup());
            }
        } finally {
            crashed.close();
            TransactionLog.deleteTree(dir);
        }
    }
}
