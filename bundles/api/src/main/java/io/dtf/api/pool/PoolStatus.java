package io.dtf.api.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A browser pool at one moment, for {@code dtf:pool} and REST.
 *
 * @param at when
 * @param browsers every browser the pool has started and not yet discarded
 * @param leases every lease held
 * @param waiting callers waiting for a browser now
 * @param queueLimit how many may wait
 * @param counters totals since the pool started: {@code leases}, {@code refusals}, {@code sessionsStarted},
 *     {@code sessionsDiscarded}, {@code retries}, and one per fault kind ({@code fault.HUNG})
 * @param history job latencies by job key, profile and backend
 * @param slowJobs the latest jobs much slower than their trailing median, newest first
 * @param cleanup what the pool cleaned up when it started (processes left by an earlier run)
 */
public record PoolStatus(Instant at, List<Browser> browsers, List<Lease> leases, int waiting, int queueLimit,
                         Map<String, Long> counters, List<JobHistory> history, List<SlowJob> slowJobs,
                         Cleanup cleanup) {
    public PoolStatus {
        browsers = List.copyOf(browsers);
        leases = List.copyOf(leases);
        counters = Map.copyOf(counters);
        history = List.copyOf(history);
        slowJobs = List.copyOf(slowJobs);
    }

    /** The states of a pooled browser. */
    public enum BrowserState { STARTING, IDLE, LEASED, CHECKING, DISCARDED }

    /**
     * One browser.
     *
     * @param pids the browser's and its driver's process ids (empty for a Grid's)
     * @param health the last health check's outcome ({@code ok}, or what failed)
     * @param leaseId the lease holding it, or {@code null}
     * @param memoryKb the memory of the browser's processes and its driver (PSS, kB), as last measured (every few
     *     seconds); {@link #MEMORY_UNKNOWN} when not known: a Grid's browser, or one not measured yet
     */
    public record Browser(String id, String profile, String backend, BrowserState state, int uses, int maxUses,
                          Instant startedAt, Instant lastUsedAt, List<Long> pids, String health, String leaseId,
                          BrowserCapabilities capabilities, long memoryKb) {
        /** {@link #memoryKb} when the memory is not known. */
        public static final long MEMORY_UNKNOWN = -1;

        public Browser {
            pids = List.copyOf(pids);
        }

        /** A browser whose memory is not known (as before {@code io.dtf.api.pool} 1.2.0). */
        public Browser(String id, String profile, String backend, BrowserState state, int uses, int maxUses,
                       Instant startedAt, Instant lastUsedAt, List<Long> pids, String health, String leaseId,
                       BrowserCapabilities capabilities) {
            this(id, profile, backend, state, uses, maxUses, startedAt, lastUsedAt, pids, health, leaseId, capabilities,
                    MEMORY_UNKNOWN);
        }
    }

    /** One lease. */
    public record Lease(String id, String owner, String browserId, Instant leasedAt, Instant reclaimAt) {
    }

    /**
     * The latencies of one job key in one profile and backend.
     *
     * @param count jobs recorded (the median and p95 are of the latest ones only)
     */
    public record JobHistory(String key, String profile, String backend, long count, Duration median, Duration p95,
                             Duration last, long slow) {
    }

    /**
     * A job much slower than its key's trailing median.
     *
     * @param percentSlower how much slower than the median, in percent
     */
    public record SlowJob(Instant at, String key, String profile, String backend, Duration took, Duration median,
                          long percentSlower) {
    }

    /**
     * What the pool found at start in its transaction log: browsers of an earlier run that were not shut down.
     *
     * @param killedPids the processes (browsers, drivers) still alive and ended now
     * @param leases leases that were held when the earlier run ended, never returned
     * @param removedDirs profile directories deleted
     */
    public record Cleanup(Instant at, List<Long> killedPids, List<String> leases, List<String> removedDirs) {
        public Cleanup {
            killedPids = List.copyOf(killedPids);
            leases = List.copyOf(leases);
            removedDirs = List.copyOf(removedDirs);
        }

        public static Cleanup none(Instant at) {
            return new Cleanup(at, List.of(), List.of(), List.of());
        }

        public boolean isEmpty() {
            return killedPids.isEmpty() && leases.isEmpty() && removedDirs.isEmpty();
        }
    }
}
