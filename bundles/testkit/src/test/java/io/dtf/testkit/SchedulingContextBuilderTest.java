package io.dtf.testkit;

import static io.dtf.testkit.TaskBuilder.T0;
import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingContextBuilderTest {
    @Test
    void givesTheQueueTheFreeSlotsAndTheTime() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(T0.plusSeconds(5));
        Task queued = decision.submit(task());
        decision.free("w1", CapabilitiesBuilder.linux().build(), 1, 2);

        SchedulingContext context = decision.build();

        assertEquals(T0.plusSeconds(5), context.now());
        assertEquals(queued, context.pending().groups().iterator().next().first());
        assertEquals(WorkerId.of("w1"), context.freeSlots().get(0).worker());
        assertEquals(T0.plusSeconds(5), queued.createdAt(), "submitted at the decision's time");
    }

    @Test
    void runningTasksCountForTheirTenantFromTheirStart() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(T0);
        Task running = decision.running(task().tenant("web"), "w1", T0.minusSeconds(30));
        decision.running(task().tenant("web"), "w2", T0.minusSeconds(10));

        SchedulingContext context = decision.build();

        assertEquals(TaskState.RUNNING, running.state());
        assertEquals(1, running.attempt());
        assertEquals(2, context.running().size());
        assertEquals(40.0, context.usage().runningSlotSeconds("web"), 1e-9);
        assertEquals(0, context.pending().size(), "tasks on workers are not queued");

        decision.finished(running.id());
        assertEquals(10.0, decision.build().usage().runningSlotSeconds("web"), 1e-9);
    }

    @Test
    void usageDecaysWithTheHalfLife() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(T0).usageHalfLife(Duration.ofMinutes(10));
        decision.used("web", Duration.ofSeconds(100));
        decision.now(T0.plus(Duration.ofMinutes(10)));

        assertEquals(50.0, decision.build().usage().slotSeconds("web"), 1e-9);
        assertThrows(IllegalStateException.class, () -> decision.usageHalfLife(Duration.ofMinutes(1)));
    }

    @Test
    void estimatesLearnFromWhatTasksTook() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(T0).defaultEstimate(Duration.ofSeconds(5));
        Task build = decision.submit(task().name("build"));
        Task lint = decision.submit(task().name("lint"));
        decision.took(build, Duration.ofSeconds(100));

        SchedulingContext context = decision.build();

        assertEquals(Duration.ofSeconds(100), context.estimates().estimate(build));
        assertEquals(Duration.ofSeconds(5), context.estimates().estimate(lint));
    }

    @Test
    void eachRunHasAHistoryOfItsOwnUnlessTheKeySaysOtherwise() {
        SchedulingContextBuilder byRun = SchedulingContextBuilder.at(T0);
        Task first = byRun.submit(task().run("r1").name("build"));
        Task again = byRun.submit(task().run("r2").name("build"));
        byRun.took(first, Duration.ofSeconds(100));
        assertEquals(Duration.ofSeconds(60), byRun.build().estimates().estimate(again));

        SchedulingContextBuilder byName = SchedulingContextBuilder.at(T0).durationKey(Task::name);
        byName.took(first, Duration.ofSeconds(100));
        assertEquals(Duration.ofSeconds(100), byName.build().estimates().estimate(again));
        assertThrows(IllegalStateException.class, () -> byName.durationKey(task -> "x"));
    }

    @Test
    void keepsTheDeadlineWarningsOfItsContexts() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(T0);
        Task late = decision.submit(task().deadline(T0.plusSeconds(1)));
        Instant finish = T0.plusSeconds(60);

        decision.build().deadlineAtRisk(late, finish);

        assertEquals(List.of(new DeadlineAtRisk(late, finish)), decision.deadlinesAtRisk());
    }

    @Test
    void aContextSeesTheQueueAsItIsNow() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(T0);
        SchedulingContext context = decision.build();
        decision.submit(task());

        assertEquals(1, context.pending().size());
        assertTrue(decision.queue().size() == 1);
    }
}
