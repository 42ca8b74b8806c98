package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The attach backend, for builds chromedriver cannot launch (the WebNN-capable Chromium of @sparticuz/chromium): the
 * pool starts the browser with a debugging port and attaches chromedriver to it. Shown here with Debian's Chromium.
 */
class AttachBackendTest {

    @Test
    void aBrowserStartedByThePoolIsAttachedProbedAndKilledWithThePool() throws Exception {
        RealChromium.assumeInstalled();
        Path dir = Files.createTempDirectory("dtf-pool-attach");
        ProfileSettings attach = new ProfileSettings("chrome-attached", "chrome", Backend.ATTACH, RealChromium.BINARY,
                RealChromium.DRIVER, null, RealChromium.FLAGS, Map.of(), true, 0, 1, null);
        Set<Long> pids = new HashSet<>();
        try (BrowserPool pool = new BrowserPool(RealChromium.settings(0, attach), dir, Clock.systemUTC(), slow -> {
        })) {
            try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY.withBrowser("chrome-attached")
                    .withWebGpu(true), "attach-test"))) {
                BrowserCapabilities capabilities = lease.capabilities();
                assertEquals("attach", capabilities.backend());
                assertEquals("swiftshader", capabilities.webgpu().architecture());
                assertEquals(7L, lease.execute("return arguments[0] + arguments[1]", List.of(3, 4), Duration.ofSeconds(5)));
                pool.status().browsers().forEach(b -> pids.addAll(b.pids()));
                assertEquals(2, pids.size(), "the browser the pool started and chromedriver: " + pids);
            }
        } finally {
            assertTrue(RealChromium.await(() -> RealChromium.running(pids, dir.toString()).isEmpty(),
                    Duration.ofSeconds(5)), "left: " + RealChromium.running(pids, dir.toString()));
            TransactionLog.deleteTree(dir);
        }
    }
}
