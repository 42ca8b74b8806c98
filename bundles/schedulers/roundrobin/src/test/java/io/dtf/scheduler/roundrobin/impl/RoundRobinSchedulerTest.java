package io.dtf.scheduler.roundrobin.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.CapabilitiesBuilder;
import io.dtf.testkit.RequirementsBuilder;
import io.dtf.testkit.SchedulingContextBuilder;
import io.dtf.testkit.TaskBuilder;
import io.dtf.testkit.TestQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundRobinSchedulerTest {
    private static final Requirements GPU = RequirementsBuilder.requirements().labels("gpu").build();

    private final TestQueue queue = new TestQueue();
    private final RoundRobinScheduler scheduler = new RoundRobinScheduler();

    /** The case: a run of 1,000 tasks, then a run of 3; one slot frees per decision. */
    @Test
    void aSmallRunAfterALargeOneStartsWithinTheFirstDecisions() {
        submit("big", "default", 1000, Requirements.NONE);
        List<Task> small = submit("small", "default", 3, Requirements.NONE);

        List<Integer> startedAt = new ArrayList<>();
        for (int decision = 1; decision <= 10; decision++) {
            for (Assignment assignment : decide(free("w", 1))) {
                if (assignment.task().runId().value().equals("small")) {
                    startedAt.add(decision);
                }
            }
        }
        System.out.printf("round-robin: the 3 tasks of a run queued behind 1,000 started at decisions %s%n", startedAt);
        assertEquals(List.of(2, 4, 6), startedAt);
        assertTrue(small.stream().allMatch(task -> queue.get(task.id()) == null));
    }

    @Test
    void everyRunGetsASlotBeforeAnyGetsASecond() {
        submit("a", "default", 10, Requirements.NONE);
        submit("b", "default", 10, Requirements.NONE);
        submit("c", "default", 10, Requirements.NONE);

        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), runs(decide(free("w", 7))));
        assertEquals(List.of("b", "c"), runs(decide(free("w", 2)))); // goes on where it stopped
    }

    @Test
    void workersTakeTurnsAcrossDecisions() {
        FreeSlots[] workers = new FreeSlots[5];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = free("w" + i, 4);
        }
        Map<WorkerId, Integer> tasksPerWorker = new HashMap<>();
        for (int decision = 0; decision < 50; decision++) {
            submit("r" + decision, "default", 2, Requirements.NONE); // less work than free slots
            for (Assignment assignment : decide(workers)) {
                tasksPerWorker.merge(assignment.worker(), 1, Integer::sum);
            }
        }
        System.out.printf("round-robin: 100 tasks over 5 workers of 4 free slots: %s%n", tasksPerWorker);
        assertEquals(Set.of(20), Set.copyOf(tasksPerWorker.values()));
    }

    @Test
    void oneDecisionSpreadsItsTasksOverTheWorkers() {
        submit("a", "default", 6, Requirements.NONE);

        List<Assignment> assignments = decide(free("w1", 4), free("w2", 4), free("w3", 4));

        assertEquals(List.of("w1", "w2", "w3", "w1", "w2", "w3"),
                assignments.stream().map(a -> a.worker().value()).toList());
    }

    @Test
    void neverGivesATaskToAWorkerWithoutItsCapabilities() {
        submit("gpu", "default", 3, GPU);
        submit("plain", "default", 3, Requirements.NONE);

        List<Assignment> assignments = decide(free("plain", 5), free("gpu", 2, "gpu"));

        assertEquals(5, assignments.size());
        for (Assignment assignment : assignments) {
            assertTrue(assignment.worker().value().equals("gpu") || assignment.task().runId().value().equals("plain"),
                    assignment.toString());
        }
    }

    @Test
    void aRunFarBehindTheOthersStillGetsItsTurn() {
        submit("big", "web", 5000, Requirements.NONE);
        submit("behind", "web", 2, Requirements.NONE); // 5,000 tasks of the same tenant and class ahead of it
        submit("other", "data", 2, Requirements.NONE);

        assertEquals(List.of("big", "behind", "other", "big"), runs(decide(free("w", 4))));
    }

    @Test
    void countsDecisionsAndAssignments() {
        submit("a", "default", 3, Requirements.NONE);
        decide(free("w", 2));
        decide(free("w", 2));

        assertEquals(Map.of("decisions", 2L, "assignments", 3L), scheduler.counters());
    }

    /** Runs the scheduler, checks and applies its assignments (the tasks leave the queue). */
    private List<Assignment> decide(FreeSlots... free) {
        return checked(scheduler.schedule(context(free)), free);
    }

    private List<Assignment> checked(List<Assignment> assignments, FreeSlots... free) {
        Map<WorkerId, FreeSlots> workers = new HashMap<>();
        Map<WorkerId, Integer> used = new HashMap<>();
        for (FreeSlots slots : free) {
            workers.put(slots.worker(), slots);
        }
        Set<TaskId> seen = new HashSet<>();
        for (Assignment assignment : assignments) {
            Task task = queue.get(assignment.task());
            FreeSlots slots = workers.get(assignment.worker());
            assertTrue(task != null && seen.add(task.id()), "not queued or twice: " + assignment);
            assertTrue(used.merge(assignment.worker(), 1, Integer::sum) <= slots.free(), "no free slot: " + assignment);
            assertTrue(task.requirements().satisfiedBy(slots.capabilities()), "lacks capabilities: " + assignment);
        }
        seen.forEach(queue::remove);
        return assignments;
    }

    /** Queues a run of {@code count} tasks of one tenant and requirements, after everything queued so far. */
    private List<Task> submit(String run, String tenant, int count, Requirements requirements) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(queue.submit(TaskBuilder.task().run(run).tenant(tenant).requirements(requirements)));
        }
        return tasks;
    }

    private SchedulingContext context(FreeSlots... free) {
        return SchedulingContextBuilder.at(TaskBuilder.T0).queue(queue).free(free).build();
    }

    private static FreeSlots free(String worker, int free, String... labels) {
        return new FreeSlots(WorkerId.of(worker), CapabilitiesBuilder.linux().labels(labels).build(), free, free);
    }

    private static List<String> runs(List<Assignment> assignments) {
        return assignments.stream().map(a -> a.task().runId().value()).toList();
    }
}
