package io.dtf.api.pool;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A browser leased from a {@link ResourcePool}: use it as a {@link BrowserSession}, run jobs on it with fault
 * handling ({@link #run}), then return it with {@link #close()}. A lease is used by one thread at a time.
 */
@ProviderType
public interface ResourceLease extends BrowserSession, AutoCloseable {
    /** The lease's id, as {@link PoolStatus} and {@code dtf:pool} show it. */
    String id();

    /** The id of the browser currently behind the lease (it changes when the browser is replaced). */
    String browserId();

    /** When the lease was granted. */
    Instant leasedAt();

    /**
     * Runs {@code job} in this lease's browser with the pool's time-outs. When the browser fails under it (a
     * {@link BrowserFault}: crashed tab, killed browser, hung page, no WebGPU adapter any more), the browser is
     * killed and replaced and the job runs again in the fresh one, up to {@link JobOptions#attempts()} times; the
     * caller sees only the last fault. Failures of the job itself ({@link ScriptFailure}, the job's own exceptions)
     * are not retried. The duration is recorded in the pool's history under {@link JobOptions#key()}.
     */
    <T> T run(JobOptions options, BrowserJob<T> job) throws Exception;

    /**
     * Discards this lease's browser (its processes are killed) and puts another healthy one with the same
     * requirements behind the lease: an idle one, or a freshly started one.
     *
     * @throws BrowserFault when no browser could be started (the lease then has none: {@link #run} and this method
     *     try again, other calls fail)
     * @throws PoolRefusal when none became free within the lease's {@link LeaseRequest#maxWait()}
     */
    void replace() throws InterruptedException;

    /**
     * Returns the browser to the pool, which checks its health, resets it to the blank page and keeps it for the
     * next lease, or discards it (too many uses, unhealthy). Idempotent.
     */
    @Override
    void close();
}
