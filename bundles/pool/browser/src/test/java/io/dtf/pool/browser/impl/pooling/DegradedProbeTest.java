package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.api.pool.WebGpuInfo;
import io.dtf.pool.browser.impl.RealChromium;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser whose probe finds less than the profile's browsers had, as when its GPU process is killed during the probe
 * (found by the fault-injection IT: the probe gave "no adapter", the profile was taken to have no WebGPU, and every
 * later WebGPU lease was refused up front). One such browser must not cost the profile what it has: the pool replaces
 * it and keeps leasing. Real Chromium; only the chosen browsers' probe answers are made to lack the adapter.
 */
class DegradedProbeTest extends HookedPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final BrowserRequirements WEBGPU = BrowserRequirements.ANY.withWebGpu(true);

    /** The browsers whose probes lack the adapter. */
    private final Set<String> degraded = ConcurrentHashMap.newKeySet();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    /** How many of the next browsers started are to lack the adapter. */
    private final AtomicInteger degradeStarts = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        open(RealChromium.settings(2, RealChromium.profile(0, 2)), browser -> {
        }, (browser, found) -> {
            if (started.add(browser.id) && degradeStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                degraded.add(browser.id);
            }
            return degraded.contains(browser.id) ? withoutAdapter(found) : found;
        });
    }

    @Test
    void aNewBrowserProbedWithoutTheAdapterIsReplacedAndWebGpuLeasesGoOn() throws Exception {
        try (ResourceLease first = pool.lease(LeaseRequest.of(WEBGPU, "first").withMaxWait(WAIT))) {
            degradeStarts.set(1);
            try (ResourceLease second = pool.lease(LeaseRequest.of(WEBGPU, "second").withMaxWait(WAIT))) {
                assertFalse(degraded.contains(second.browserId()), "leased the replacement, not the degraded browser");
                assertTrue(second.capabilities().webgpu().available());
            }
        }
        assertEquals(1L, pool.status().counters().get("probesDegraded"));
        assertEquals(List.of(), pool.missing(WEBGPU), "the profile still has WebGPU");
    }

    @Test
    void aProbeOfAnIdleBrowserWithoutTheAdapterProbesAnotherOne() throws Exception {
        String idle;
        try (ResourceLease first = pool.lease(LeaseRequest.of(WEBGPU, "first").withMaxWait(WAIT))) {
            idle = first.browserId();
        }
        assertTrue(RealChromium.await(() -> pool.status().browsers().stream().anyMatch(b -> b.id().equals(idle)
                && b.state() == PoolStatus.BrowserState.IDLE), WAIT), "checked after its return and idle");
        degraded.add(idle);
        List<BrowserCapabilities> probed = pool.probe(WAIT);
        assertTrue(probed.get(0).webgpu().available(), "probed again on another browser: " + probed);
        assertEquals(1L, pool.status().counters().get("probesDegraded"));
        assertFalse(pool.status().browsers().stream().anyMatch(b -> b.id().equals(idle)), "the degraded one is gone");
        assertEquals(List.of(), pool.missing(WEBGPU));
    }

    @Test
    void whenTheReplacementLacksTheAdapterTooTheProfileLosesIt() throws Exception {
        try (ResourceLease first = pool.lease(LeaseRequest.of(WEBGPU, "first").withMaxWait(WAIT))) {
            assertEquals(List.of(), pool.missing(WEBGPU));
            degradeStarts.set(2);
            try (ResourceLease second = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "second")
                    .withMaxWait(WAIT))) {
                assertFalse(second.capabilities().webgpu().available());
            }
        }
        assertFalse(pool.missing(WEBGPU).isEmpty(), "two browsers in a row without the adapter: a real loss");
    }

    private static BrowserCapabilities withoutAdapter(BrowserCapabilities found) {
        return new BrowserCapabilities(found.profile(), found.browserType(), found.browserName(), found.version(),
                found.backend(), found.userAgent(), WebGpuInfo.none("navigator.gpu.requestAdapter() gave no adapter"),
                found.webnn(), found.probedAt());
    }
}
