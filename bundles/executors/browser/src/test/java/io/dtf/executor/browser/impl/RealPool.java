package io.dtf.executor.browser.impl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The real browser pool (io.dtf.pool.browser) on Debian's Chromium and chromedriver, as the pool's defaults have it
 * (WebGPU and WebNN flags on): no mock. Tests skip, saying why, where they are not installed.
 */
final class RealPool {
    static final Path BINARY = Path.of("/usr/lib/chromium/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--enable-unsafe-webgpu", "--enable-features=WebMachineLearningNeuralNetwork");

    private RealPool() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER), "Chromium (" + BINARY + ") and "
                + "chromedriver (" + DRIVER + ") are not installed (Debian: apt-get install chromium chromium-driver): "
                + "the browser task's tests with real browsers are skipped");
    }

    /**
     * A pool of at most {@code max} Chromiums, none warm, with a short watchdog grace (1 s) so that a browser stuck
     * in a loop is killed soon after its time limit.
     */
    static BrowserPool start(Path dataDir, int max) {
        return start(dataDir, max, BINARY);
    }

    /** A pool of {@code binary} (which may not be a browser at all) with Debian's chromedriver. */
    static BrowserPool start(Path dataDir, int max, Path binary) {
        ProfileSettings chrome = new ProfileSettings("chrome", "chrome", Backend.LOCAL, binary, DRIVER, null, FLAGS,
                Map.of(), true, 0, max, null);
        PoolSettings settings = PoolSettings.pool(50, 120, 16, true, 60, 30, 1, 100, 50, 5)
                .withProfiles(List.of(chrome));
        return new BrowserPool(settings, dataDir, Clock.systemUTC(), slow -> { });
    }
}
