package io.dtf.coordinator.impl.scheduling;

import static io.dtf.coordinator.impl.scheduling.Fixtures.labels;
import static io.dtf.coordinator.impl.scheduling.Fixtures.linux;
import static io.dtf.coordinator.impl.scheduling.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingTasks;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TenantUsage;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FifoSchedulerTest {
    private static final WorkerId PLAIN = WorkerId.of("plain");
    private static final WorkerId GPU = WorkerId.of("gpu");

    @Test
    void givesEachFreeSlotTheOldestTaskItsWorkerCanRun() {
        PendingIndex pending = new PendingIndex();
        pending.add(task(1, 1, labels("gpu")));
        pending.add(task(2, 2, Requirements.NONE));
        pending.add(task(3, 3, Requirements.NONE));
        pending.add(task(4, 4, labels("gpu")));

        List<Assignment> assignments = new FifoScheduler().schedule(context(pending,
                new FreeSlots(PLAIN, linux(), 1, 2), new FreeSlots(GPU, linux("gpu"), 2, 2)));

        assertEquals(List.of(
                new Assignment(TaskId.of("r1.2"), PLAIN),
                new Assignment(TaskId.of("r1.1"), GPU),
                new Assignment(TaskId.of("r1.3"), GPU)), assignments);
    }

    @Test
    void neverAssignsATaskToAWorkerWithoutItsCapabilities() {
        PendingIndex pending = new PendingIndex();
        pending.add(task(1, 1, labels("gpu")));

        assertEquals(List.of(), new FifoScheduler().schedule(context(pending, new FreeSlots(PLAIN, linux(), 4, 4))));
    }

    @Test
    void assignsNoMoreThanTheFreeSlots() {
        PendingIndex pending = new PendingIndex();
        for (int i = 1; i <= 10; i++) {
            pending.add(task(i, i, Requirements.NONE));
        }
        assertEquals(3, new FifoScheduler().schedule(context(pending, new FreeSlots(PLAIN, linux(), 3, 4))).size());
    }

    static SchedulingContext context(PendingTasks pending, FreeSlots... free) {
        return new SchedulingContext() {
            @Override
            public Instant now() {
                return Instant.EPOCH;
            }

            @Override
            public PendingTasks pending() {
                return pending;
            }

            @Override
            public List<FreeSlots> freeSlots() {
                return List.of(free);
            }

            @Override
            public List<RunningTask> running() {
                return List.of();
            }

            @Override
            public void deadlineAtRisk(Task task, Instant expectedFinish) {
            }

            @Override
            public TenantUsage usage() {
                return tenant -> 0;
            }

            @Override
            public DurationEstimates estimates() {
                return task -> Duration.ofMinutes(1);
            }
        };
    }
}
