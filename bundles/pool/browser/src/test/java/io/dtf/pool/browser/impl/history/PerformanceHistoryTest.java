package io.dtf.pool.browser.impl.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.PoolStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PerformanceHistoryTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aJobMoreThanTheLimitSlowerThanTheTrailingMedianIsSlow() {
        PerformanceHistory history = new PerformanceHistory(50, 5, 100);
        for (long ms : new long[] {100, 110, 90, 100, 105}) {
            assertTrue(history.record("matmul", "chrome", "local", Duration.ofMillis(ms), AT).isEmpty());
        }
        assertTrue(history.record("matmul", "chrome", "local", Duration.ofMillis(200), AT).isEmpty(),
                "exactly 100% slower is not more than 100%");
        Optional<PoolStatus.SlowJob> slow = history.record("matmul", "chrome", "local", Duration.ofMillis(300), AT);

        assertEquals(Optional.of(new PoolStatus.SlowJob(AT, "matmul", "chrome", "local", Duration.ofMillis(300),
                Duration.ofMillis(100), 200)), slow);
        assertEquals(List.of(slow.get()), history.slowJobs());
        PoolStatus.JobHistory series = history.history().get(0);
        assertEquals(7, series.count());
        assertEquals(1, series.slow());
        assertEquals(Duration.ofMillis(300), series.last());
        assertEquals(Duration.ofMillis(105), series.median());
        assertEquals(Duration.ofMillis(300), series.p95());
    }

    @Test
    void nothingIsSlowBeforeTheMinimumHistoryNorAcrossSeries() {
        PerformanceHistory history = new PerformanceHistory(50, 3, 50);
        history.record("matmul", "chrome", "local", Duration.ofMillis(10), AT);
        history.record("matmul", "chrome", "local", Duration.ofMillis(10), AT);
        assertTrue(history.record("matmul", "chrome", "local", Duration.ofSeconds(10), AT).isEmpty());
        assertTrue(history.record("matmul", "chrome", "grid", Duration.ofSeconds(10), AT).isEmpty());
        assertEquals(2, history.history().size());
    }

    @Test
    void onlyTheLatestLatenciesMakeTheMedian() {
        PerformanceHistory history = new PerformanceHistory(3, 1, 100);
        for (long ms : new long[] {1000, 1000, 1000, 10, 10, 10}) {
            history.record("k", "chrome", "local", Duration.ofMillis(ms), AT);
        }
        assertEquals(Duration.ofMillis(10), history.history().get(0).median());
        assertTrue(history.record("k", "chrome", "local", Duration.ofMillis(25), AT).isPresent());
    }
}
