package io.dtf.api.pool;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A pool of browsers (the seed's {@code ResourcePoolInterface}): lease one by the capabilities a job needs, return it
 * ({@link ResourceLease#close()}), replace it ({@link ResourceLease#replace()}). The pool owns every browser and
 * driver process: none outlives its lease (a lease held longer than {@link LeaseRequest#maxHold()} is reclaimed),
 * the pool's bundle or Karaf. A service, selected by {@value #PROPERTY} ({@code browser}).
 */
@ProviderType
public interface ResourcePool {
    /** The service property naming the kind of resource a pool leases. */
    String PROPERTY = "dtf.pool";

    /**
     * Leases a browser that has what {@code request} requires, waiting for one at most {@link LeaseRequest#maxWait()}.
     * The browser's capabilities were probed (not assumed) when it started.
     *
     * @throws PoolRefusal when no configured browser can have what is required (up front, naming what is missing),
     *     when the wait queue is full, when the wait ended, or when the pool is stopping
     * @throws BrowserFault when no browser could be started for it
     * @throws InterruptedException when the calling thread was interrupted while waiting
     */
    ResourceLease lease(LeaseRequest request) throws InterruptedException;

    /**
     * Leases a browser, runs {@code job} in it with {@link ResourceLease#run(JobOptions, BrowserJob)} and returns it:
     * what most callers want.
     */
    default <T> T run(LeaseRequest request, JobOptions options, BrowserJob<T> job) throws Exception {
        try (ResourceLease lease = lease(request)) {
            return lease.run(options, job);
        }
    }

    /**
     * Whether the pool could lease a browser with what {@code requirements} ask, by the capabilities its configured
     * browsers were probed to have: empty when it could, else what is missing ({@code "webnn device gpu"}), so that a
     * task is refused up front with the missing capability named. A profile not probed yet is probed now.
     */
    List<String> missing(BrowserRequirements requirements) throws InterruptedException;

    /**
     * What the pool's browsers can do, one entry per configured browser profile, as last probed (a profile never
     * probed yet is probed now). Workers advertise it ({@code browsers}, {@code webgpu}, {@code webnn}).
     */
    List<BrowserCapabilities> capabilities() throws InterruptedException;

    /** Probes every configured browser profile now, in a browser of its own (for {@code dtf:pool-probe}). */
    List<BrowserCapabilities> probe(Duration wait) throws InterruptedException;

    /** Browsers, leases, uses, health and job history, for {@code dtf:pool} and REST. */
    PoolStatus status();

    /**
     * Ends a lease now, as if its holder had returned it after a fault: the browser is discarded, the holder's next
     * call fails with {@link BrowserFault.Kind#LEASE_RECLAIMED}. For an operator ({@code dtf:pool release <id>}).
     *
     * @return whether such a lease was held
     */
    boolean reclaim(String leaseId);

    /**
     * Ends a lease now, like {@link #reclaim(String)}, for {@code reason}: the pool logs it, and the holder's next
     * call fails saying it ({@code "the task timed out"}), instead of an operator's reclaim. For a caller ending its
     * own leases (a task executor at a time-out or cancellation).
     *
     * @return whether such a lease was held
     * @since 1.1
     */
    default boolean reclaim(String leaseId, String reason) {
        return reclaim(leaseId);
    }
}
