package io.dtf.pool.browser.impl.pooling;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserFault;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.api.pool.ResourcePool;
import io.dtf.pool.browser.impl.driver.BrowserStarter;
import io.dtf.pool.browser.impl.driver.DriverSession;
import io.dtf.pool.browser.impl.driver.Watchdog;
import io.dtf.pool.browser.impl.history.PerformanceHistory;
import io.dtf.pool.browser.impl.process.GpuProcess;
import io.dtf.pool.browser.impl.process.ProcessMemory;
import io.dtf.pool.browser.impl.process.ProcessReaper;
import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser pool: browsers per profile between a minimum and a maximum, leased by the capabilities they were probed
 * to have, checked and reset when returned, discarded after too many uses, when unhealthy or idle too long; callers
 * wait in a bounded queue when all are busy. Every browser and driver process is recorded in the transaction log and
 * killed when the pool closes (and, should the JVM end without closing it, by a shutdown hook; should the JVM be
 * killed, by the pool's {@link ProcessReaper}, or else by the next pool's start).
 */
public final class BrowserPool implements ResourcePool, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserPool.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    /** What a browser is taken to need before one was measured: one with a WebGPU device, as measured here. */
    private static final long UNMEASURED_BROWSER_KB = 220 * 1024;
    /**
     * How often each browser's memory is measured for its status: reading /proc for a browser's ten or so processes
     * takes a few ms, too much for every status() (REST and the shell may ask often).
     */
    private static final Duration MEMORY_EVERY = Duration.ofSeconds(5);
    /** How long the pool's close waits for its Grid sessions to be deleted (a hung one's delete never ends). */
    private static final Duration GRID_SESSIONS_END = Duration.ofSeconds(5);

    private final PoolSettings settings;
    private final Clock clock;
    private final Consumer<PoolStatus.SlowJob> slowJobs;
    private final Watchdog watchdog = new Watchdog();
    private final TransactionLog log;
    private final ProcessReaper reaper;
    private final BrowserLifecycle lifecycle;
    private final PerformanceHistory history;
    private final PoolStatus.Cleanup cleanup;
    private final Path browsersDir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<PooledBrowser> browsers = new ArrayList<>();
    private final Map<String, PoolLease> leases = new LinkedHashMap<>();
    private final Map<String, BrowserCapabilities> probed = new LinkedHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService background;
    private final ScheduledExecutorService housekeeping;
    private final Thread shutdownHook;
    /**
     * The callers waiting for a browser now, by the order they came in (a caller keeps its place while it waits again):
     * a browser that becomes free, or room to start one, is theirs before a later caller's. Guarded by the lock.
     */
    private final NavigableMap<Long, Waiter> waiters = new TreeMap<>();
    private long arrivals;
    private boolean closed;
    /** The most memory one browser was measured to use (kB), guarded by the lock: what another one is expected to. */
    private long largestBrowserKb;
    /** Whether the last try to start a warm browser was held back by the memory limit (logged once, not each second). */
    private boolean warmHeldBack;

    /**
     * Starts the pool: cleans up what an earlier pool in {@code dataDir} left running, then keeps each profile's
     * minimum of browsers started.
     *
     * @param dataDir the pool's own directory (transaction log, browser profiles, blank page)
     * @param slowJobs told of each job much slower than its key's trailing median
     */
    public BrowserPool(PoolSettings settings, Path dataDir, Clock clock, Consumer<PoolStatus.SlowJob> slowJobs) {
        this(settings, dataDir, clock, slowJobs, BrowserLifecycle::new);
    }

    /** The pool with browsers started, probed and ended by what {@code lifecycles} makes (a test's may probe less). */
    BrowserPool(PoolSettings settings, Path dataDir, Clock clock, Consumer<PoolStatus.SlowJob> slowJobs,
                BrowserLifecycle.Factory lifecycles) {
        this.settings = settings;
        this.clock = clock;
        this.slowJobs = slowJobs;
        this.browsersDir = dataDir.resolve("browsers");
        this.log = new TransactionLog(dataDir.resolve("transactions.log"), browsersDir);
        this.cleanup = log.recover(clock.instant());
        if (!cleanup.isEmpty()) {
            LOG.warn("The browser pool cleaned up after an earlier run: killed processes {}, leases never returned {}, "
                    + "removed {} browser directories", cleanup.killedPids(), cleanup.leases(), cleanup.removedDirs().size());
        }
        this.reaper = new ProcessReaper(dataDir.resolve("processes.pids"));
        this.lifecycle = lifecycles.create(new BrowserStarter(watchdog), watchdog, log, reaper, blankPage(dataDir),
                settings.start(), clock);
        this.history = new PerformanceHistory(settings.historySize(), settings.historyMinimum(), settings.slowPercent());
        this.background = Executors.newCachedThreadPool(daemon("dtf-pool-worker"));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("dtf-pool-housekeeping"));
        this.shutdownHook = new Thread(lifecycle::killAll, "dtf-pool-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        housekeeping.scheduleWithFixedDelay(this::housekeep, 0, HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the pool cleaned up when it started. */
    public PoolStatus.Cleanup cleanup() {
        return cleanup;
    }

    PoolSettings settings() {
        return settings;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    BrowserLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public ResourceLease lease(LeaseRequest request) throws InterruptedException {
        Instant deadline = clock.instant().plus(request.maxWait());
        String leaseId = "l" + ids.incrementAndGet();
        lock.lock();
        try {
            PooledBrowser browser = acquire(request.requirements(), null, deadline, leaseId);
            PoolLease lease = new PoolLease(this, leaseId, request, clock.instant(), browser);
            leases.put(leaseId, lease);
            log.lease(leaseId, browser.id, request.owner());
            count("leases");
            return lease;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A browser for a lease, held by it on return: an idle one that has what is required, else a new one where a
     * profile is below its maximum, else the first to become free within the deadline. Callers that wait are served
     * in the order they came: a browser that becomes free goes to the first of them it suits, not to a caller that
     * comes at that moment. Called with the lock held; releases it while a browser starts and while waiting.
     *
     * @param profile only browsers of this profile, or {@code null} for any that matches
     */
    private PooledBrowser acquire(BrowserRequirements requirements, String profile, Instant deadline, String leaseId)
            throws InterruptedException {
        long arrival = ++arrivals;
        try {
            return acquireInTurn(requirements, profile, deadline, leaseId, arrival);
        } finally {
            if (!waiters.isEmpty()) {
                // a caller that leaves (with a browser, refused, or at its deadline) may have been what those after it
                // gave way to
                changed.signalAll();
            }
        }
    }

    private PooledBrowser acquireInTurn(BrowserRequirements requirements, String profile, Instant deadline,
                                        String leaseId, long arrival) throws InterruptedException {
        while (true) {
            if (closed) {
                throw refuse(new PoolRefusal(PoolRefusal.Reason.STOPPED, "The browser pool is stopping"));
            }
            List<ProfileSettings> usable = usable(requirements, profile);
            Waiter self = new Waiter(requirements, usable);
            Collection<Waiter> before = waiters.headMap(arrival, false).values();
            for (PooledBrowser browser : browsers) {
                if (browser.state == PoolStatus.BrowserState.IDLE && !browser.broken && self.wants(browser)
                        && before.stream().noneMatch(w -> w.wants(browser))) {
                    return grant(browser, leaseId);
                }
            }
            // room to start a browser, beyond what the callers before this one may start there
            ProfileSettings startable = usable.stream().filter(p -> p.max() - size(p)
                    > before.stream().filter(w -> w.usable().contains(p)).count()).findFirst().orElse(null);
            String overMemory = startable == null ? null : overMemory(startable);
            if (overMemory != null && browsers.isEmpty()) {
                throw refuse(new PoolRefusal(PoolRefusal.Reason.UNSATISFIABLE, "The browser pool cannot start a "
                        + "browser: " + overMemory, List.of("memory (maxMemoryMb " + settings.maxMemoryMb() + ")")));
            }
            if (startable != null && overMemory == null) {
                PooledBrowser fresh = startLocked(startable);
                if (requirements.missing(fresh.capabilities).isEmpty()) {
                    return grant(fresh, leaseId);
                }
                fresh.state = PoolStatus.BrowserState.IDLE;
                changed.signalAll();
                continue;
            }
            int waiting = waiters.size();
            if (waiting >= settings.queueLimit()) {
                throw refuse(new PoolRefusal(PoolRefusal.Reason.QUEUE_FULL, "All browsers of " + names(usable)
                        + " are busy and " + waiting + " callers already wait (queueLimit " + settings.queueLimit()
                        + ")" + (overMemory == null ? "" : "; " + overMemory) + ": try again later"));
            }
            long remaining = Duration.between(clock.instant(), deadline).toNanos();
            if (remaining <= 0) {
                throw refuse(new PoolRefusal(PoolRefusal.Reason.WAIT_TIMED_OUT, "All browsers of " + names(usable)
                        + " stayed busy for the whole wait (" + usable.stream().mapToInt(ProfileSettings::max).sum()
                        + " at most, " + waiting + " other callers waiting" + (overMemory == null ? "" : "; "
                        + overMemory) + "): try again later"));
            }
            waiters.put(arrival, self);
            try {
                changed.awaitNanos(remaining);
            } finally {
                waiters.remove(arrival);
            }
        }
    }

    /** A caller waiting for a browser: what it requires, and the profiles that may have it. */
    private record Waiter(BrowserRequirements requirements, List<ProfileSettings> usable) {
        boolean wants(PooledBrowser browser) {
            return usable.contains(browser.profile) && requirements.missing(browser.capabilities).isEmpty();
        }
    }

    /**
     * The profiles that may have what is required: of the browser asked for, and probed to have the rest or not
     * probed yet.
     *
     * @throws PoolRefusal {@link PoolRefusal.Reason#UNSATISFIABLE} when there are none
     */
    private List<ProfileSettings> usable(BrowserRequirements requirements, String profile) {
        List<ProfileSettings> candidates = settings.profiles().stream()
                .filter(p -> profile == null ? requirements.browser() == null
                        || requirements.browser().equalsIgnoreCase(p.name())
                        || requirements.browser().equalsIgnoreCase(p.type()) : p.name().equals(profile))
                .toList();
        if (candidates.isEmpty()) {
            throw refuse(new PoolRefusal(PoolRefusal.Reason.UNSATISFIABLE, "The browser pool has no browser "
                    + requirements.browser() + " (profiles: " + names(settings.profiles()) + ")",
                    List.of("browser " + requirements.browser())));
        }
        List<ProfileSettings> usable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ProfileSettings candidate : candidates) {
            BrowserCapabilities capabilities = probed.get(candidate.name());
            List<String> lacking = capabilities == null ? List.of() : requirements.missing(capabilities);
            if (lacking.isEmpty()) {
                usable.add(candidate);
            } else if (missing.isEmpty()) {
                missing.addAll(lacking);
            }
        }
        if (usable.isEmpty()) {
            throw refuse(new PoolRefusal(PoolRefusal.Reason.UNSATISFIABLE, "No browser of the pool has "
                    + String.join(", ", missing) + " (probed: " + candidates.stream()
                    .map(p -> p.name() + " " + describe(probed.get(p.name()))).collect(Collectors.joining("; "))
                    + ")", missing));
        }
        return usable;
    }

    /**
     * Why starting another browser of {@code profile} would exceed {@code maxMemoryMb}, or {@code null} when it would
     * not (or there is no limit): the browsers' memory now (PSS of each one's processes and driver; a browser still
     * starting counts as much as the largest measured so far) plus that much for another. Called with the lock held,
     * and only when a browser would be started: it reads /proc for each of the browsers' processes (a few ms).
     */
    private String overMemory(ProfileSettings profile) {
        if (settings.maxMemoryMb() == 0) {
            return null;
        }
        long used = 0;
        int starting = 0;
        for (PooledBrowser browser : browsers) {
            long kb = browser.session == null ? 0 : ProcessMemory.treePssKb(browser.session.processes().stream()
                    .map(TrackedProcess::pid).toList());
            if (kb == 0) {
                starting++;
            } else {
                browser.memoryKb = kb;
                browser.memoryAt = clock.instant();
            }
            largestBrowserKb = Math.max(largestBrowserKb, kb);
            used += kb;
        }
        long another = largestBrowserKb > 0 ? largestBrowserKb : UNMEASURED_BROWSER_KB;
        used += starting * another;
        if (used + another <= settings.maxMemoryMb() * 1024L) {
            return null;
        }
        return "another browser of " + profile.name() + " (about " + another / 1024 + " MB) would exceed maxMemoryMb "
                + settings.maxMemoryMb() + " (the pool's " + browsers.size() + " browsers use " + used / 1024 + " MB)";
    }

    private PooledBrowser grant(PooledBrowser browser, String leaseId) {
        browser.state = PoolStatus.BrowserState.LEASED;
        browser.leaseId = leaseId;
        browser.uses++;
        browser.lastUsedAt = clock.instant();
        return browser;
    }

    /**
     * Starts a browser of {@code profile}, counted against its maximum from now; the lock is released meanwhile. A
     * browser probed to have less than the profile's browsers had (a GPU process that died during the probe, say) is
     * discarded and another started in its place: only when that one has less too does the profile lose what it had,
     * since one browser's fault must not refuse every later lease that needs it.
     */
    private PooledBrowser startLocked(ProfileSettings profile) {
        PooledBrowser browser = startOneLocked(profile);
        BrowserCapabilities known = probed.get(profile.name());
        if (known != null && lacks(browser.capabilities, known)) {
            LOG.warn("Browser {} of profile {} was probed to have less than the profile's browsers had ({}; before: {})"
                    + ": it is replaced by another", browser.id, profile.name(), describe(browser.capabilities),
                    describe(known));
            count("probesDegraded");
            remove(browser);
            lock.unlock();
            try {
                lifecycle.discard(browser, browser.session, false);
            } finally {
                lock.lock();
            }
            browser = startOneLocked(profile);
            if (lacks(browser.capabilities, known)) {
                LOG.warn("Browser {} of profile {} has less than the profile's browsers had too: the profile now has "
                        + "{}", browser.id, profile.name(), describe(browser.capabilities));
            }
        }
        probed.put(profile.name(), browser.capabilities);
        return browser;
    }

    /**
     * Whether {@code found} lacks what {@code known} has: the WebGPU adapter or a WebNN device. Other differences (the
     * adapter's limits, the version after an update) are the browser's own.
     */
    static boolean lacks(BrowserCapabilities found, BrowserCapabilities known) {
        return known.webgpu().available() && !found.webgpu().available()
                || !found.webnn().devices().containsAll(known.webnn().devices());
    }

    private PooledBrowser startOneLocked(ProfileSettings profile) {
        String id = "b" + ids.incrementAndGet();
        PooledBrowser browser = new PooledBrowser(id, profile, browsersDir.resolve(id), clock.instant());
        browsers.add(browser);
        BrowserLifecycle.Started started;
        long startedAt = System.nanoTime();
        lock.unlock();
        try {
            started = lifecycle.start(browser);
            LOG.info("Started browser {} of profile {} ({} {}, {}) in {} ms: WebGPU {}, WebNN {}", id, profile.name(),
                    started.capabilities().browserName(), started.capabilities().version(), profile.backend().label(),
                    (System.nanoTime() - startedAt) / 1_000_000, started.capabilities().webgpu().available()
                            ? started.capabilities().webgpu().architecture() : "none",
                    started.capabilities().webnn().devices());
        } catch (BrowserFault failed) {
            lock.lock();
            browsers.remove(browser);
            changed.signalAll();
            count("fault." + failed.kind());
            throw failed;
        }
        lock.lock();
        count("sessionsStarted");
        browser.session = started.session();
        browser.capabilities = started.capabilities();
        browser.gpuPid = GpuProcess.pid(started.session().processes());
        browser.health = "ok";
        if (closed) {
            browsers.remove(browser);
            lock.unlock();
            try {
                lifecycle.discard(browser, browser.session, false);
            } finally {
                lock.lock();
            }
            throw refuse(new PoolRefusal(PoolRefusal.Reason.STOPPED, "The browser pool is stopping"));
        }
        return browser;
    }

    /** The lease's browser, or {@code null}. */
    PooledBrowser browserOf(PoolLease lease) {
        lock.lock();
        try {
            return lease.browser;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lease's browser, for a call on it.
     *
     * @throws BrowserFault when the lease was reclaimed or ended, or has no browser (a replacement failed)
     */
    PooledBrowser current(PoolLease lease) {
        lock.lock();
        try {
            checkNotReclaimed(lease);
            if (lease.returned) {
                throw new BrowserFault(BrowserFault.Kind.LEASE_RECLAIMED, "Lease " + lease.id() + " was returned");
            }
            if (lease.browser == null) {
                throw new BrowserFault(BrowserFault.Kind.START_FAILED, "Lease " + lease.id()
                        + " has no browser: its replacement could not be started (replace() tries again)");
            }
            return lease.browser;
        } finally {
            lock.unlock();
        }
    }

    void checkNotReclaimed(PoolLease lease) {
        lock.lock();
        try {
            if (lease.reclaimed != null) {
                throw new BrowserFault(BrowserFault.Kind.LEASE_RECLAIMED, "Lease " + lease.id() + " was reclaimed: "
                        + lease.reclaimed);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isBroken(PooledBrowser browser) {
        lock.lock();
        try {
            return browser.broken;
        } finally {
            lock.unlock();
        }
    }

    /** A call found the browser failed: it is never leased again, and discarded with its lease's next step. */
    void failed(PooledBrowser browser, BrowserFault fault) {
        lock.lock();
        try {
            if (!browser.broken) {
                browser.broken = true;
                browser.health = fault.kind() + ": " + fault.getMessage();
                count("fault." + fault.kind());
                LOG.info("Browser {} failed: {}", browser.id, fault.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Why a job failed, when the browser is to blame: it was reclaimed or marked broken, it no longer answers, its
     * GPU process is not the one it started with (it died: the WebGPU devices of the job were lost), or it no longer
     * gives the WebGPU adapter it had. {@code null} when the browser is healthy: the job failed by itself.
     */
    BrowserFault diagnose(PoolLease lease, PooledBrowser browser, Exception failure) {
        if (failure instanceof BrowserFault fault) {
            return fault;
        }
        try {
            checkNotReclaimed(lease);
        } catch (BrowserFault reclaimed) {
            return reclaimed;
        }
        if (isBroken(browser) || !lifecycle.alive(browser.session)) {
            return new BrowserFault(BrowserFault.Kind.BROWSER_GONE, "Browser " + browser.id + " stopped answering",
                    failure);
        }
        if (browser.gpuPid != 0 && GpuProcess.pid(browser.session.processes()) != browser.gpuPid) {
            return new BrowserFault(BrowserFault.Kind.NO_ADAPTER, "Browser " + browser.id + "'s GPU process "
                    + browser.gpuPid + " ended: the WebGPU devices in it were lost", failure);
        }
        if (browser.capabilities.webgpu().available() && !lifecycle.adapter(browser.session)) {
            return new BrowserFault(BrowserFault.Kind.NO_ADAPTER, "Browser " + browser.id
                    + " gives no WebGPU adapter any more", failure);
        }
        return null;
    }

    /** Discards the lease's browser and puts another behind the lease. */
    void replace(PoolLease lease) throws InterruptedException {
        PooledBrowser old;
        lock.lock();
        try {
            checkNotReclaimed(lease);
            old = lease.browser;
            lease.browser = null;
            if (old != null) {
                remove(old);
            }
        } finally {
            lock.unlock();
        }
        if (old != null) {
            lifecycle.discard(old, old.session, !old.broken);
        }
        lock.lock();
        try {
            checkNotReclaimed(lease);
            Instant deadline = clock.instant().plus(lease.request().maxWait());
            PooledBrowser fresh = acquire(lease.request().requirements(), old == null ? null : old.profile.name(),
                    deadline, lease.id());
            lease.browser = fresh;
            log.replace(lease.id(), old == null ? "" : old.id, fresh.id);
        } finally {
            lock.unlock();
        }
    }

    /** The lease's holder returned it: the browser is checked and reset in the background, or discarded. */
    void returned(PoolLease lease) {
        PooledBrowser browser;
        lock.lock();
        try {
            if (lease.returned) {
                return;
            }
            lease.returned = true;
            if (lease.reclaimed != null) {
                return;
            }
            leases.remove(lease.id());
            log.returned(lease.id());
            browser = lease.browser;
            lease.browser = null;
            if (browser == null) {
                return;
            }
            browser.leaseId = null;
            browser.lastUsedAt = clock.instant();
            if (browser.broken || browser.uses >= settings.maxUses() || closed || spareAfterProbe(lease, browser)) {
                remove(browser);
            } else if (settings.healthCheck()) {
                browser.state = PoolStatus.BrowserState.CHECKING;
            } else {
                browser.state = PoolStatus.BrowserState.IDLE;
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (browser.state == PoolStatus.BrowserState.DISCARDED) {
            inBackground(() -> lifecycle.discard(browser, browser.session, !browser.broken));
        } else {
            inBackground(() -> check(browser));
        }
    }

    /**
     * Whether the browser was started for a probe and nothing needs it now: no caller waits for a browser, and its
     * profile has its minimum without it. It is ended at once rather than idle for {@code idleSeconds} at about
     * 220 MB (every Karaf worker probes the pool when it starts).
     */
    private boolean spareAfterProbe(PoolLease lease, PooledBrowser browser) {
        return lease.probe && browser.uses == 1 && waiters.isEmpty() && size(browser.profile) > browser.profile.min();
    }

    /** Runs {@code work} on the pool's threads, or here when the pool has just closed them. */
    private void inBackground(Runnable work) {
        try {
            background.execute(work);
        } catch (RejectedExecutionException closing) {
            work.run();
        }
    }

    private void check(PooledBrowser browser) {
        String problem = lifecycle.check(browser, browser.session, browser.capabilities);
        lock.lock();
        try {
            if (browser.state == PoolStatus.BrowserState.DISCARDED) {
                return; // the pool closed meanwhile, and discarded it
            }
            if (problem == null) {
                browser.state = PoolStatus.BrowserState.IDLE;
                browser.health = "ok";
                changed.signalAll();
                return;
            }
            browser.health = problem;
            count("unhealthy");
            LOG.info("Browser {} is discarded after its health check: {}", browser.id, problem);
            remove(browser);
        } finally {
            lock.unlock();
        }
        lifecycle.discard(browser, browser.session, false);
    }

    /** Takes a browser out of the pool (its processes are ended by the caller, outside the lock). */
    private void remove(PooledBrowser browser) {
        browser.state = PoolStatus.BrowserState.DISCARDED;
        browsers.remove(browser);
        count("sessionsDiscarded");
        changed.signalAll();
    }

    /**
     * A first try's time limit from its key's history, when that comes before {@code limit}: {@code hangFactor} times
     * the 95th percentile of the key's latest jobs in the browser's profile and backend, at least {@code hangFloor}.
     * Empty when the key has too short a history, or the limit from it is no shorter.
     */
    Optional<Duration> hangLimit(String key, PooledBrowser browser, Duration limit) {
        if (settings.hangFactor() == 0) {
            return Optional.empty();
        }
        return history.p95(key, browser.profile.name(), browser.profile.backend().label())
                .map(p95 -> max(p95.multipliedBy(settings.hangFactor()), settings.hangFloor()))
                .filter(usual -> usual.compareTo(limit) < 0);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    void recordJob(String key, PooledBrowser browser, Duration took) {
        history.record(key, browser.profile.name(), browser.profile.backend().label(), took, clock.instant())
                .ifPresent(slow -> {
                    LOG.info("Job {} took {} ms in {} ({}), {}% more than its median of {} ms", key, took.toMillis(),
                            slow.profile(), slow.backend(), slow.percentSlower(), slow.median().toMillis());
                    slowJobs.accept(slow);
                });
    }

    @Override
    public boolean reclaim(String leaseId) {
        return reclaim(leaseId, "ended by an operator");
    }

    @Override
    public boolean reclaim(String leaseId, String because) {
        PooledBrowser browser;
        lock.lock();
        try {
            PoolLease lease = leases.remove(leaseId);
            if (lease == null) {
                return false;
            }
            lease.reclaimed = because;
            log.returned(leaseId);
            count("reclaimed");
            browser = lease.browser;
            lease.browser = null;
            if (browser != null) {
                browser.broken = true;
                remove(browser);
            }
        } finally {
            lock.unlock();
        }
        LOG.warn("Lease {} was reclaimed: {}", leaseId, because);
        if (browser != null) {
            lifecycle.discard(browser, browser.session, false);
        }
        return true;
    }

    @Override
    public List<String> missing(BrowserRequirements requirements) throws InterruptedException {
        capabilities();
        lock.lock();
        try {
            usable(requirements, null);
            return List.of();
        } catch (PoolRefusal refusal) {
            return refusal.missing();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<BrowserCapabilities> capabilities() throws InterruptedException {
        List<BrowserCapabilities> all = new ArrayList<>();
        for (ProfileSettings profile : settings.profiles()) {
            BrowserCapabilities known;
            lock.lock();
            try {
                known = probed.get(profile.name());
            } finally {
                lock.unlock();
            }
            all.add(known != null ? known : probeProfile(profile, settings.start()));
        }
        return all;
    }

    @Override
    public List<BrowserCapabilities> probe(Duration wait) throws InterruptedException {
        List<BrowserCapabilities> all = new ArrayList<>();
        for (ProfileSettings profile : settings.profiles()) {
            all.add(probeProfile(profile, wait));
        }
        return all;
    }

    /**
     * Probes a browser of the profile (leased for it, started if none is idle, then ended if nothing needs it). A
     * browser found to have less than the profile's browsers had is marked failed, and another one is probed: only
     * when that one has less too does the profile lose what it had.
     */
    private BrowserCapabilities probeProfile(ProfileSettings profile, Duration wait) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String leaseId = "l" + ids.incrementAndGet();
            PoolLease lease;
            lock.lock();
            try {
                PooledBrowser browser = acquire(BrowserRequirements.ANY, profile.name(), clock.instant().plus(wait),
                        leaseId);
                lease = new PoolLease(this, leaseId, new LeaseRequest(BrowserRequirements.ANY, wait, settings.start(),
                        "probe"), clock.instant(), browser);
                lease.probe = true;
                leases.put(leaseId, lease);
                log.lease(leaseId, browser.id, "probe");
            } finally {
                lock.unlock();
            }
            try {
                PooledBrowser browser = current(lease);
                BrowserCapabilities capabilities = lifecycle.probe(browser, browser.session);
                lock.lock();
                try {
                    BrowserCapabilities known = probed.get(profile.name());
                    if (attempt == 1 && known != null && lacks(capabilities, known)) {
                        count("probesDegraded");
                        failed(browser, new BrowserFault(BrowserFault.Kind.NO_ADAPTER, "probed to have less than the "
                                + "profile's browsers had (" + describe(capabilities) + "; before: " + describe(known)
                                + ")"));
                        continue;
                    }
                    browser.capabilities = capabilities;
                    probed.put(profile.name(), capabilities);
                } finally {
                    lock.unlock();
                }
                return capabilities;
            } catch (RuntimeException failed) {
                failed(current(lease), new BrowserFault(BrowserFault.Kind.BROWSER_GONE, "the probe failed: "
                        + failed.getMessage(), failed));
                throw failed;
            } finally {
                lease.close();
            }
        }
    }

    @Override
    public PoolStatus status() {
        lock.lock();
        try {
            Map<String, Long> totals = new TreeMap<>();
            counters.forEach((name, value) -> totals.put(name, value.get()));
            return new PoolStatus(clock.instant(),
                    browsers.stream().map(b -> b.status(settings.maxUses())).toList(),
                    leases.values().stream().map(l -> new PoolStatus.Lease(l.id(), l.request().owner(),
                            l.browser == null ? null : l.browser.id, l.leasedAt(),
                            l.leasedAt().plus(l.request().maxHold()))).toList(),
                    waiters.size(), settings.queueLimit(), totals, history.history(), history.slowJobs(), cleanup);
        } finally {
            lock.unlock();
        }
    }

    /** Reclaims abandoned leases, discards browsers idle too long, and starts browsers up to each minimum. */
    private void housekeep() {
        try {
            Instant now = clock.instant();
            List<String> abandoned = new ArrayList<>();
            List<PooledBrowser> idle = new ArrayList<>();
            List<ProfileSettings> warm = new ArrayList<>();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                leases.values().stream().filter(l -> now.isAfter(l.leasedAt().plus(l.request().maxHold())))
                        .forEach(l -> abandoned.add(l.id()));
                for (PooledBrowser browser : List.copyOf(browsers)) {
                    if (browser.state == PoolStatus.BrowserState.IDLE
                            && now.isAfter(browser.lastUsedAt.plus(settings.idle()))
                            && size(browser.profile) > browser.profile.min()) {
                        remove(browser);
                        idle.add(browser);
                    }
                }
                for (ProfileSettings profile : settings.profiles()) {
                    if (size(profile) < profile.min()) {
                        warm.add(profile);
                    }
                }
            } finally {
                lock.unlock();
            }
            abandoned.forEach(id -> reclaim(id, "held longer than its maxHold"));
            idle.forEach(browser -> lifecycle.discard(browser, browser.session, true));
            warm.forEach(this::warm);
            measureMemory(now);
        } catch (RuntimeException unexpected) {
            LOG.warn("The browser pool's housekeeping failed; it runs again in {} s", HOUSEKEEPING.toSeconds(),
                    unexpected);
        }
    }

    /**
     * Measures the memory of the browsers whose last measurement is older than {@link #MEMORY_EVERY}, outside the
     * lock; a Grid's browser has no process here, and stays unknown.
     */
    private void measureMemory(Instant now) {
        Map<PooledBrowser, List<Long>> due = new LinkedHashMap<>();
        lock.lock();
        try {
            for (PooledBrowser browser : browsers) {
                if (browser.session != null && !browser.session.processes().isEmpty()
                        && (browser.memoryAt == null || !now.isBefore(browser.memoryAt.plus(MEMORY_EVERY)))) {
                    due.put(browser, browser.session.processes().stream().map(TrackedProcess::pid).toList());
                }
            }
        } finally {
            lock.unlock();
        }
        due.forEach((browser, pids) -> {
            long kb = ProcessMemory.treePssKb(pids);
            lock.lock();
            try {
                browser.memoryKb = kb == 0 ? PoolStatus.Browser.MEMORY_UNKNOWN : kb;
                browser.memoryAt = now;
            } finally {
                lock.unlock();
            }
        });
    }

    private void warm(ProfileSettings profile) {
        lock.lock();
        try {
            if (closed || size(profile) >= profile.min()) {
                return;
            }
            String overMemory = overMemory(profile);
            if (overMemory != null) {
                if (!warmHeldBack) {
                    LOG.warn("The minimum of profile {} ({}) is not kept: {}", profile.name(), profile.min(), overMemory);
                }
                warmHeldBack = true;
                return;
            }
            warmHeldBack = false;
            PooledBrowser browser = startLocked(profile);
            browser.state = PoolStatus.BrowserState.IDLE;
            changed.signalAll();
        } catch (BrowserFault | PoolRefusal failed) {
            LOG.warn("Could not start a warm browser of profile {}: {}", profile.name(), failed.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private int size(ProfileSettings profile) {
        return (int) browsers.stream().filter(b -> b.profile.equals(profile)).count();
    }

    void count(String counter) {
        counters.computeIfAbsent(counter, c -> new AtomicLong()).incrementAndGet();
    }

    private PoolRefusal refuse(PoolRefusal refusal) {
        count("refusals");
        return refusal;
    }

    /**
     * Ends every lease and kills every browser and driver. Browsers being started are killed when their start ends.
     */
    @Override
    public void close() {
        List<PooledBrowser> all;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (PoolLease lease : leases.values()) {
                lease.reclaimed = "the browser pool stopped";
                lease.browser = null;
                log.returned(lease.id());
            }
            leases.clear();
            all = browsers.stream().filter(b -> b.session != null).toList();
            all.forEach(b -> b.state = PoolStatus.BrowserState.DISCARDED);
            browsers.removeAll(all);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (PooledBrowser browser : all) {
            lifecycle.discard(browser, browser.session, false);
        }
        // a browser being started, checked or discarded meanwhile ends in those threads: wait for them
        housekeeping.shutdown();
        background.shutdown();
        long waitMillis = settings.start().toMillis() + 5000;
        try {
            if (!housekeeping.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)
                    || !background.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("The browser pool's threads did not end in time; their browsers are killed now");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        housekeeping.shutdownNow();
        background.shutdownNow();
        lifecycle.killAll();
        lifecycle.awaitEnded(GRID_SESSIONS_END);
        reaper.close();
        watchdog.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is ending: the hook runs anyway and finds nothing left
        }
    }

    private static String names(List<ProfileSettings> profiles) {
        return profiles.stream().map(ProfileSettings::name).collect(Collectors.joining(", "));
    }

    private static String describe(BrowserCapabilities capabilities) {
        if (capabilities == null) {
            return "not probed";
        }
        return capabilities.browserName() + " " + capabilities.version() + ", webgpu "
                + (capabilities.webgpu().available() ? capabilities.webgpu().architecture()
                : "none (" + capabilities.webgpu().error() + ")")
                + ", webnn " + (capabilities.webnn().devices().isEmpty() ? "none " + capabilities.webnn().errors()
                : capabilities.webnn().devices());
    }

    private static URI blankPage(Path dataDir) {
        Path page = dataDir.resolve("blank.html");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(page, "<!doctype html><meta charset=\"utf-8\"><title>DTF browser pool</title>\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the browser pool's blank page " + page, e);
        }
        return page.toUri();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
