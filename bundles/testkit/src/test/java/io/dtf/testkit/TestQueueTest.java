package io.dtf.testkit;

import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestQueueTest {
    @Test
    void numbersTasksByRunAndSubmissionAsTheCoordinatorDoes() {
        TestQueue queue = new TestQueue();
        Task first = queue.submit(task());
        Task other = queue.submit(task().run("r2"));
        Task second = queue.submit(task());

        assertEquals(List.of("r1.1", "r2.1", "r1.2"), List.of(first.id().value(), other.id().value(),
                second.id().value()));
        assertEquals(List.of(1L, 2L, 3L), List.of(first.seq(), other.seq(), second.seq()));
        assertEquals("t2", second.name());
        assertEquals(TaskBuilder.T0, second.createdAt());
        assertEquals(List.of(RunId.of("r1"), RunId.of("r2")), List.copyOf(queue.pending().runs().values()));
    }

    @Test
    void ordersByPriorityWithinARequirementClass() {
        TestQueue queue = new TestQueue();
        queue.submit(task().priority(1));
        Task high = queue.submit(task().priority(7));

        PendingGroup group = queue.pending().groups().iterator().next();
        assertEquals(high, group.byPriority().iterator().next());
        assertEquals(2, queue.size());
    }

    @Test
    void countsTheTasksOfATenant() {
        TestQueue queue = new TestQueue();
        queue.submit(task().tenant("web"));
        queue.submit(task().tenant("web").requirements(RequirementsBuilder.requirements().labels("gpu")));
        queue.submit(task().tenant("data"));

        assertEquals(2, queue.size("web"));
        assertEquals(0, queue.size("ml"));
    }

    @Test
    void refusesATaskQueuedTwiceAndNumbersOnAfterFixedIds() {
        TestQueue queue = new TestQueue();
        queue.add(task().id("r1.1").seq(5).build());

        assertThrows(IllegalArgumentException.class, () -> queue.add(task().id("r1.1").build()));
        Task next = queue.submit(task());
        assertEquals(TaskId.of("r1.2"), next.id());
        assertEquals(6, next.seq());
    }

    @Test
    void removesWhatIsLeased() {
        TestQueue queue = new TestQueue();
        Task task = queue.submit(task());

        assertEquals(task, queue.remove(task.id()));
        assertNull(queue.get(task.id()));
        assertEquals(0, queue.size());
    }

    @Test
    void theObservedQueueCountsTheTasksHandedOut() {
        TestQueue queue = new TestQueue();
        for (int i = 0; i < 10; i++) {
            queue.submit(task().priority(i));
        }
        PendingGroup group = queue.observed().groups().iterator().next();
        group.byPriority().iterator().next();
        group.first();
        group.ofTenant("default").iterator().next();

        assertEquals(3, queue.tasksTaken());
    }
}
