package io.dtf.pool.browser.impl.pooling;

import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.settings.Backend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A JVM that holds a pool with one leased browser, for the tests of what happens to its processes when the JVM is
 * killed: prints {@code LEASED} and the pool's process ids (driver, browser), then waits to be killed (or for its stdin to close).
 *
 * <p>Arguments: the pool's data directory, the backend ({@code local} or {@code attach}).
 */
public final class PoolHolder {
    /** The line's start, followed by the process ids separated by spaces. */
    public static final String LEASED = "LEASED";

    private PoolHolder() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[1].toUpperCase(Locale.ROOT));
        BrowserPool pool = new BrowserPool(RealChromium.settings(1, RealChromium.profile(backend, 0, 1)),
                Path.of(args[0]), Clock.systemUTC(), slow -> {
                });
        pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "pool-holder"));
        System.out.println(LEASED + " " + pool.status().browsers().get(0).pids().stream().map(String::valueOf)
                .collect(Collectors.joining(" ")));
        System.out.flush();
        // until killed; should the test end first (its end of stdin closes), a normal exit
        while (System.in.read() >= 0) {
            // nothing to read: the test never writes
        }
    }
}
