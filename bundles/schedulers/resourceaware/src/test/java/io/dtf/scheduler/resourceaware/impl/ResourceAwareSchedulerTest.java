package io.dtf.scheduler.resourceaware.impl;

import static io.dtf.scheduler.resourceaware.impl.Fixtures.context;
import static io.dtf.scheduler.resourceaware.impl.Fixtures.cpus;
import static io.dtf.scheduler.resourceaware.impl.Fixtures.labels;
import static io.dtf.scheduler.resourceaware.impl.Fixtures.task;
import static io.dtf.scheduler.resourceaware.impl.Fixtures.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.BuiltInSchedulers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceAwareSchedulerTest {
    private static final Instant NOW = Fixtures.NOW;

    @Test
    void putsATaskOnTheWorkerItFitsTightest() {
        List<Assignment> assignments = schedule(List.of(task(1, cpus(2))),
                List.of(worker("big", 8, 8, 8), worker("snug", 2, 2, 2), worker("mid", 4, 4, 4)), List.of());

        assertEquals(List.of(new Assignment(TaskId.of("r1.1"), WorkerId.of("snug"))), assignments);
    }

    @Test
    void countsTheCpusOfRunningTasksAgainstTheWorker() {
        // "busy" has 8 CPUs, 6 of them taken by one running task: a 4-CPU task does not fit there.
        Task running = task(100, cpus(6));
        List<Assignment> assignments = schedule(List.of(task(1, cpus(4))),
                List.of(worker("busy", 8, 4, 3), worker("idle", 4, 4, 4)),
                List.of(new RunningTask(running, WorkerId.of("busy"), NOW)));

        assertEquals(List.of(new Assignment(TaskId.of("r1.1"), WorkerId.of("idle"))), assignments);
    }

    @Test
    void aTaskNeedingTwoCpusTakesTwo() {
        List<Task> tasks = List.of(task(1, cpus(2)), task(2, cpus(2)), task(3, cpus(2)));

        List<Assignment> assignments = schedule(tasks, List.of(worker("w", 4, 8, 8)), List.of());

        assertEquals(2, assignments.size(), "4 CPUs hold two 2-CPU tasks, whatever the slots");
    }

    @Test
    void busySlotsOfUnlistedTasksTakeTheDefaultClaim() {
        // 2 of 4 slots busy, their tasks not in the context: they are taken to use 1 CPU each.
        List<Assignment> assignments = schedule(List.of(task(1, cpus(2)), task(2, cpus(1))),
                List.of(worker("w", 3, 4, 2)), List.of());

        assertEquals(List.of(new Assignment(TaskId.of("r1.2"), WorkerId.of("w"))), assignments);
    }

    @Test
    void neverAssignsATaskToAWorkerLackingACapability() {
        List<Assignment> assignments = schedule(List.of(task(1, labels("gpu")), task(2, cpus(16))),
                List.of(worker("plain", 8, 8, 8)), List.of());

        assertEquals(List.of(), assignments);
    }

    @Test
    void keepsGpuWorkersForGpuTasks() {
        List<Task> tasks = List.of(task(1, Requirements.NONE), task(2, labels("gpu")));

        List<Assignment> assignments = schedule(tasks,
                List.of(worker("gpu", 2, 1, 1, "gpu"), worker("plain", 16, 16, 16)), List.of());

        assertEquals(List.of(new Assignment(TaskId.of("r1.1"), WorkerId.of("plain")),
                new Assignment(TaskId.of("r1.2"), WorkerId.of("gpu"))), assignments);
    }

    @Test
    void aTaskWaitingTooLongForRoomGetsAWorkerReserved() {
        Instant old = NOW.minus(Duration.ofMinutes(10));
        // The 4-CPU task fits nowhere now; it waited past reserveAfter, so the worker nearest to
        // fitting it ("near": 3 spare) takes no small task, while "far" (2 spare) still does.
        List<Task> tasks = List.of(task(1, cpus(4), old), task(2, cpus(1), NOW), task(3, cpus(1), NOW));
        List<FreeSlots> workers = List.of(worker("near", 4, 4, 3), worker("far", 4, 2, 1));
        List<RunningTask> running = List.of(new RunningTask(task(100, cpus(1)), WorkerId.of("near"), NOW),
                new RunningTask(task(101, cpus(2)), WorkerId.of("far"), NOW));

        List<Assignment> assignments = new ResourceAwareScheduler(
                new ResourceAwareScheduler.Settings(1, 0, "gpu", Duration.ofMinutes(5)))
                .schedule(context(tasks, workers, running));

        assertEquals(List.of(new Assignment(TaskId.of("r1.2"), WorkerId.of("far"))), assignments);
    }

    @Test
    void withoutWaitingLongSmallTasksFillTheGaps() {
        List<Task> tasks = List.of(task(1, cpus(4), NOW), task(2, cpus(1), NOW), task(3, cpus(1), NOW));
        List<Assignment> assignments = schedule(tasks, List.of(worker("near", 4, 4, 3)),
                List.of(new RunningTask(task(100, cpus(1)), WorkerId.of("near"), NOW)));

        assertEquals(2, assignments.size());
    }

    /**
     * A crafted case of fragmentation: FIFO fills the first worker with the oldest tasks, six small
     * ones, so that the 8-CPU task that comes next finds no worker with 8 CPUs left; best fit puts
     * the small tasks into the small workers and keeps the big worker whole.
     */
    @Test
    void packingBeatsFifoOnFragmentation() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            tasks.add(task(i, cpus(1)));
        }
        tasks.add(task(7, cpus(8)));
        List<FreeSlots> workers = List.of(worker("a8", 8, 8, 8), worker("b4", 4, 4, 4), worker("c2", 2, 2, 2));
        SchedulingContext context = context(tasks, workers, List.of());

        Placed packed = placeWithinCpus(new ResourceAwareScheduler().schedule(context), tasks, workers);
        Placed fifo = placeWithinCpus(BuiltInSchedulers.fifo().schedule(context), tasks, workers);

        assertEquals(7, packed.tasks, "best fit places every task");
        assertEquals(14, packed.cpus);
        assertEquals(0, packed.refused);
        assertTrue(fifo.cpus < packed.cpus, "FIFO strands CPUs: " + fifo);
        assertTrue(fifo.refused > 0 || fifo.tasks < 7, "FIFO cannot place the 8-CPU task: " + fifo);
    }

    record Placed(int tasks, int cpus, int refused) {
    }

    /** Applies assignments in order as a CPU-checking coordinator would: those that do not fit are refused. */
    private static Placed placeWithinCpus(List<Assignment> assignments, List<Task> tasks, List<FreeSlots> workers) {
        Map<WorkerId, Integer> spare = new HashMap<>();
        workers.forEach(w -> spare.put(w.worker(), w.capabilities().cpus()));
        Map<TaskId, Task> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.id(), t));
        int placed = 0;
        int cpus = 0;
        int refused = 0;
        for (Assignment assignment : assignments) {
            int need = byId.get(assignment.task()).requirements().cpus();
            int left = spare.get(assignment.worker());
            if (need > left) {
                refused++;
            } else {
                spare.put(assignment.worker(), left - need);
                placed++;
                cpus += need;
            }
        }
        return new Placed(placed, cpus, refused);
    }

    @Test
    void countsItsDecisions() {
        ResourceAwareScheduler scheduler = new ResourceAwareScheduler();
        scheduler.schedule(context(List.of(task(1, cpus(1)), task(2, cpus(64))), List.of(worker("w", 64, 2, 2)),
                List.of()));

        assertEquals(1L, scheduler.counters().get("assigned"));
        assertEquals(1L, scheduler.counters().get("noRoom"));
    }

    private static List<Assignment> schedule(List<Task> tasks, List<FreeSlots> workers, List<RunningTask> running) {
        return new ResourceAwareScheduler().schedule(context(tasks, workers, running));
    }
}
