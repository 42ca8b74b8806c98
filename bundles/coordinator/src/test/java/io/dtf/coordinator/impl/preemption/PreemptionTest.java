package io.dtf.coordinator.impl.preemption;

import static io.dtf.coordinator.impl.engine.EngineHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.FreeSlots;
import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.scheduler.RunningTask;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunState;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerReports;
import io.dtf.coordinator.impl.engine.EngineHarness;
import io.dtf.coordinator.impl.engine.TaskEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preemption by the engine, with a scheduler that stops whatever runs when a more urgent task waits. */
class PreemptionTest {
    private static final WorkerId W1 = WorkerId.of("w1");

    @TempDir
    Path dir;

    private EngineHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private TaskEngine start(SchedulerPlugin scheduler) {
        harness = new EngineHarness(dir, name -> scheduler);
        return harness.engine();
    }

    private static String plan(String name, int priority, int maxAttempts) {
        return "name: " + name + "\ndefaults: {maxAttempts: " + maxAttempts + "}\ntasks:\n"
                + "  - {name: " + name + ", priority: " + priority + ", command: ['true']}\n";
    }

    /** A low-priority task runs on the only slot. */
    private Lease runningLowPriorityTask(TaskEngine engine, int maxAttempts) throws InterruptedException {
        harness.register(W1, 1);
        harness.submit(plan("low", 0, maxAttempts));
        Lease low = single(harness.poll(W1, 1, List.of()));
        engine.gateway().started(W1, low.attempt());
        return low;
    }

    @Test
    void aPreemptedAttemptIsStoppedOnItsWorkerAndItsTaskQueuedAgainBehindTheUrgentOne() throws Exception {
        TaskEngine engine = start(new UrgentFirst());
        Lease low = runningLowPriorityTask(engine, 1);

        harness.submit(plan("urgent", 10, 1));
        PollResult told = engine.gateway().poll(W1, 0, List.of(low.attempt()), Duration.ofSeconds(5));
        assertEquals(List.of(low.attempt()), told.cancel(), "the worker is told to stop the preempted attempt");
        assertEquals(List.of(), told.leases(), "its slot stays taken until the worker lets go");
        assertEquals(TaskState.QUEUED, harness.store.task(low.task().id()).orElseThrow().state());
        DtfEvent preempted = harness.events.stream().filter(e -> e.type() == HookType.TASK_PREEMPTED).findFirst()
                .orElseThrow();
        assertEquals(low.task().id(), preempted.task());
        assertEquals(W1, preempted.worker());

        Lease urgent = single(harness.poll(W1, 1, List.of()));
        assertEquals("urgent", urgent.task().name(), "the freed slot goes to the urgent task");
        harness.runToEnd(W1, urgent, TaskState.PASSED);
        Lease again = single(harness.poll(W1, 1, List.of()));
        assertEquals(low.task().id(), again.task().id(), "then the preempted task runs again");
        assertTrue(again.attempt().attempt() > low.attempt().attempt(), "as a new attempt: " + again.attempt());
        harness.runToEnd(W1, again, TaskState.PASSED);
        assertEquals(RunState.PASSED, harness.store.runSummary(low.task().runId()).orElseThrow().state());
    }

    @Test
    void aPreemptedAttemptSpendsNoneOfTheTasksAttempts() throws Exception {
        TaskEngine engine = start(new UrgentFirst());
        Lease low = runningLowPriorityTask(engine, 2);
        harness.submit(plan("urgent", 10, 1));
        assertEquals(List.of(low.attempt()),
                engine.gateway().poll(W1, 0, List.of(low.attempt()), Duration.ofSeconds(5)).cancel());
        harness.runToEnd(W1, single(harness.poll(W1, 1, List.of())), TaskState.PASSED);

        Lease second = single(harness.poll(W1, 1, List.of()));
        assertEquals(low.task().id(), second.task().id());
        harness.runToEnd(W1, second, TaskState.FAILED); // fails for real: one of its two attempts is left
        Lease third = single(harness.poll(W1, 1, List.of()));
        assertEquals(low.task().id(), third.task().id(), "retried: the preempted attempt spent none of its two");
        harness.runToEnd(W1, third, TaskState.PASSED);
        assertEquals(TaskState.PASSED, harness.store.task(low.task().id()).orElseThrow().state());
        List<AttemptRecord> history = harness.store.attempts(low.task().id());
        assertEquals(List.of(true, false, false), history.stream().map(AttemptRecord::preempted).toList(),
                "the history shows the first attempt preempted: " + history);
        assertEquals("preempted to make room for a more urgent task", history.get(0).message());
    }

