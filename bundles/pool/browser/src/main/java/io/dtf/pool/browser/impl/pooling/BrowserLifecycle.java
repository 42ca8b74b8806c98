package io.dtf.pool.browser.impl.pooling;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserFault;
import io.dtf.pool.browser.impl.driver.BrowserStarter;
import io.dtf.pool.browser.impl.driver.DriverSession;
import io.dtf.pool.browser.impl.driver.Watchdog;
import io.dtf.pool.browser.impl.probe.CapabilityProbe;
import io.dtf.pool.browser.impl.process.ProcessReaper;
import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pool does to one browser outside its lock: start and probe it, check its health, discard it. Every process
 * started is recorded in the transaction log and listed for the {@link ProcessReaper} (which the JVM's shutdown hook
 * kills too).
 */
class BrowserLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserLifecycle.class);
    /** How long a healthy browser takes at most to answer a check (a trivial script, a page reset, an adapter). */
    private static final Duration CHECK = Duration.ofSeconds(10);

    private final BrowserStarter starter;
    private final Watchdog watchdog;
    private final TransactionLog log;
    private final URI blankPage;
    private final Duration startTimeout;
    private final Clock clock;
    private final ProcessReaper reaper;
    /** Sessions whose end is still under way (a Grid's, deleted in the background). */
    private final Set<CompletableFuture<Void>> ending = ConcurrentHashMap.newKeySet();

    BrowserLifecycle(BrowserStarter starter, Watchdog watchdog, TransactionLog log, ProcessReaper reaper,
                     URI blankPage, Duration startTimeout, Clock clock) {
        this.starter = starter;
        this.watchdog = watchdog;
        this.log = log;
        this.reaper = reaper;
        this.blankPage = blankPage;
        this.startTimeout = startTimeout;
        this.clock = clock;
    }

    /**
     * Starts the browser, opens the blank page and probes its capabilities.
     *
     * @throws BrowserFault {@link BrowserFault.Kind#START_FAILED} when it could not; nothing of it is left running
     */
    Started start(PooledBrowser browser) {
        log.browser(browser.id, browser.profile.name(), browser.dir);
        List<TrackedProcess> processes = new CopyOnWriteArrayList<>();
        DriverSession session;
        try {
            session = starter.start(browser.id, browser.profile, browser.dir, process -> {
                log.process(browser.id, process);
                reaper.add(process);
                processes.add(process);
            }, startTimeout);
        } catch (BrowserFault failed) {
            // the starter killed what it started: the reaper must not keep ids the system may give to others
            reaper.removeAll(processes);
            discard(browser, null, false);
            throw failed;
        }
        try (Watchdog.Watch watch = watchdog.watch(session, startTimeout)) {
            session.open(blankPage(browser.profile), startTimeout);
            return new Started(session, probe(browser, session));
        } catch (RuntimeException failed) {
            discard(browser, session, false);
            throw new BrowserFault(BrowserFault.Kind.START_FAILED, "Browser " + browser.id + " of profile "
                    + browser.profile.name() + " started but could not be probed: " + failed.getMessage(), failed);
        }
    }

    /** Probes a running browser again. */
    BrowserCapabilities probe(PooledBrowser browser, DriverSession session) {
        try (Watchdog.Watch watch = watchdog.watch(session, startTimeout)) {
            Object result = session.executeAsync(CapabilityProbe.SCRIPT, List.of(CapabilityProbe.WEBNN_DEVICES),
                    startTimeout);
            return CapabilityProbe.capabilities(browser.profile.name(), browser.profile.type(), session.browserName(),
                    session.browserVersion(), browser.profile.backend().label(), result, clock.instant());
        }
    }

    /**
     * Checks a returned browser and resets it to the blank page.
     *
     * @return {@code null} when it is healthy, else what is wrong
     */
    String check(PooledBrowser browser, DriverSession session, BrowserCapabilities capabilities) {
        try (Watchdog.Watch watch = watchdog.watch(session, CHECK)) {
            session.open(blankPage(browser.profile), CHECK);
            if (!Long.valueOf(1).equals(session.execute("return 1", List.of(), CHECK))) {
                return "a trivial script gave a wrong answer";
            }
            if (capabilities.webgpu().available()
                    && !Boolean.TRUE.equals(session.executeAsync(CapabilityProbe.ADAPTER_CHECK, List.of(), CHECK))) {
                return "no WebGPU adapter any more";
            }
            return null;
        } catch (RuntimeException failed) {
            return "no answer: " + failed.getClass().getSimpleName();
        }
    }

    /** Whether the browser still answers a trivial script. */
    boolean alive(DriverSession session) {
        try (Watchdog.Watch watch = watchdog.watch(session, CHECK)) {
            return Long.valueOf(1).equals(session.execute("return 1", List.of(), CHECK));
        } catch (RuntimeException failed) {
            return false;
        }
    }

    /** Whether the browser still gives a WebGPU adapter. */
    boolean adapter(DriverSession session) {
        try (Watchdog.Watch watch = watchdog.watch(session, CHECK)) {
            return Boolean.TRUE.equals(session.executeAsync(CapabilityProbe.ADAPTER_CHECK, List.of(), CHECK));
        } catch (RuntimeException failed) {
            return false;
        }
    }

    /**
     * Ends the browser: politely when it is healthy (watched, so that a hung one is killed), at once when not; then
     * removes its directory and records the discard.
     */
    void discard(PooledBrowser browser, DriverSession session, boolean polite) {
        if (session != null) {
            if (polite && session.killedBecause() == null) {
                try (Watchdog.Watch watch = watchdog.watch(session, CHECK)) {
                    session.quit();
                }
            } else {
                session.kill("discarded");
            }
            CompletableFuture<Void> ended = session.ended();
            if (!ended.isDone()) {
                ending.add(ended);
                ended.whenComplete((done, failure) -> ending.remove(ended));
            }
            reaper.removeAll(session.processes());
        }
        TransactionLog.deleteTree(browser.dir);
        log.discard(browser.id);
        LOG.debug("Discarded browser {}", browser.id);
    }

    /**
     * Waits at most {@code limit} for the sessions being ended (a Grid's, deleted in the background) to end, so that
     * a Grid that answers has ended them when the pool's close returns.
     */
    void awaitEnded(Duration limit) {
        try {
            CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException notAll) {
            LOG.warn("{} Grid sessions were not deleted within {} s", ending.size(), limit.toSeconds());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every process the pool has started and not discarded: for the JVM's shutdown hook. */
    void killAll() {
        for (TrackedProcess process : reaper.processes()) {
            process.killTree();
        }
    }

    /** The page a fresh or returned browser shows: the pool's own file, a secure context for WebGPU and WebNN. */
    URI blankPage(ProfileSettings profile) {
        return profile.blankPage() == null ? blankPage : profile.blankPage();
    }

    record Started(DriverSession session, BrowserCapabilities capabilities) {
    }

    /** Makes the lifecycle from the pool's parts. */
    interface Factory {
        BrowserLifecycle create(BrowserStarter starter, Watchdog watchdog, TransactionLog log, ProcessReaper reaper,
                                URI blankPage, Duration startTimeout, Clock clock);
    }
}
