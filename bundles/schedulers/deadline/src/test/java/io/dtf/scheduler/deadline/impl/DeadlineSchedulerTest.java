package io.dtf.scheduler.deadline.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.DurationEstimates;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.CapabilitiesBuilder;
import io.dtf.testkit.RequirementsBuilder;
import io.dtf.testkit.SchedulingContextBuilder;
import io.dtf.testkit.TaskBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlineSchedulerTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final WorkerId PLAIN = WorkerId.of("plain");
    private static final WorkerId GPU = WorkerId.of("gpu");
    private static final Requirements NEEDS_GPU = RequirementsBuilder.requirements().labels("gpu").build();
    private static final DurationEstimates TEN_MINUTES = task -> Duration.ofMinutes(10);

    @Test
    void earliestDeadlineFirstAcrossRequirementClassesAndTasksWithoutDeadlineLast() {
        List<Task> tasks = List.of(
                task(1, Requirements.NONE, null),
                task(2, NEEDS_GPU, NOW.plus(Duration.ofHours(3))),
                task(3, Requirements.NONE, NOW.plus(Duration.ofHours(2))),
                task(4, NEEDS_GPU, NOW.plus(Duration.ofHours(1))),
                task(5, Requirements.NONE, NOW.plus(Duration.ofHours(4))));

        List<Assignment> assignments = new DeadlineScheduler().schedule(context(tasks, TEN_MINUTES, gpuWorker(5)));

        assertEquals(List.of("r1.4", "r1.3", "r1.2", "r1.5", "r1.1"), ids(assignments));
    }

    @Test
    void equalDeadlinesGoOldestFirst() {
        Instant deadline = NOW.plus(Duration.ofHours(1));
        List<Task> tasks = List.of(task(2, NEEDS_GPU, deadline), task(1, Requirements.NONE, deadline));

        assertEquals(List.of("r1.1", "r1.2"),
                ids(new DeadlineScheduler().schedule(context(tasks, TEN_MINUTES, gpuWorker(2)))));
    }

    @Test
    void givesEachWorkerOnlyWhatItCanRun() {
        List<Task> tasks = List.of(task(1, NEEDS_GPU, NOW.plus(Duration.ofMinutes(30))),
                task(2, Requirements.NONE, NOW.plus(Duration.ofHours(2))));

        List<Assignment> assignments = new DeadlineScheduler().schedule(context(tasks, TEN_MINUTES,
                new FreeSlots(PLAIN, linux(), 2, 2), gpuWorker(1)));

        assertEquals(List.of(new Assignment(TaskId.of("r1.2"), PLAIN), new Assignment(TaskId.of("r1.1"), GPU)),
                assignments);
    }

    @Test
    void reportsTasksThatWillMissTheirDeadlineOnceEach() {
        Task tight = task(1, Requirements.NONE, NOW.plus(Duration.ofMinutes(5)));
        Task late = task(2, Requirements.NONE, NOW.minus(Duration.ofMinutes(1)));
        Task fine = task(3, Requirements.NONE, NOW.plus(Duration.ofMinutes(30)));
        DeadlineScheduler scheduler = new DeadlineScheduler();
        SchedulingContextBuilder decision = decision(List.of(tight, late, fine), TEN_MINUTES,
                new FreeSlots(PLAIN, linux(), 1, 1));

        scheduler.schedule(decision.build());
        scheduler.schedule(decision.build());

        assertEquals(List.of("r1.2 until 2026-11-27T10:10:00Z", "r1.1 until 2026-11-27T10:10:00Z"),
                decision.deadlinesAtRisk().stream().map(risk -> risk.task().id() + " until " + risk.expectedFinish())
                        .toList());
        assertEquals(Map.of("assigned", 2L, "atRisk", 1L, "missed", 1L), scheduler.counters());
    }

    @Test
    void deferredInfeasibleTasksRunAfterFeasibleOnesAndBeforeTasksWithoutDeadline() {
        List<Task> tasks = List.of(
                task(1, Requirements.NONE, null),
                task(2, Requirements.NONE, NOW.plus(Duration.ofMinutes(5))),  // infeasible: 10 minutes needed
                task(3, NEEDS_GPU, NOW.plus(Duration.ofMinutes(4))),          // infeasible
                task(4, Requirements.NONE, NOW.plus(Duration.ofMinutes(20))),
                task(5, NEEDS_GPU, NOW.plus(Duration.ofMinutes(30))));

        List<Assignment> assignments = new DeadlineScheduler(new DeadlineScheduler.Settings(true, 32))
                .schedule(context(tasks, TEN_MINUTES, gpuWorker(5)));

        assertEquals(List.of("r1.4", "r1.5", "r1.3", "r1.2", "r1.1"), ids(assignments));
    }

    @Test
    void strictModeRunsInfeasibleTasksInDeadlineOrder() {
        List<Task> tasks = List.of(task(2, Requirements.NONE, NOW.plus(Duration.ofMinutes(5))),
                task(4, Requirements.NONE, NOW.plus(Duration.ofMinutes(20))));

        assertEquals(List.of("r1.2", "r1.4"),
                ids(new DeadlineScheduler().schedule(context(tasks, TEN_MINUTES, gpuWorker(2)))));
    }

    @Test
    void lookAheadBoundsHowManyLateTasksADecisionSetsAside() {
        List<Task> tasks = List.of(task(1, Requirements.NONE, NOW.plus(Duration.ofMinutes(1))),
                task(2, Requirements.NONE, NOW.plus(Duration.ofMinutes(2))),
                task(3, Requirements.NONE, NOW.plus(Duration.ofMinutes(30))));

        List<Assignment> assignments = new DeadlineScheduler(new DeadlineScheduler.Settings(true, 1))
                .schedule(context(tasks, TEN_MINUTES, new FreeSlots(PLAIN, linux(), 1, 1)));

        assertEquals(List.of("r1.2"), ids(assignments), "one late task set aside, the next one taken as it is");
    }

    @Test
    void aTaskFinishingAfterItsDeadlineCountsAsMissedAndOneInTimeDoesNot() {
        assertEquals(1L, missedAfterRunning(Duration.ofMinutes(20)), "leased now, 20 minutes, deadline in 15");
        assertEquals(0L, missedAfterRunning(Duration.ofMinutes(9)));
    }

    private static long missedAfterRunning(Duration took) {
        Task task = task(1, Requirements.NONE, NOW.plus(Duration.ofMinutes(15)));
        DeadlineScheduler scheduler = new DeadlineScheduler();
        scheduler.schedule(context(List.of(task), TEN_MINUTES, new FreeSlots(PLAIN, linux(), 1, 1)));
        scheduler.taskFinished(new TaskOutcome(task, PLAIN, TaskState.PASSED, took));
        assertEquals(0L, scheduler.counters().get("atRisk"));
        return scheduler.counters().get("missed");
    }

    private static SchedulingContext context(List<Task> tasks, DurationEstimates estimates, FreeSlots... free) {
        return decision(tasks, estimates, free).build();
    }

    private static SchedulingContextBuilder decision(List<Task> tasks, DurationEstimates estimates,
                                                     FreeSlots... free) {
        return SchedulingContextBuilder.at(NOW).queued(tasks).estimates(estimates).free(free);
    }

    private static FreeSlots gpuWorker(int free) {
        return new FreeSlots(GPU, CapabilitiesBuilder.linux().cpus(8).memoryMb(16384).labels("gpu").build(), free,
                free);
    }

    private static Capabilities linux() {
        return CapabilitiesBuilder.linux().cpus(8).memoryMb(16384).build();
    }

    /** Task {@code index} of run r1, submitted {@code index}-th. */
    private static Task task(int index, Requirements requirements, Instant deadline) {
        return TaskBuilder.task().id("r1." + index).seq(index).requirements(requirements).deadline(deadline)
                .createdAt(NOW).build();
    }

    private static List<String> ids(List<Assignment> assignments) {
        return assignments.stream().map(a -> a.task().value()).toList();
    }
}
