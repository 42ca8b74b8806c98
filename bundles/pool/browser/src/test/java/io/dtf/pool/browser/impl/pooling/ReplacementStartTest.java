package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.pool.BrowserFault;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job whose browser fails, and whose fresh browser then fails while it starts (killed during its start, as the
 * fault-injection IT does at random): the failed start is the machine's trouble, and costs the job none of its tries.
 * Real Chromium; the chosen starts fail as a browser killed while it is probed does.
 */
class ReplacementStartTest extends HookedPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** How many of the next starts fail. */
    private final AtomicInteger failStarts = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        open(RealChromium.settings(1, RealChromium.profile(0, 1)), browser -> {
            if (failStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new BrowserFault(BrowserFault.Kind.START_FAILED, "Browser " + browser.id
                        + " started but could not be probed: invalid session id (killed by the test)");
            }
        }, (browser, found) -> found);
    }

    @Test
    void aFreshBrowserThatFailsToStartCostsTheJobNoTry() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "job").withMaxWait(WAIT))) {
            Object answer = lease.run(JobOptions.of("restart", Duration.ofSeconds(10)).withAttempts(2), session -> {
                if (tries.incrementAndGet() == 1) {
                    failStarts.set(1); // the replacement's start fails once
                    killBrowserOf(session);
                }
                return session.execute("return 6 * 7", List.of(), Duration.ofSeconds(5));
            });
            assertEquals(42L, answer);
        }
        assertEquals(2, tries.get(), "the second try ran, in the browser started after the failed start");
        assertEquals(1L, pool.status().counters().get("retries"));
    }

    @Test
    void asManyFailedStartsInARowAsTheJobHasTriesEndIt() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "job").withMaxWait(WAIT))) {
            BrowserFault fault = assertThrows(BrowserFault.class, () -> lease.run(JobOptions.of("restart",
                    Duration.ofSeconds(10)).withAttempts(2), session -> {
                        tries.incrementAndGet();
                        failStarts.set(2);
                        killBrowserOf(session);
                        return session.execute("return 1", List.of(), Duration.ofSeconds(5));
                    }));
            assertEquals(BrowserFault.Kind.START_FAILED, fault.kind(), fault.getMessage());
        }
        assertEquals(1, tries.get(), "no browser to try it again in");
    }

    private void killBrowserOf(Object session) {
        String browser = ((ResourceLease) session).browserId();
        pool.status().browsers().stream().filter(b -> b.id().equals(browser)).flatMap(b -> b.pids().stream())
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
}
