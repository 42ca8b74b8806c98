package io.dtf.coordinator.impl.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantUsageTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RunId RUN = RunId.of("r");

    @Test
    void halvesUsageEveryHalfLife() {
        TenantUsageTracker usage = new TenantUsageTracker(Duration.ofMinutes(10));
        usage.record("a", Duration.ofSeconds(800), T0);
        usage.advanceTo(T0.plusSeconds(1200));

        assertEquals(200, usage.slotSeconds("a"), 1e-9);
        assertEquals(0, usage.slotSeconds("b"));
    }

    @Test
    void aNewHalfLifeAppliesToTheUsageRecordedBefore() {
        TenantUsageTracker usage = new TenantUsageTracker(Duration.ofMinutes(10));
        usage.record("a", Duration.ofSeconds(800), T0);
        usage.halfLife(Duration.ofMinutes(20));
        usage.advanceTo(T0.plusSeconds(1200));

        assertEquals(400, usage.slotSeconds("a"), 1e-9);
    }

    @Test
    void runningSlotSecondsSumWhatTheAttemptsOnWorkersRanSoFar() {
        TenantUsageTracker usage = new TenantUsageTracker(Duration.ofMinutes(10));
        usage.onWorker(TaskId.of(RUN, 1), "a", T0);
        usage.onWorker(TaskId.of(RUN, 2), "a", T0.plusSeconds(30));
        usage.onWorker(TaskId.of(RUN, 3), "b", T0.plusSeconds(50));
        usage.advanceTo(T0.plusSeconds(60));

        assertEquals(60 + 30, usage.runningSlotSeconds("a"), 1e-9);
        assertEquals(10, usage.runningSlotSeconds("b"), 1e-9);
        assertEquals(0, usage.runningSlotSeconds("c"));
        assertEquals(0, usage.slotSeconds("a"), "running attempts are not usage until they end");
    }

    @Test
    void slotsJustGivenCountASecondEach() {
        TenantUsageTracker usage = new TenantUsageTracker(Duration.ofMinutes(10));
        usage.onWorker(TaskId.of(RUN, 1), "a", T0);
        usage.onWorker(TaskId.of(RUN, 2), "a", T0);
        usage.advanceTo(T0);

        assertEquals(2, usage.runningSlotSeconds("a"), 1e-9);
    }

    @Test
    void countsEachAttemptOnceAndForgetsItWhenItComesOff() {
        TenantUsageTracker usage = new TenantUsageTracker(Duration.ofMinutes(10));
        TaskId task = TaskId.of(RUN, 1);
        usage.onWorker(task, "a", T0);
        usage.onWorker(task, "a", T0.plusSeconds(40)); // told twice: the later lease counts
        usage.onWorker(TaskId.of(RUN, 2), "a", T0);
        usage.advanceTo(T0.plusSeconds(100));
        assertEquals(60 + 100, usage.runningSlotSeconds("a"), 1e-9);

        usage.offWorker(task);
        usage.offWorker(task);
        usage.offWorker(TaskId.of(RUN, 3));
        assertEquals(100, usage.runningSlotSeconds("a"), 1e-9);
        usage.offWorker(TaskId.of(RUN, 2));
        assertEquals(0, usage.runningSlotSeconds("a"));
    }
}
