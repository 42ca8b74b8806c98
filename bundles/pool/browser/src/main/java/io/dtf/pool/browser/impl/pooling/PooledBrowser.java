package io.dtf.pool.browser.impl.pooling;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.PoolStatus;
import io.dtf.pool.browser.impl.driver.DriverSession;
import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.nio.file.Path;
import java.time.Instant;

/** One browser of the pool. The mutable fields are guarded by the pool's lock. */
final class PooledBrowser {
    final String id;
    final ProfileSettings profile;
    final Path dir;
    final Instant startedAt;
    DriverSession session;
    BrowserCapabilities capabilities;
    PoolStatus.BrowserState state = PoolStatus.BrowserState.STARTING;
    int uses;
    Instant lastUsedAt;
    String health = "starting";
    String leaseId;
    /** The GPU process it started with (0: none here), which holds its WebGPU devices. */
    long gpuPid;
    /** Set when a call found the browser failed: it is never leased again. */
    boolean broken;
    /** Its processes' memory (PSS, kB) as last measured, or {@link PoolStatus.Browser#MEMORY_UNKNOWN}. */
    long memoryKb = PoolStatus.Browser.MEMORY_UNKNOWN;
    /** When {@link #memoryKb} was measured, or {@code null}. */
    Instant memoryAt;

    PooledBrowser(String id, ProfileSettings profile, Path dir, Instant startedAt) {
        this.id = id;
        this.profile = profile;
        this.dir = dir;
        this.startedAt = startedAt;
        this.lastUsedAt = startedAt;
    }

    PoolStatus.Browser status(int maxUses) {
        return new PoolStatus.Browser(id, profile.name(), profile.backend().label(), state, uses, maxUses, startedAt,
                lastUsedAt, session == null ? java.util.List.of()
                        : session.processes().stream().map(TrackedProcess::pid).toList(),
                health, leaseId, capabilities, memoryKb);
    }
}
