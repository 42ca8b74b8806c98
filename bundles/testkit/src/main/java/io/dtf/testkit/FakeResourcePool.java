package io.dtf.testkit;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.pool.WebGpuInfo;
import io.dtf.api.pool.WebNnInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ResourcePool} without browsers, for code that shows or operates a pool ({@code dtf:pool}, REST): it
 * answers {@link #status()} and {@link #capabilities()} with what a test {@link #status(PoolStatus) sets},
 * {@link #probe} with those capabilities (or a failure set by {@link #failProbe}), and {@link #reclaim} for the leases
 * of the status; it records the waits probed and the leases reclaimed. It leases nothing: {@link #lease} refuses as a
 * stopped pool does. Thread safe.
 */
public final class FakeResourcePool implements ResourcePool {
    /** What Debian's Chromium answers {@code navigator.ml.createContext()}: it has no WebNN backend. */
    public static final String NO_WEBNN = "Failed to execute 'createContext' on 'ML': WebNN is not supported on this "
            + "platform.";

    private volatile PoolStatus status = new PoolStatus(Instant.EPOCH, List.of(), List.of(), 0, 32, Map.of(),
            List.of(), List.of(), PoolStatus.Cleanup.none(Instant.EPOCH));
    private volatile List<BrowserCapabilities> capabilities = List.of();
    private volatile RuntimeException probeFailure;
    private final List<Duration> probes = new CopyOnWriteArrayList<>();
    private final List<String> reclaimed = new CopyOnWriteArrayList<>();

    /**
     * Chromium 156 as Debian's build is probed on a machine without a GPU: WebGPU on SwiftShader (a fallback adapter;
     * three of its features and six of its limits), {@code navigator.ml} present but no WebNN context on any device
     * type ({@link #NO_WEBNN}).
     */
    public static BrowserCapabilities swiftShaderChromium(String profile, String backend, Instant probedAt) {
        return new BrowserCapabilities(profile, "chrome", "chrome", "156.0.8078.129", backend,
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0",
                new WebGpuInfo(true, "google", "swiftshader", "", "", true,
                        Set.of("float32-filterable", "shader-f16", "timestamp-query"),
                        Map.of("maxBufferSize", 1L << 30, "maxStorageBufferBindingSize", 1L << 30,
                                "maxComputeWorkgroupStorageSize", 32_768L, "maxComputeInvocationsPerWorkgroup", 256L,
                                "maxComputeWorkgroupSizeX", 256L, "maxBindGroups", 4L), null),
                new WebNnInfo(true, Set.of(), Map.of("cpu", NO_WEBNN, "gpu", NO_WEBNN, "npu", NO_WEBNN)),
                probedAt);
    }

    /** What {@link #status()} answers from now on; its browsers' capabilities are what {@link #capabilities()} is. */
    public FakeResourcePool status(PoolStatus value) {
        status = value;
        List<BrowserCapabilities> probed = new ArrayList<>();
        value.browsers().stream().map(PoolStatus.Browser::capabilities).filter(c -> c != null)
                .filter(c -> probed.stream().noneMatch(p -> p.profile().equals(c.profile()))).forEach(probed::add);
        capabilities = List.copyOf(probed);
        return this;
    }

    /** What {@link #capabilities()} and {@link #probe} answer from now on, one per profile. */
    public FakeResourcePool capabilities(List<BrowserCapabilities> value) {
        capabilities = List.copyOf(value);
        return this;
    }

    /** {@link #probe} throws this from now on ({@code null}: it answers again). */
    public FakeResourcePool failProbe(RuntimeException failure) {
        probeFailure = failure;
        return this;
    }

    /** The waits {@link #probe} was called with, in order. */
    public List<Duration> probes() {
        return List.copyOf(probes);
    }

    /** The lease ids {@link #reclaim} ended, in order. */
    public List<String> reclaimed() {
        return List.copyOf(reclaimed);
    }

    @Override
    public ResourceLease lease(LeaseRequest request) {
        throw new PoolRefusal(PoolRefusal.Reason.STOPPED, "the fake pool leases no browsers");
    }

    /** Empty when a profile of {@link #capabilities()} has what is required, else what the first one lacks. */
    @Override
    public List<String> missing(BrowserRequirements requirements) {
        List<BrowserCapabilities> profiles = capabilities;
        if (profiles.isEmpty()) {
            return List.of("browser");
        }
        return profiles.stream().map(requirements::missing).filter(List::isEmpty).findFirst()
                .orElse(requirements.missing(profiles.get(0)));
    }

    @Override
    public List<BrowserCapabilities> capabilities() {
        return capabilities;
    }

    @Override
    public List<BrowserCapabilities> probe(Duration wait) {
        probes.add(wait);
        RuntimeException failure = probeFailure;
        if (failure != null) {
            throw failure;
        }
        return capabilities;
    }

    @Override
    public PoolStatus status() {
        return status;
    }

    /** Ends a lease of the status: it leaves the status, as it leaves a real pool's. */
    @Override
    public synchronized boolean reclaim(String leaseId) {
        PoolStatus now = status;
        List<PoolStatus.Lease> kept = now.leases().stream().filter(l -> !l.id().equals(leaseId)).toList();
        if (kept.size() == now.leases().size()) {
            return false;
        }
        reclaimed.add(leaseId);
        status = new PoolStatus(now.at(), now.browsers().stream().filter(b -> !leaseId.equals(b.leaseId())).toList(),
                kept, now.waiting(), now.queueLimit(), now.counters(), now.history(), now.slowJobs(), now.cleanup());
        return true;
    }
}