    @Test
    void aLateReportOfThePreemptedAttemptIsRefused() throws Exception {
        TaskEngine engine = start(new UrgentFirst());
        Lease low = runningLowPriorityTask(engine, 1);
        harness.submit(plan("urgent", 10, 1));
        engine.gateway().poll(W1, 0, List.of(low.attempt()), Duration.ofSeconds(5));

        assertEquals(List.of(low.attempt()), engine.gateway().report(W1, WorkerReports.completed(low.attempt(),
                EngineHarness.result(TaskState.PASSED))), "the attempt is no longer the worker's");
        assertEquals(TaskState.QUEUED, harness.store.task(low.task().id()).orElseThrow().state());
    }

    @Test
    void aSchedulerThatFailsToChooseOrNamesAnAttemptNoLongerCurrentPreemptsNothing() throws Exception {
        TaskEngine engine = start(new UrgentFirst() {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public List<TaskAttempt> preempt(SchedulingContext context) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("broken scheduler");
                }
                return context.running().stream().map(RunningTask::task)
                        .map(running -> new TaskAttempt(running.id(), running.attempt() + 1)).toList();
            }
        });
        Lease low = runningLowPriorityTask(engine, 1);
        harness.submit(plan("urgent", 10, 1));
        engine.dispatchOnce();
        engine.dispatchOnce(); // the scheduler failed once, then named an attempt that is not current

        PollResult answer = engine.gateway().poll(W1, 0, List.of(low.attempt()), Duration.ofMillis(300));
        assertEquals(List.of(), answer.cancel());
        assertEquals(TaskState.RUNNING, harness.store.task(low.task().id()).orElseThrow().state());
        assertEquals(0, harness.count(HookType.TASK_PREEMPTED));
    }

    /**
     * The highest priority first; preempts every running attempt of lower priority than the
     * most urgent queued task.
     */
    static class UrgentFirst implements SchedulerPlugin {
        @Override
        public List<Assignment> schedule(SchedulingContext context) {
            List<Assignment> assignments = new ArrayList<>();
            Set<TaskId> assigned = new HashSet<>();
            for (FreeSlots slots : context.freeSlots()) {
                for (int free = slots.free(); free > 0; free--) {
                    Task best = null;
                    for (PendingGroup group : context.pending().groups()) {
                        for (Task queued : group.byPriority()) {
                            if (!assigned.contains(queued.id())) {
                                best = best == null || queued.priority() > best.priority() ? queued : best;
                                break;
                            }
                        }
                    }
                    if (best == null) {
                        break;
                    }
                    assigned.add(best.id());
                    assignments.add(new Assignment(best.id(), slots.worker()));
                }
            }
            return assignments;
        }

        @Override
        public List<TaskAttempt> preempt(SchedulingContext context) {
            int mostUrgent = Integer.MIN_VALUE;
            for (PendingGroup group : context.pending().groups()) {
                for (Task queued : group.byPriority()) {
                    mostUrgent = Math.max(mostUrgent, queued.priority());
                    break;
                }
            }
            int waiting = mostUrgent;
            return context.running().stream().filter(running -> running.task().priority() < waiting)
                    .map(running -> new TaskAttempt(running.task().id(), running.task().attempt())).toList();
        }
    }
}
