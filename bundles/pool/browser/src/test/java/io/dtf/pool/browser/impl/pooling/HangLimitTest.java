package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A job's first try is found hung after {@code hangFactor} times its key's usual time (the 95th percentile of its latest
 * jobs, at least {@code hangFloorSeconds}), not after its own time limit; a later try gets all of that limit. Real
 * Chromium: the hang is a page in a busy loop, which WebDriver's script time-out never ends.
 */
class HangLimitTest extends HookedPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The jobs' own limit: a hang found only at it would take a minute. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String BUSY_LOOP = "while (true) {}";

    @BeforeEach
    void start() throws Exception {
        // 5 jobs make a history (historyMinimum 5); the floor of 1 s and the grace of 1 s make 2 s for a job of 50 ms
        open(RealChromium.settings(1, RealChromium.profile(0, 1)).withHangLimit(10, 1), browser -> {
        }, (browser, found) -> found);
    }

    @Test
    void aPageThatHangsInAJobWithAHistoryIsFoundInSecondsAndTheJobTriedAgain() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        long started;
        Object answer;
        try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "job").withMaxWait(WAIT))) {
            for (int i = 0; i < 5; i++) {
                lease.run(JobOptions.of("usual", LIMIT), session -> session.execute("return 1", List.of(), LIMIT));
            }
            started = System.nanoTime();
            answer = lease.run(JobOptions.of("usual", LIMIT), session -> session.execute(
                    tries.incrementAndGet() == 1 ? BUSY_LOOP : "return 42", List.of(), LIMIT));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(42L, answer);
        assertEquals(2, tries.get(), "the hung first try was ended, and the job tried again in a fresh browser");
        // 2 s to the kill, then a fresh browser (1-3 s; more on a loaded machine): far from the 61 s of its own limit
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "found hung in " + took);
        assertEquals(1L, pool.status().counters().get("hungByHistory"), pool.status().counters().toString());
        assertEquals(1L, pool.status().counters().get("fault.HUNG"), pool.status().counters().toString());
    }

    @Test
    void aJobSlowerThanUsualLosesItsFirstTryOnlyAndPasses() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        assertEquals(7L, slowJobAfter(5, tries));
        assertEquals(2, tries.get(), "the second try had the job's own limit");
        assertEquals(1L, pool.status().counters().get("hungByHistory"), pool.status().counters().toString());
    }

    @Test
    void aJobWithoutAHistoryHasItsOwnLimit() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        assertEquals(7L, slowJobAfter(4, tries)); // one job short of a history
        assertEquals(1, tries.get(), "no history, no early limit");
        assertEquals(null, pool.status().counters().get("hungByHistory"), pool.status().counters().toString());
    }

    /**
     * A job of 8 s, where its key's {@code history} earlier jobs took a few ms: beyond a first try's limit from a
     * history (2 s: the floor of 1 s and the grace of 1 s; under load up to 10 times a slow earlier job's 0.6 s, plus
     * the grace), well within its own limit.
     */
    private Object slowJobAfter(int history, AtomicInteger tries) throws Exception {
        try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "job").withMaxWait(WAIT))) {
            for (int i = 0; i < history; i++) {
                lease.run(JobOptions.of("usual", LIMIT), session -> session.execute("return 1", List.of(), LIMIT));
            }
            return lease.run(JobOptions.of("usual", LIMIT), session -> {
                tries.incrementAndGet();
                return session.executeAsync("const done = arguments[arguments.length - 1]; "
                        + "setTimeout(() => done(7), 8000);", List.of(), LIMIT);
            });
        }
    }
}
