package org.example.dtf.shortestfirst;

import static io.dtf.testkit.CapabilitiesBuilder.linux;
import static io.dtf.testkit.RequirementsBuilder.requirements;
import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.task.Task;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.BuiltInSchedulers;
import io.dtf.testkit.SchedulerHarness;
import io.dtf.testkit.SchedulingContextBuilder;
import io.dtf.testkit.TaskBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scheduler on the coordinator's own queue, usage and duration history, through DTF's test kit. */
class ShortestFirstSchedulerTest {

    /** One decision: the context of a queue of two tasks whose history says which one is short. */
    @Test
    void theTaskExpectedToBeShortestGoesFirst() {
        SchedulingContextBuilder decision = SchedulingContextBuilder.at(TaskBuilder.T0);
        Task build = decision.submit(task().name("build"));
        Task lint = decision.submit(task().name("lint"));
        decision.took(build, Duration.ofMinutes(10)).took(lint, Duration.ofSeconds(20));
        decision.free("w1", linux().build(), 1, 2);

        List<Assignment> assignments = new ShortestFirstScheduler().schedule(decision.build());

        assertEquals(List.of(new Assignment(lint.id(), WorkerId.of("w1"))), assignments);
    }

    /** The harness fails on any assignment the coordinator would ignore, such as a GPU task on a plain worker. */
    @Test
    void givesEachWorkerOnlyWhatItCanRun() {
        SchedulerHarness cluster = new SchedulerHarness(new ShortestFirstScheduler())
                .worker("plain", linux().build(), 2)
                .worker("gpu", linux().labels("gpu").build(), 1);
        Task onGpu = cluster.submit(task().requirements(requirements().labels("gpu")), Duration.ofSeconds(30));
        cluster.submit(task(), Duration.ofSeconds(30));
        cluster.submit(task(), Duration.ofSeconds(30));

        List<Assignment> assignments = cluster.dispatch();

        assertEquals(3, assignments.size());
        assertTrue(assignments.contains(new Assignment(onGpu.id(), WorkerId.of("gpu"))), assignments.toString());
    }

    /**
     * Two hours of a busy worker with a queue of ten tasks, half of them 10 s and half 5 minutes long: once the
     * history knows them, short tasks no longer wait behind long ones, and wait far less than under FIFO.
     */
    @Test
    void shortTasksWaitFarLessThanUnderFifo() {
        Duration shortestFirst = meanWaitOfShortTasks(new ShortestFirstScheduler());
        Duration fifo = meanWaitOfShortTasks(BuiltInSchedulers.fifo());

        System.out.printf("shortest-first: short tasks waited %d s on average, %d s under FIFO%n",
                shortestFirst.toSeconds(), fifo.toSeconds());
        assertTrue(shortestFirst.multipliedBy(4).compareTo(fifo) < 0, shortestFirst + " against FIFO's " + fifo);
    }

    private static Duration meanWaitOfShortTasks(SchedulerPlugin scheduler) {
        SchedulerHarness cluster = new SchedulerHarness(scheduler).worker("w1", linux().build(), 2);
        Random random = new Random(42);
        cluster.runFor(Duration.ofHours(2), () -> {
            while (cluster.queued("default") < 10) {
                boolean isShort = random.nextBoolean();
                cluster.submit(task().name(isShort ? "short" : "long"), Duration.ofSeconds(isShort ? 10 : 300));
            }
        });
        List<Duration> waits = cluster.started().stream().filter(started -> started.task().name().equals("short"))
                .map(ShortestFirstSchedulerTest::waited).toList();
        return waits.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(waits.size());
    }

    private static Duration waited(RunningTask started) {
        return Duration.between(started.task().createdAt(), started.since());
    }
}
