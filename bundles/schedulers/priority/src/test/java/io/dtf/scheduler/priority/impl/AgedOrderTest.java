package io.dtf.scheduler.priority.impl;

import static io.dtf.scheduler.priority.impl.Fixtures.T0;
import static io.dtf.scheduler.priority.impl.Fixtures.add;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.scheduler.priority.impl.Ranking.Ranked;
import io.dtf.testkit.TestQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgedOrderTest {

    @Test
    void handsOutTasksInDecreasingEffectivePriority() {
        for (int seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            TestQueue queue = new TestQueue();
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // ages in submission order: each task a few seconds younger than the one before
                tasks.add(add(queue, random.nextInt(10), T0.minusSeconds(3000 - 10L * i + random.nextInt(5)),
                        Requirements.NONE));
            }
            Ranking ranking = new Ranking(T0, 30 + random.nextInt(100));
            AgedOrder order = new AgedOrder(only(queue), ranking);
            tasks.sort(Comparator.comparing((Task t) -> new Ranked(t, ranking.of(t)), Ranking.FIRST));

            for (Task expected : tasks) {
                assertEquals(expected.id(), order.peek().task().id(), "seed " + seed);
                order.take();
            }
            assertNull(order.peek());
        }
    }

    @Test
    void withoutAgingIsThePriorityOrder() {
        TestQueue queue = new TestQueue();
        Task old = add(queue, 1, T0.minusSeconds(100_000), Requirements.NONE);
        Task high = add(queue, 7, T0, Requirements.NONE);
        AgedOrder order = new AgedOrder(only(queue), new Ranking(T0, 0));

        assertEquals(high, order.peek().task());
        order.take();
        assertEquals(old, order.peek().task());
    }

    /** The first 10 of 100,000 queued tasks, found by jumping to each priority's oldest task. */
    @Test
    void looksAtAFewTasksOfALargeQueue() {
        Random random = new Random(7);
        TestQueue queue = new TestQueue();
        for (int i = 0; i < 100_000; i++) {
            add(queue, random.nextInt(10), T0.minusSeconds(100_000 - i), Requirements.NONE);
        }
        for (int agingSeconds : new int[] {60, 0}) {
            long before = queue.tasksTaken();
            AgedOrder order = new AgedOrder(only(queue), new Ranking(T0, agingSeconds));
            for (int i = 0; i < 10; i++) {
                order.peek();
                order.take();
            }
            long looked = queue.tasksTaken() - before;
            System.out.printf("priority: 10 tasks of 100,000 found by looking at %d (agingSeconds=%d)%n", looked,
                    agingSeconds);
            assertTrue(looked <= 10 + 10 + 1, "looked at " + looked); // a head per priority, the next ones, the oldest
        }
    }

    /** The queue's one requirement class, counting what it hands out. */
    private static PendingGroup only(TestQueue queue) {
        assertEquals(1, queue.observed().groups().size());
        return queue.observed().groups().iterator().next();
    }
}
