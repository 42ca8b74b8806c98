package io.dtf.scheduler.priority.impl;

import static io.dtf.scheduler.priority.impl.Fixtures.T0;
import static io.dtf.scheduler.priority.impl.Fixtures.add;
import static io.dtf.scheduler.priority.impl.Fixtures.context;
import static io.dtf.scheduler.priority.impl.Fixtures.free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.testkit.RequirementsBuilder;
import io.dtf.testkit.TestQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrioritySchedulerTest {
    private static final Requirements GPU = RequirementsBuilder.requirements().labels("gpu").build();

    @Test
    void higherPriorityFirstThenOlder() {
        TestQueue queue = new TestQueue();
        add(queue, 1, T0, Requirements.NONE);
        Task high = add(queue, 5, T0, Requirements.NONE);
        Task highLater = add(queue, 5, T0, Requirements.NONE);
        Task middle = add(queue, 3, T0, Requirements.NONE);

        assertEquals(List.of(high.id(), highLater.id(), middle.id()),
                decide(new PriorityScheduler(), queue, 3));
    }

    @Test
    void waitingRaisesTheEffectivePriorityByOnePerAgingInterval() {
        TestQueue queue = new TestQueue();
        Task old = add(queue, 0, T0.minusSeconds(601), Requirements.NONE); // effective 10.02
        add(queue, 10, T0, Requirements.NONE);                            // effective 10
        Task younger = add(queue, 0, T0.minusSeconds(599), Requirements.NONE);

        assertEquals(List.of(old.id()), decide(new PriorityScheduler(), queue, 1));
        assertFalse(decide(new PriorityScheduler(), queue, 1).contains(younger.id()));
    }

    @Test
    void neverGivesATaskToAWorkerWithoutItsCapabilities() {
        TestQueue queue = new TestQueue();
        Task gpu = add(queue, 9, T0, GPU);
        Task plain = add(queue, 1, T0, Requirements.NONE);

        List<Assignment> assignments = new PriorityScheduler().schedule(context(T0, queue,
                List.of(free("plain", 2), free("gpu", 1, "gpu")), List.of()));

        assertEquals(List.of(new Assignment(plain.id(), free("plain", 1).worker()),
                new Assignment(gpu.id(), free("gpu", 1).worker())), assignments);
    }

    @Test
    void assignsNoMoreThanTheFreeSlotsAndEachTaskOnce() {
        TestQueue queue = new TestQueue();
        for (int i = 0; i < 10; i++) {
            add(queue, i % 3, T0.minusSeconds(i), Requirements.NONE);
        }
        List<Assignment> assignments = new PriorityScheduler().schedule(context(T0, queue,
                List.of(free("a", 3), free("b", 4)), List.of()));

        assertEquals(7, assignments.size());
        assertEquals(7, new HashSet<>(tasks(assignments)).size());
        assertEquals(3, assignments.stream().filter(a -> a.worker().value().equals("a")).count());
    }

    @Test
    void theDefaultsAreThoseOfTheConfiguration() throws ReflectiveOperationException {
        assertEquals(Settings.DEFAULT, new Settings(
                (Integer) PriorityConfig.class.getMethod("agingSeconds").getDefaultValue(),
                (Boolean) PriorityConfig.class.getMethod("preemption").getDefaultValue(),
                (Integer) PriorityConfig.class.getMethod("preemptionMargin").getDefaultValue(),
                (Integer) PriorityConfig.class.getMethod("maxPreemptions").getDefaultValue()));
        assertFalse(Settings.DEFAULT.preemption());
    }

    @Test
    void countsDecisionsAssignmentsAndTheLongestWait() {
        PriorityScheduler scheduler = new PriorityScheduler();
        TestQueue queue = new TestQueue();
        add(queue, 0, T0.minusSeconds(90), Requirements.NONE);
        add(queue, 0, T0.minusSeconds(30), Requirements.NONE);
        scheduler.schedule(context(T0, queue, List.of(free("w", 4)), List.of()));

        assertEquals(Map.of("decisions", 1L, "assignments", 2L, "preemptions", 0L, "longestWaitSeconds", 90L),
                scheduler.counters());
    }

    /**
     * One slot, tasks of 10 s, and a new priority-10 task every 10 s: there is always a
     * priority-10 task waiting. A priority-0 task queued first still starts once it has waited
     * 10 priority levels x 60 s; without aging it never starts.
     */
    @Test
    void anOldLowTaskOvertakesAStreamOfNewHighOnesWithinTheAgingBound() {
        Pool aging = new Pool(new Settings(60, false, 5, 4), 1);
        Pool noAging = new Pool(new Settings(0, false, 5, 4), 1);
        for (Pool pool : List.of(aging, noAging)) {
            Task low = pool.submit(0, 10);
            for (int second = 0; second < 7200; second++) {
                if (second % 10 == 0) {
                    pool.submit(10, 10);
                }
                pool.tick();
            }
            pool.lowStart = pool.started.getOrDefault(low.id(), -1L);
        }
        System.out.printf("priority: a priority-0 task behind a stream of priority-10 tasks started after %d s "
                + "with agingSeconds=60 (bound 600 s + one task), never in 2 h without aging (%d)%n",
                aging.lowStart, noAging.lowStart);
        assertTrue(aging.lowStart >= 0 && aging.lowStart <= 10 * 60 + 10, "started at " + aging.lowStart);
        assertEquals(-1L, noAging.lowStart, "without aging the stream should starve it");
    }

    /**
     * Four slots offered 12% more work than they can do for an hour, priorities 0 to 9, then the
     * queue drains. At every decision the task started ranks at least as high as every task left
     * queued; with aging every priority's longest wait stays within a few aging intervals of the
     * others', without it the lowest priorities wait for the whole overload.
     */
    @Test
    void nothingStarvesUnderSustainedOverload() {
        Map<Integer, Long> withAging = overload(new Settings(60, false, 5, 4));
        Map<Integer, Long> without = overload(new Settings(0, false, 5, 4));
        System.out.printf("priority: longest wait (s) by priority under overload: aging 60 s %s, no aging %s%n",
                withAging, without);
        long spread = withAging.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - withAging.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread <= 9 * 60 + 60, "longest waits by priority " + withAging);
        assertTrue(without.get(0) > 2 * withAging.get(0), "without aging " + without + ", with " + withAging);
    }

    private static Map<Integer, Long> overload(Settings settings) {
        Random random = new Random(11);
        Pool pool = new Pool(settings, 4);
        pool.checkOrder = true;
        for (int second = 0; second < 3600 || pool.busy(); second++) {
            if (second < 3600 && random.nextInt(100) < 15) {
                pool.submit(random.nextInt(10), 20 + random.nextInt(21));
            }
            pool.tick();
        }
        Map<Integer, Long> longest = new TreeMap<>();
        pool.waits.forEach((task, wait) -> longest.merge(task.priority(), wait, Math::max));
        return longest;
    }

    private static List<TaskId> decide(PriorityScheduler scheduler, TestQueue queue, int free) {
        return tasks(scheduler.schedule(context(T0, queue, List.of(free("w", free)), List.of())));
    }

    private static List<TaskId> tasks(List<Assignment> assignments) {
        return assignments.stream().map(Assignment::task).toList();
    }

    /**
     * One worker in simulated seconds: each tick ends the tasks due, then fills the free slots. With
     * {@code checkOrder}, every decision is checked against all that stays queued.
     */
    private static final class Pool {
        final PriorityScheduler scheduler;
        final Settings settings;
        final TestQueue queue = new TestQueue();
        final int slots;
        final Map<Task, Long> queued = new LinkedHashMap<>(); // task -> its duration
        final Map<TaskId, Long> ends = new HashMap<>();
        final Map<TaskId, Long> started = new HashMap<>();
        final Map<Task, Long> waits = new HashMap<>();
        boolean checkOrder;
        long second;
        long lowStart;

        Pool(Settings settings, int slots) {
            this.scheduler = new PriorityScheduler(settings);
            this.settings = settings;
            this.slots = slots;
        }

        Task submit(int priority, long seconds) {
            Task task = add(queue, priority, T0.plusSeconds(second), Requirements.NONE);
            queued.put(task, seconds);
            return task;
        }

        boolean busy() {
            return !queued.isEmpty() || !ends.isEmpty();
        }

        void tick() {
            ends.values().removeIf(end -> end <= second);
            int free = slots - ends.size();
            if (free > 0 && !queued.isEmpty()) {
                Instant now = T0.plusSeconds(second);
                Ranking ranking = new Ranking(now, settings.agingSeconds());
                double lowestStarted = Double.POSITIVE_INFINITY;
                for (Assignment assignment : scheduler.schedule(context(now, queue, List.of(free("w", free)),
                        List.of()))) {
                    Task task = queue.remove(assignment.task());
                    ends.put(task.id(), second + queued.remove(task));
                    started.put(task.id(), second);
                    waits.put(task, Duration.between(task.createdAt(), now).toSeconds());
                    lowestStarted = Math.min(lowestStarted, ranking.of(task));
                }
                for (Task left : checkOrder ? queued.keySet() : Set.<Task>of()) {
                    assertTrue(ranking.of(left) <= lowestStarted, left + " left queued ranks above a task started");
                }
            }
            second++;
        }
    }
}
