package io.dtf.pool.browser.impl.pooling;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.driver.DriverSession;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Tests of a pool of real Chromium whose starts and probes pass through the test's hooks: a start that fails as a
 * browser killed while it starts does, a probe that finds less than the browser has. The pool is closed and its
 * folder removed after each test.
 */
abstract class HookedPoolTest {
    BrowserPool pool;
    private Path dir;

    /**
     * @param beforeStart runs before each browser starts; what it throws is the start's failure
     * @param afterProbe what each probe of a browser gives, from what it found
     */
    BrowserPool open(PoolSettings settings, Consumer<PooledBrowser> beforeStart,
                     BiFunction<PooledBrowser, BrowserCapabilities, BrowserCapabilities> afterProbe) throws Exception {
        RealChromium.assumeInstalled();
        dir = Files.createTempDirectory("dtf-pool-hooked");
        pool = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        }, (starter, watchdog, log, reaper, blankPage, startTimeout, clock) -> new BrowserLifecycle(starter, watchdog,
                log, reaper, blankPage, startTimeout, clock) {
            @Override
            Started start(PooledBrowser browser) {
                beforeStart.accept(browser);
                return super.start(browser);
            }

            @Override
            BrowserCapabilities probe(PooledBrowser browser, DriverSession session) {
                return afterProbe.apply(browser, super.probe(browser, session));
            }
        });
        return pool;
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
        if (dir != null) {
            TransactionLog.deleteTree(dir);
        }
    }
}
