package io.dtf.testkit;

import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.scheduler.TaskOutcome;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerHarnessTest {
    /** Oldest task of the first group each worker can serve, one per free slot; remembers what it is told. */
    private static final class Oldest implements SchedulerPlugin {
        final List<TaskOutcome> finished = new ArrayList<>();

        @Override
        public List<Assignment> schedule(SchedulingContext context) {
            List<Assignment> assignments = new ArrayList<>();
            List<TaskId> taken = new ArrayList<>();
            for (FreeSlots slots : context.freeSlots()) {
                int free = slots.free();
                for (PendingGroup group : context.pending().groups()) {
                    if (!group.requirements().satisfiedBy(slots.capabilities())) {
                        continue;
                    }
                    for (Task task : group) {
                        if (free > 0 && !taken.contains(task.id())) {
                            taken.add(task.id());
                            assignments.add(new Assignment(task.id(), slots.worker()));
                            free--;
                        }
                    }
                }
            }
            return assignments;
        }

        @Override
        public void taskFinished(TaskOutcome outcome) {
            finished.add(outcome);
        }
    }

    @Test
    void startsWhatTheSchedulerAssignsAndEndsItOnTime() {
        Oldest scheduler = new Oldest();
        SchedulerHarness cluster = new SchedulerHarness(scheduler).worker("w1", CapabilitiesBuilder.linux().build(), 1);
        Task first = cluster.submit(task().tenant("web"), Duration.ofSeconds(30));
        Task second = cluster.submit(task().tenant("data"), Duration.ofSeconds(20));

        assertEquals(List.of(new Assignment(first.id(), WorkerId.of("w1"))), cluster.dispatch());
        assertEquals(1, cluster.running().size());
        assertEquals(List.of(), cluster.dispatch(), "no free slot: no decision");

        cluster.runFor(Duration.ofSeconds(40), () -> { });

        assertEquals(List.of(first.id()), scheduler.finished.stream().map(outcome -> outcome.task().id()).toList());
        assertEquals(Duration.ofSeconds(30), scheduler.finished.get(0).duration());
        assertEquals(second.id(), cluster.running().get(0).task().id());
        assertEquals(List.of(TaskBuilder.T0, TaskBuilder.T0.plusSeconds(30)),
                cluster.started().stream().map(RunningTask::since).toList());
        assertEquals(Map.of("web", 30.0, "data", 10.0), cluster.slotSeconds());
        assertEquals(TaskBuilder.T0.plusSeconds(40), cluster.now());
        assertEquals(0, cluster.queued("data"));
    }

    @Test
    void neverGivesAWorkerATaskItCannotRun() {
        SchedulerHarness cluster = new SchedulerHarness(context -> List.of(new Assignment(
                context.pending().groups().iterator().next().first().id(), WorkerId.of("plain"))));
        cluster.worker("plain", CapabilitiesBuilder.linux().build(), 1);
        cluster.submit(task().requirements(RequirementsBuilder.requirements().labels("gpu")), Duration.ofSeconds(1));

        AssertionError refused = assertThrows(AssertionError.class, cluster::dispatch);
        assertTrue(refused.getMessage().startsWith("the worker lacks the task's requirements"), refused.getMessage());
    }

    @Test
    void refusesATaskAssignedTwiceOrNotQueued() {
        SchedulerHarness twice = new SchedulerHarness(context -> {
            TaskId id = context.pending().groups().iterator().next().first().id();
            return List.of(new Assignment(id, WorkerId.of("w1")), new Assignment(id, WorkerId.of("w1")));
        }).worker("w1", CapabilitiesBuilder.linux().build(), 2);
        twice.submit(task(), Duration.ofSeconds(1));
        assertTrue(assertThrows(AssertionError.class, twice::dispatch).getMessage().startsWith("the task is assigned twice"));

        SchedulerHarness unknown = new SchedulerHarness(context -> List.of(new Assignment(TaskId.of("r9.9"),
                WorkerId.of("w1")))).worker("w1", CapabilitiesBuilder.linux().build(), 1);
        unknown.submit(task(), Duration.ofSeconds(1));
        assertTrue(assertThrows(AssertionError.class, unknown::dispatch).getMessage().startsWith("the task is not queued"));
    }

    @Test
    void refusesMoreTasksThanAWorkerHasFreeSlots() {
        SchedulerHarness cluster = new SchedulerHarness(context -> context.pending().groups().iterator().next()
                .byPriority().iterator().hasNext() ? List.of(
                        new Assignment(TaskId.of("r1.1"), WorkerId.of("w1")),
                        new Assignment(TaskId.of("r1.2"), WorkerId.of("w1"))) : List.of());
        cluster.worker("w1", CapabilitiesBuilder.linux().build(), 1);
        cluster.submit(task(), Duration.ofSeconds(1));
        cluster.submit(task(), Duration.ofSeconds(1));

        assertTrue(assertThrows(AssertionError.class, cluster::dispatch).getMessage()
                .startsWith("the worker has no free slot"));
    }

    @Test
    void usageWithoutRunningSlotSecondsLeavesThemToTheScheduler() {
        List<Double> seen = new ArrayList<>();
        SchedulerHarness cluster = new SchedulerHarness(context -> {
            seen.add(context.usage().runningSlotSeconds("web"));
            return List.of();
        }).worker("w1", CapabilitiesBuilder.linux().build(), 1).usageWithoutRunningSlotSeconds();
        cluster.submit(task().tenant("web"), Duration.ofSeconds(1));

        cluster.dispatch();

        assertTrue(seen.get(0).isNaN(), "running slot-seconds " + seen);
    }
}
