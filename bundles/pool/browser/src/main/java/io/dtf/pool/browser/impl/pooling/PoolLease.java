package io.dtf.pool.browser.impl.pooling;

import io.dtf.api.DtfException;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserFault;
import io.dtf.api.pool.BrowserJob;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.driver.DriverSession;
import io.dtf.pool.browser.impl.driver.Faults;
import io.dtf.pool.browser.impl.driver.Watchdog;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A lease: its browser's calls, each watched by the pool's watchdog, and jobs retried in a fresh browser when the
 * browser fails. Used by one thread at a time; the pool may reclaim it from another.
 */
final class PoolLease implements ResourceLease {
    private final BrowserPool pool;
    private final String id;
    private final LeaseRequest request;
    private final Instant leasedAt;
    /** Guarded by the pool's lock; {@code null} after a failed replacement. */
    PooledBrowser browser;
    /** Guarded by the pool's lock: why the lease was ended by the pool, or {@code null}. */
    String reclaimed;
    /** Guarded by the pool's lock. */
    boolean returned;
    /** Guarded by the pool's lock: the pool's own lease, to probe a browser. */
    boolean probe;
    /** The watch over the job {@link #run} runs now, or {@code null}: a call it ends was ended by a hang. */
    private volatile Watchdog.Watch jobWatch;

    PoolLease(BrowserPool pool, String id, LeaseRequest request, Instant leasedAt, PooledBrowser browser) {
        this.pool = pool;
        this.id = id;
        this.request = request;
        this.leasedAt = leasedAt;
        this.browser = browser;
    }

    @Override
    public String id() {
        return id;
    }

    LeaseRequest request() {
        return request;
    }

    @Override
    public String browserId() {
        PooledBrowser current = pool.browserOf(this);
        return current == null ? null : current.id;
    }

    @Override
    public Instant leasedAt() {
        return leasedAt;
    }

    @Override
    public BrowserCapabilities capabilities() {
        return pool.current(this).capabilities;
    }

    @Override
    public void open(URI page, Duration timeout) {
        call(timeout, session -> {
            session.open(page, timeout);
            return null;
        });
    }

    @Override
    public URI currentPage() {
        return call(pool.settings().command(), DriverSession::currentPage);
    }

    @Override
    public Object execute(String script, List<?> arguments, Duration timeout) {
        return call(timeout, session -> session.execute(script, arguments, timeout));
    }

    @Override
    public Object executeAsync(String script, List<?> arguments, Duration timeout) {
        return call(timeout, session -> session.executeAsync(script, arguments, timeout));
    }

    @Override
    public Optional<WebDriverSession> webDriver() {
        DriverSession session = pool.current(this).session;
        return Optional.of(new WebDriverSession(session.driverUrl(), session.sessionId()));
    }

    @Override
    public <T> T run(JobOptions options, BrowserJob<T> job) throws Exception {
        BrowserFault last = null;
        int tries = 0;
        int startsFailedInARow = 0;
        while (tries < options.attempts()) {
            PooledBrowser current = pool.browserOf(this);
            if (current == null || pool.isBroken(current)) {
                try {
                    replace();
                } catch (BrowserFault noBrowser) {
                    if (noBrowser.kind() == BrowserFault.Kind.LEASE_RECLAIMED) {
                        throw noBrowser;
                    }
                    // a fresh browser that fails while it starts (killed, out of memory) costs the job no try: that
                    // is the machine's trouble, not the job's; as many failed starts in a row as it has tries end it
                    last = noBrowser;
                    if (++startsFailedInARow >= options.attempts()) {
                        break;
                    }
                    continue;
                }
                current = pool.current(this);
            }
            startsFailedInARow = 0;
            if (++tries > 1) {
                pool.count("retries");
            }
            long started = System.nanoTime();
            // the first try of a job with a history is found hung long before its own limit; a later try gets all of
            // it, so that a job slower than usual (a loaded machine) loses one try at most
            Optional<Duration> usual = tries == 1 ? pool.hangLimit(options.key(), current, options.timeout())
                    : Optional.empty();
            Duration limit = usual.orElse(options.timeout()).plus(pool.settings().grace());
            try (Watchdog.Watch watch = pool.watchdog().watch(current.session, limit)) {
                jobWatch = watch;
                try {
                    T result = job.run(this);
                    pool.recordJob(options.key(), current, Duration.ofNanos(System.nanoTime() - started));
                    return result;
                } catch (Exception failure) {
                    if (watch.fired() && usual.isPresent()) {
                        pool.count("hungByHistory");
                    }
                    BrowserFault fault = watch.fired()
                            ? new BrowserFault(BrowserFault.Kind.HUNG, "Job " + options.key() + " did not end within "
                            + limit.toSeconds() + " s" + usual.map(u -> " (" + pool.settings().hangFactor()
                            + " times the 95th percentile of its latest jobs, at least "
                            + pool.settings().hangFloor().toSeconds() + " s, and the watchdog's grace)").orElse("")
                            + ": browser " + current.id + " was killed", failure)
                            : pool.diagnose(this, current, failure);
                    if (fault == null || fault.kind() == BrowserFault.Kind.LEASE_RECLAIMED) {
                        throw failure;
                    }
                    pool.failed(current, fault);
                    last = fault;
                } finally {
                    jobWatch = null;
                }
            }
        }
        throw last;
    }

    @Override
    public void replace() throws InterruptedException {
        pool.replace(this);
    }

    @Override
    public void close() {
        pool.returned(this);
    }

    /** A call on the browser, watched: a fault marks the browser broken, so that it is never leased again. */
    private <T> T call(Duration timeout, Function<DriverSession, T> action) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a browser call's timeout must be positive, not " + timeout);
        }
        PooledBrowser current = pool.current(this);
        Duration limit = timeout.plus(pool.settings().grace());
        try (Watchdog.Watch watch = pool.watchdog().watch(current.session, limit)) {
            try {
                return action.apply(current.session);
            } catch (RuntimeException failure) {
                pool.checkNotReclaimed(this);
                // the job's watch may have ended the call first (its limit from the key's history is the shorter)
                Watchdog.Watch job = jobWatch;
                Watchdog.Watch fired = job != null && job.fired() ? job : watch;
                DtfException classified = Faults.classify(failure, current.id, fired.fired(),
                        fired.limit().toSeconds() + " s", () -> pool.lifecycle().alive(current.session));
                if (classified instanceof BrowserFault fault) {
                    pool.failed(current, fault);
                }
                throw classified;
            }
        }
    }

    @Override
    public String toString() {
        return "lease " + id + " of " + request.owner();
    }
}
