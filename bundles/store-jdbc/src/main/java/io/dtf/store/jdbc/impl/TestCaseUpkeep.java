package io.dtf.store.jdbc.impl;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background work on test cases, on a thread of its own so that the coordinator never waits for it:
 * once at start, the {@link TestIdBackfill}; then every interval, the {@link TestCaseRetention} purge. Each logs
 * what it did; a failure is logged and tried again at the next interval.
 */
final class TestCaseUpkeep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestCaseUpkeep.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "dtf-store-test-case-upkeep");
        t.setDaemon(true);
        return t;
    });

    TestCaseUpkeep(TestIdBackfill backfill, TestCaseRetention retention, Duration interval) {
        thread.execute(() -> backfill(backfill));
        if (!retention.policy().keepsAll()) {
            LOG.info("Test case retention: {}, purged every {} min", retention.policy(), interval.toMinutes());
            thread.scheduleWithFixedDelay(() -> purge(retention), interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static void backfill(TestIdBackfill backfill) {
        try {
            long filled = backfill.fill();
            if (filled > 0) {
                LOG.info("Gave {} test cases stored before schema version 6 their test ids", filled);
            }
        } catch (RuntimeException e) {
            LOG.warn("Giving stored test cases their test ids failed (their history stays incomplete until the "
                    + "store starts again): {}", e.getMessage());
        }
    }

    private static void purge(TestCaseRetention retention) {
        long start = System.nanoTime();
        try {
            TestCaseRetention.Purged purged = retention.purge();
            if (purged.testCases() > 0) {
                LOG.info("Purged {} test cases of {} runs in {} batches, {} ms ({})", purged.testCases(),
                        purged.runs(), purged.batches(), (System.nanoTime() - start) / 1_000_000, retention.policy());
            }
        } catch (RuntimeException e) {
            LOG.warn("Purging old test cases failed; trying again at the next interval: {}", e.getMessage());
        }
    }

    /** Stops the thread; a batch under way is let finish (a short transaction). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The test case upkeep thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
