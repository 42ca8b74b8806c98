package io.dtf.scheduler.priority.impl;

import static io.dtf.scheduler.priority.impl.Fixtures.T0;
import static io.dtf.scheduler.priority.impl.Fixtures.add;
import static io.dtf.scheduler.priority.impl.Fixtures.free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.RequirementsBuilder;
import io.dtf.testkit.TestQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreemptionTest {
    private static final Settings ON = new Settings(60, true, 5, 4);
    private static final Requirements GPU = RequirementsBuilder.requirements().labels("gpu").build();

    private final TestQueue queue = new TestQueue();
    private final TestQueue leased = new TestQueue(); // numbers the running tasks
    private final List<RunningTask> running = new ArrayList<>();

    @Test
    void isOffByDefault() {
        Task low = run(0, Requirements.NONE, "w");
        add(queue, 100, T0, Requirements.NONE);

        assertEquals(List.of(), new PriorityScheduler().preempt(context()));
        assertEquals(List.of(attempt(low)), new PriorityScheduler(ON).preempt(context()));
    }

    @Test
    void stopsTheLowestRunningTasksAtLeastTheMarginBelow() {
        run(6, Requirements.NONE, "w1");
        Task lowest = run(1, Requirements.NONE, "w2");
        Task low = run(4, Requirements.NONE, "w3");
        add(queue, 10, T0, Requirements.NONE);
        add(queue, 9, T0, Requirements.NONE);
        add(queue, 8, T0, Requirements.NONE); // 8 - 6 is below the margin: no third victim

        PriorityScheduler scheduler = new PriorityScheduler(ON);
        assertEquals(List.of(attempt(lowest), attempt(low)), scheduler.preempt(context()));
        assertEquals(2L, scheduler.counters().get("preemptions"));
    }

    @Test
    void comparesEffectivePriorities() {
        run(0, Requirements.NONE, "w", T0.minusSeconds(3600)); // waited an hour before it ran: effective 60
        add(queue, 50, T0, Requirements.NONE);

        assertEquals(List.of(), new PriorityScheduler(ON).preempt(context()));
    }

    @Test
    void onlyWhereTheQueuedTaskCanRun() {
        run(0, Requirements.NONE, "plain");         // a busy worker known only by this task: maybe no GPU
        Task onGpu = run(2, GPU, "gpu");
        add(queue, 10, T0, GPU);

        assertEquals(List.of(attempt(onGpu)), new PriorityScheduler(ON).preempt(context()));
    }

    @Test
    void notWhenAFreeSlotTakesTheTask() {
        run(0, Requirements.NONE, "busy");
        add(queue, 10, T0, Requirements.NONE);

        assertEquals(List.of(), new PriorityScheduler(ON).preempt(context(free("idle", 1))));
    }

    @Test
    void aQueuedTaskCostsOneVictimWhileItsSlotIsBeingFreed() {
        Task first = run(0, Requirements.NONE, "w1");
        Task second = run(0, Requirements.NONE, "w2");
        Task urgent = add(queue, 10, T0, Requirements.NONE);
        PriorityScheduler scheduler = new PriorityScheduler(ON);

        assertEquals(List.of(attempt(first)), scheduler.preempt(context()));
        running.remove(0); // the coordinator took it back; its worker has not freed the slot yet
        assertEquals(List.of(), scheduler.preempt(context()));

        scheduler.schedule(context(free("w1", 1))); // the urgent task gets the slot
        queue.remove(urgent.id());
        add(queue, 10, T0, Requirements.NONE);
        assertEquals(List.of(attempt(second)), scheduler.preempt(context()));
    }

    @Test
    void stopsNoMoreThanTheLimitPerDecision() {
        for (int i = 0; i < 5; i++) {
            run(0, Requirements.NONE, "w" + i);
            add(queue, 10, T0, Requirements.NONE);
        }
        assertEquals(2, new PriorityScheduler(new Settings(60, true, 5, 2)).preempt(context()).size());
    }

    @Test
    void aRunningTaskNeedsNoKnownCapabilitiesWhenItsRequirementsCoverTheQueuedOnes() {
        Requirements big = new Requirements("linux", null, 8, 16_000L, Set.of("gpu", "x"), "chrome", true, null);
        assertTrue(Preemption.implies(big, new Requirements("LINUX", null, 4, 8_000L, Set.of("gpu"), "chrome", true, null)));
        assertFalse(Preemption.implies(big, new Requirements(null, null, 16, null, Set.of(), null, null, null)));
        assertFalse(Preemption.implies(big, new Requirements(null, "aarch64", null, null, Set.of(), null, null, null)));
        assertFalse(Preemption.implies(big, new Requirements(null, null, null, null, Set.of(), null, null, true)));
        assertFalse(Preemption.implies(Requirements.NONE, new Requirements(null, null, null, null, Set.of(), "firefox",
                null, null)));
    }

    private Task run(int priority, Requirements requirements, String worker) {
        return run(priority, requirements, worker, T0);
    }

    private Task run(int priority, Requirements requirements, String worker, Instant created) {
        Task task = add(leased, priority, created, requirements).withState(TaskState.RUNNING, 1, WorkerId.of(worker));
        running.add(new RunningTask(task, WorkerId.of(worker), T0));
        return task;
    }

    private SchedulingContext context(FreeSlots... free) {
        return Fixtures.context(T0, queue, List.of(free), running);
    }

    private static TaskAttempt attempt(Task task) {
        return new TaskAttempt(task.id(), task.attempt());
    }
}
