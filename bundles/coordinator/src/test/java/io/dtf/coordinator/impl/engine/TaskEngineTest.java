package io.dtf.coordinator.impl.engine;

import static io.dtf.coordinator.impl.engine.EngineHarness.LINUX;
import static io.dtf.coordinator.impl.engine.EngineHarness.NO_WAIT;
import static io.dtf.coordinator.impl.engine.EngineHarness.inThread;
import static io.dtf.coordinator.impl.engine.EngineHarness.plan;
import static io.dtf.coordinator.impl.engine.EngineHarness.result;
import static io.dtf.coordinator.impl.engine.EngineHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.coordinator.impl.engine.EngineHarness.InThread;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a real H2 store: dispatch, fencing, retries, loss, cancellation and recovery. */
class TaskEngineTest {
    private static final WorkerId W1 = WorkerId.of("w1");
    private static final WorkerId W2 = WorkerId.of("w2");

    @TempDir
    Path dir;

    private EngineHarness harness;
    private JdbcTaskStore store;
    private TaskEngine engine;
    private List<DtfEvent> seen;

    @BeforeEach
    void start() {
        harness = new EngineHarness(dir, name -> new FifoScheduler());
        store = harness.store;
        engine = harness.engine();
        seen = harness.events;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void givesTasksToFreeSlotsInSubmissionOrderAndCompletesTheRun() throws Exception {
        RunId run = harness.submit(plan(3, 1));
        harness.register(W1, 2);

        List<Lease> first = harness.poll(W1, 2, List.of());
        assertEquals(List.of("t1", "t2"), first.stream().map(l -> l.task().name()).toList());
        assertEquals(1, first.get(0).attempt().attempt());
        assertEquals(TaskState.LEASED, store.task(first.get(0).task().id()).orElseThrow().state());

        harness.runToEnd(W1, first.get(0), TaskState.PASSED);
        List<Lease> second = harness.poll(W1, 1, List.of(first.get(1).attempt()));
        assertEquals(List.of("t3"), second.stream().map(l -> l.task().name()).toList());
        harness.runToEnd(W1, first.get(1), TaskState.PASSED);
        harness.runToEnd(W1, second.get(0), TaskState.FAILED);

        assertEquals(RunState.FAILED, store.runSummary(run).orElseThrow().state());
        harness.awaitEvent(HookType.RUN_COMPLETED);
        assertEquals(1, seen.stream().filter(e -> e.type() == HookType.RUN_COMPLETED).count());
        // an ended attempt tells metrics what they need without a read of the task
        DtfEvent failed = seen.stream().filter(e -> e.type() == HookType.TASK_FAILED).findFirst().orElseThrow();
        assertEquals("t3", failed.get(EventData.NAME));
        assertEquals("command", failed.get(EventData.TASK_TYPE));
        assertEquals(5L, failed.get(EventData.DURATION_MILLIS));
        assertEquals(0, failed.get(EventData.TEST_CASES));
    }

    @Test
    void reportsOfManyAttemptsTravelTogetherAndEachIsFencedOnItsOwn() throws Exception {
        RunId run = harness.submit(plan(4, 1));
        harness.register(W1, 4);
        List<Lease> leases = harness.poll(W1, 4, List.of());
        assertEquals(4, leases.size());
        TaskAttempt a1 = leases.get(0).attempt();
        TaskAttempt a2 = leases.get(1).attempt();
        TaskAttempt a3 = leases.get(2).attempt();
        TaskAttempt a4 = leases.get(3).attempt();
        TaskAttempt notOurs = new TaskAttempt(a4.task(), 7);
        engine.cancel(List.of(a3.task()), "not needed");
        assertLiveSummaryIsTheStoredOne(run);

        // starts and ends of several attempts, one of them twice, one cancelled meanwhile, one unknown
        List<TaskAttempt> refused = engine.gateway().report(W1, new WorkerReports(List.of(a1, a2, a3, notOurs),
                List.of(new AttemptResult(a1, withTestCases(TaskState.PASSED, TestCaseStatus.PASSED, TestCaseStatus.FAILED),
                        "the whole log\n"), new AttemptResult(a3, result(TaskState.PASSED)))));
        assertLiveSummaryIsTheStoredOne(run);
        assertEquals(Set.of(a3, notOurs), Set.copyOf(refused));
        assertEquals(TaskState.PASSED, store.task(a1.task()).orElseThrow().state());
        assertEquals("the whole log\n", Files.readString(engine.logFile(a1)), "a log end travels with its result");
        assertEquals(TaskState.RUNNING, store.task(a2.task()).orElseThrow().state());
        assertEquals(TaskState.CANCELLED, store.task(a3.task()).orElseThrow().state());
        assertEquals(List.of(), engine.gateway().report(W1, new WorkerReports(List.of(a2), List.of())),
                "a start reported again (a retried request) is taken and changes nothing");
        assertLiveSummaryIsTheStoredOne(run);
        assertEquals(2, engine.liveSummary(run).orElseThrow().testCases());
        assertEquals(1, engine.liveSummary(run).orElseThrow().failedTestCases());

        // the rest in the next poll, which then waits as any poll does
        PollResult answer = engine.gateway().poll(W1, new WorkerReports(List.of(a4), List.of(
                new AttemptResult(a2, result(TaskState.FAILED)), new AttemptResult(a4, result(TaskState.PASSED)),
                new AttemptResult(a1, result(TaskState.FAILED)))), 4, List.of(), Duration.ofMillis(50));
        assertEquals(List.of(a1), answer.refused(), "an attempt that ended already cannot end again");
        assertEquals(TaskState.FAILED, store.task(a2.task()).orElseThrow().state());
        assertEquals(TaskState.PASSED, store.task(a4.task()).orElseThrow().state());
        assertEquals(TaskState.PASSED, store.task(a1.task()).orElseThrow().state());
        assertNotNull(store.task(a4.task()).orElseThrow().startedAt());
        assertEquals(RunState.FAILED, store.runSummary(run).orElseThrow().state());
        assertTrue(engine.liveSummary(run).isEmpty(), "a finished run's summary comes from the store");
        harness.awaitEvent(HookType.RUN_COMPLETED);
        assertEquals(3, seen.stream().filter(e -> e.type() == HookType.TASK_STARTED).count(), seen.toString());
    }

    @Test
    void aStartAloneIsWrittenWithTheNextWriteOrWithinASecond() throws Exception {
        RunId run = harness.submit(plan(2, 1));
        harness.register(W1, 2);
        List<Lease> leases = harness.poll(W1, 2, List.of());
        TaskAttempt a1 = leases.get(0).attempt();
        TaskAttempt a2 = leases.get(1).attempt();
        assertEquals(List.of(), engine.gateway().report(W1, new WorkerReports(List.of(a1, a2), List.of())));
        assertEquals(TaskState.RUNNING, engine.liveSummary(run).orElseThrow().counts().byState().keySet().stream()
                .filter(s -> s == TaskState.RUNNING).findFirst().orElseThrow(), "running at once for the coordinator");
        engine.gateway().completed(W1, a1, result(TaskState.PASSED));
        Task first = store.task(a1.task()).orElseThrow();
        assertNotNull(first.startedAt(), "the start went with the end");
        assertEquals(TaskState.RUNNING, store.task(a2.task()).orElseThrow().state(), "and so did the other start");
        engine.gateway().completed(W1, a2, result(TaskState.PASSED));
        RunId second = harness.submit(plan(1, 1));
        TaskAttempt a3 = harness.poll(W1, 2, List.of()).get(0).attempt();
        engine.gateway().started(W1, a3);
        engine.housekeeping();
        assertEquals(TaskState.RUNNING, store.task(a3.task()).orElseThrow().state(), "written by housekeeping");
        assertEquals(engine.liveSummary(second).orElseThrow(), store.runSummary(second).orElseThrow());
        assertEquals(3, harness.count(HookType.TASK_STARTED), "published as each start was taken");
    }

    @Test
    void anEndReportedWithAFreeSlotIsAnsweredWithTheNextLeaseWhileThePollInFlightWaitsOn() throws Exception {
        RunId run = harness.submit(plan(3, 1));
        harness.register(W1, 1);
        Lease first = harness.poll(W1, 1, List.of()).get(0);
        // the worker's poll in flight while its only slot is busy: it must leave the next lease to the report
        InThread<PollResult> inFlight = inThread(
                () -> engine.gateway().poll(W1, 0, List.of(first.attempt()), Duration.ofSeconds(1)));
        harness.awaitPollWaiting(W1);
        // a short task: its start held back and sent with its end, which took 40 ms on the worker
        TaskResult passed = new TaskResult(TaskState.PASSED, Duration.ofMillis(40), 0, null, List.of(), List.of(),
                null, null, null);
        Instant before = Instant.now();
        PollResult answer = engine.gateway().report(W1, new WorkerReports(List.of(first.attempt()),
                List.of(new AttemptResult(first.attempt(), passed))), 1);
        assertEquals(List.of(), answer.refused());
        assertEquals(1, answer.leases().size(), "the next task came with the answer");
        assertEquals(TaskState.LEASED, store.task(answer.leases().get(0).attempt().task()).orElseThrow().state());
        Task done = store.task(first.attempt().task()).orElseThrow();
        assertEquals(TaskState.PASSED, done.state());
        assertTrue(done.startedAt().isBefore(before) && !done.startedAt().isBefore(before.minus(Duration.ofMillis(41))),
                "dated from its duration, not from when the report came: " + done.startedAt() + " vs " + before);
        assertEquals(List.of(), inFlight.get().leases(), "the poll in flight did not take it");
        // nothing queued that fits: the report is answered without waiting for work
        PollResult second = engine.gateway().report(W1, WorkerReports.completed(answer.leases().get(0).attempt(), passed), 1);
        assertEquals(1, second.leases().size());
        long start = System.nanoTime();
        PollResult last = engine.gateway().report(W1, WorkerReports.completed(second.leases().get(0).attempt(), passed), 1);
        assertEquals(List.of(), last.leases());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "an empty queue is not waited on");
        assertEquals(3, store.runSummary(run).orElseThrow().counts().byState().get(TaskState.PASSED));
    }

    @Test
    void shortTasksGoAheadOfAWorkersSlotsOnlyWhenNoFreeSlotAnywhereTakesThemAndNoFurtherThanItsPrefetch()
            throws Exception {
        engine.gateway().register(new WorkerInfo(W1, "w1", "localhost", LINUX, 1, 3)); // one slot, three tasks ahead
        harness.register(W2, 1);
        assertEquals(List.of(), engine.gateway().poll(W1, 4, List.of(), NO_WAIT).leases(), "nothing queued yet");
        harness.submit(plan(7, 1));
        // both slots are free: one task each, though W1 asked for four
        Lease onW1 = single(harness.poll(W1, 4, List.of()));
        Lease onW2 = single(harness.poll(W2, 1, List.of()));
        assertEquals(List.of(), engine.gateway().poll(W1, 3, List.of(onW1.attempt()), NO_WAIT).leases(),
                "nothing is known of how long these tasks take: they wait for a free slot");

        harness.runToEnd(W2, onW2, TaskState.PASSED); // 5 ms: the run's tasks are short
        assertEquals(1, harness.poll(W2, 1, List.of()).size(), "the free slot first");
        List<Lease> ahead = harness.poll(W1, 3, List.of(onW1.attempt()));
        assertEquals(3, ahead.size(), "three held ahead of W1's running task: " + ahead);
        assertEquals(1, engine.workers().stream().filter(w -> w.info().id().equals(W1)).findFirst().orElseThrow()
                .busySlots(), "a worker shows its slots busy, not the tasks waiting for them");
        List<TaskAttempt> held = Stream.concat(Stream.of(onW1), ahead.stream()).map(Lease::attempt).toList();
        assertEquals(List.of(), engine.gateway().poll(W1, 1, held, NO_WAIT).leases(),
                "no more than slots and prefetch, whatever the worker asks for");
        assertEquals(1, store.runSummary(onW1.task().runId()).orElseThrow().counts().byState().get(TaskState.QUEUED));
    }

    @Test
    void anAttemptHandedBackUnstartedIsQueuedAgainWithoutSpendingAnAttempt() throws Exception {
        RunId run = harness.submit(plan(3, 1));
        engine.gateway().register(new WorkerInfo(W1, "w1", "localhost", LINUX, 1, 2));
        List<Lease> held = harness.poll(W1, 3, List.of());
        assertEquals(1, held.size(), "nothing is known of the run yet: only the slot");
        Lease first = held.get(0);
        harness.runToEnd(W1, first, TaskState.PASSED); // short: now two can wait ahead
        List<Lease> next = harness.poll(W1, 3, List.of());
        assertEquals(2, next.size(), "one for the slot and one ahead: " + next);
        Lease running = next.get(0);
        Lease ahead = next.get(1);
        engine.gateway().started(W1, running.attempt());
        harness.clock.advance(WorkerInfo.SHORT_TASK.plusMillis(20)); // the running task turns out long

        // the running one turned out long: the worker hands back the one it held, and a started one is refused
        List<TaskAttempt> refused = engine.gateway().report(W1, new WorkerReports(List.of(), List.of(),
                List.of(ahead.attempt(), running.attempt())));
        assertEquals(List.of(running.attempt()), refused, "a started attempt is not taken back");
        Task back = store.task(ahead.attempt().task()).orElseThrow();
        assertEquals(TaskState.QUEUED, back.state());
        assertEquals(0, back.attempt(), "no attempt spent");
        assertEquals(List.of(), store.attempts(back.id()),
                "the attempt that never ran left no record");

        // the run's long task counts now: its tasks wait for a free slot rather than go ahead on W1 again
        assertEquals(List.of(), engine.gateway().poll(W1, 2, List.of(running.attempt()), Duration.ofMillis(300)).leases());
        harness.register(W2, 1);
        Lease again = single(harness.poll(W2, 1, List.of()));
        assertEquals(ahead.attempt(), again.attempt(), "the same task, as its first attempt, on the free slot");
        assertEquals(List.of(ahead.attempt()), engine.gateway().report(W1, new WorkerReports(List.of(), List.of(),
                List.of(ahead.attempt()))), "a hand-back sent again is refused: the attempt is no longer W1's");
        harness.runToEnd(W2, again, TaskState.PASSED);
        harness.runToEnd(W1, running, TaskState.PASSED);
        assertEquals(RunState.PASSED, store.runSummary(run).orElseThrow().state());
    }

    /** The engine's live progress of a run is what the store's query over its tasks says. */
    private void assertLiveSummaryIsTheStoredOne(RunId run) {
        RunSummary stored = store.runSummary(run).orElseThrow();
        assertEquals(stored, engine.liveSummary(run).orElseThrow());
    }

    private static TaskResult withTestCases(TaskState state, TestCaseStatus... cases) {
        List<TestCaseResult> testCases = new java.util.ArrayList<>();
        for (TestCaseStatus status : cases) {
            testCases.add(new TestCaseResult("suite", "C", "case" + testCases.size(), status, Duration.ofMillis(1),
                    null, null, false));
        }
        return new TaskResult(state, Duration.ofMillis(5), 0, null, testCases, List.of(), null, null, null);
    }

    @Test
    void aPollInterruptedWhileItWaitsStillAnswersWhatBecameOfItsReports() throws Exception {
        harness.register(W1, 1);
        TaskAttempt unknown = new TaskAttempt(io.dtf.api.task.TaskId.of("r99.1"), 1);
        record Answer(PollResult poll, boolean stillInterrupted) {
        }
        // an InterruptedException thrown instead fails get(): the reports were taken, the poll must say
        // what became of them
        InThread<Answer> poller = inThread(() -> new Answer(engine.gateway().poll(W1, new WorkerReports(List.of(),
                List.of(new AttemptResult(unknown, result(TaskState.PASSED)))), 0, List.of(), Duration.ofSeconds(10)),
                Thread.currentThread().isInterrupted()));
        harness.awaitPollWaiting(W1);
        poller.thread().interrupt(); // the worker stops: its reports must not be sent again
        Answer answer = poller.get();
        assertEquals(List.of(unknown), answer.poll().refused());
        assertTrue(answer.stillInterrupted(), "the interrupt is kept for the caller");
    }

    @Test
    void anIdlePollIsAnsweredAsSoonAsWorkArrives() throws Exception {
        harness.register(W1, 1);
        InThread<PollResult> poller = inThread(() -> engine.gateway().poll(W1, 1, List.of(), Duration.ofSeconds(10)));
        harness.awaitPollWaiting(W1);
        long submitted = System.nanoTime();
        harness.submit(plan(1, 1));
        PollResult answer = poller.get();
        long answeredAfterMillis = (System.nanoTime() - submitted) / 1_000_000;
        assertEquals(1, answer.leases().size(), "the new task");
        assertTrue(answeredAfterMillis < 5_000, "answered " + answeredAfterMillis + " ms after the submission");
    }

    @Test
    void aTaskWaitsForAWorkerThatRunsItsTypeAndHasItsRequirementsAndSaysWhy() throws Exception {
        engine.gateway().register(new WorkerInfo(W1, "w1", "localhost", LINUX.withTaskTypes(Set.of("junit")), 2));
        RunId run = harness.submit("name: p\ntasks:\n  - {name: plain, command: ['true']}\n"
                + "  - {name: gpu, command: ['true'], requirements: {labels: [gpu]}}\n");
        assertEquals(List.of(), engine.gateway().poll(W1, 2, List.of(), Duration.ofMillis(300)).leases(),
                "W1 runs junit tasks only");
        List<Task> waiting = engine.withWaitingReasons(store.tasks(new TaskQuery(run, Set.of(), null, null)));
        assertEquals(List.of("no connected worker runs command tasks", "no connected worker runs command tasks"),
                waiting.stream().map(Task::waiting).toList());

        harness.register(W2, 2); // runs every type: it does not say
        Lease plain = single(harness.poll(W2, 2, List.of()));
        assertEquals("plain", plain.task().name(), "the task without a label, never the one that needs gpu");
        Task gpu = engine.withWaitingReasons(store.tasks(new TaskQuery(run, Set.of(TaskState.QUEUED), null, null)))
                .get(0);
        assertEquals("no connected worker has label gpu", gpu.waiting(), "it waits, it does not fail");
        harness.runToEnd(W2, plain, TaskState.PASSED);
        assertEquals(TaskState.QUEUED, store.task(gpu.id()).orElseThrow().state());
        assertEquals(null, engine.withWaitingReasons(List.of(store.task(plain.task().id()).orElseThrow())).get(0)
                .waiting(), "only queued tasks wait");
    }

    @Test
    void aFailedAttemptIsRetriedAndTheOldAttemptsReportIsRefused() throws Exception {
        harness.submit(plan(1, 2));
        harness.register(W1, 1);
        Lease first = harness.poll(W1, 1, List.of()).get(0);
        harness.runToEnd(W1, first, TaskState.FAILED);

        Lease second = harness.poll(W1, 1, List.of()).get(0);
        assertEquals(2, second.attempt().attempt());
        DtfException late = assertThrows(DtfException.class,
                () -> engine.gateway().completed(W1, first.attempt(), result(TaskState.PASSED)));
        assertEquals(ErrorCode.STALE_ATTEMPT, late.code());

        harness.runToEnd(W1, second, TaskState.PASSED);
        Task task = store.task(second.task().id()).orElseThrow();
        assertEquals(TaskState.PASSED, task.state());
        List<AttemptRecord> attempts = store.attempts(task.id());
        assertEquals(List.of(TaskState.FAILED, TaskState.PASSED), attempts.stream().map(AttemptRecord::state).toList());
        harness.awaitEvent(HookType.TASK_RETRIED);
    }

    @Test
    void theTasksOfALostWorkerGoToAnotherWorker() throws Exception {
        engine = harness.restart(harness.settings(Duration.ofSeconds(2)));
        harness.submit(plan(1, 1));
        harness.register(W1, 1);
        Lease lost = harness.poll(W1, 1, List.of()).get(0);
        engine.gateway().started(W1, lost.attempt());
        harness.register(W2, 1);

        // W1 stops polling; W2 keeps polling and gets the task once W1's lease has expired
        Lease again = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (again == null && System.nanoTime() < deadline) {
            List<Lease> leases = harness.poll(W2, 1, List.of());
            again = leases.isEmpty() ? null : leases.get(0);
        }
        assertTrue(again != null, "the task was queued again");
        assertEquals(2, again.attempt().attempt());
        assertEquals(lost.task().id(), again.task().id());
        harness.runToEnd(W2, again, TaskState.PASSED);
        assertEquals(TaskState.PASSED, store.task(again.task().id()).orElseThrow().state());
        assertThrows(DtfException.class, () -> engine.gateway().completed(W1, lost.attempt(), result(TaskState.PASSED)));
        harness.awaitEvent(HookType.WORKER_FAILED);
    }

    @Test
    void cancellingARunningTaskTellsItsWorkerAndEndsItAtOnce() throws Exception {
        harness.submit(plan(1, 1));
        harness.register(W1, 1);
        Lease lease = harness.poll(W1, 1, List.of()).get(0);
        engine.gateway().started(W1, lease.attempt());

        assertEquals(1, engine.cancel(List.of(lease.task().id()), "by test"));
        assertEquals(TaskState.CANCELLED, store.task(lease.task().id()).orElseThrow().state());
        PollResult next = engine.gateway().poll(W1, 0, List.of(lease.attempt()), NO_WAIT);
        assertEquals(List.of(lease.attempt()), next.cancel());
        assertThrows(DtfException.class, () -> engine.gateway().completed(W1, lease.attempt(), result(TaskState.CANCELLED)));
        assertEquals(0, engine.cancel(List.of(lease.task().id()), "twice"));
    }

    @Test
    void aTaskCancelledWhileItRunsKeepsWhenItStartedAndHowLongItRan() throws Exception {
        harness.submit(plan(1, 1));
        harness.register(W1, 1);
        Lease lease = harness.poll(W1, 1, List.of()).get(0);
        engine.gateway().started(W1, lease.attempt()); // a start alone waits for the next write
        harness.clock.advance(Duration.ofSeconds(2));

        assertEquals(1, engine.cancel(List.of(lease.task().id()), "by test"));
        Task cancelled = store.task(lease.task().id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertNotNull(cancelled.startedAt(), "the start was written with the cancel");
        Duration ran = cancelled.result().duration();
        assertTrue(ran.compareTo(Duration.ofSeconds(2)) >= 0 && ran.compareTo(Duration.ofSeconds(10)) < 0,
                "it ran 2 s: " + ran);
    }

    @Test
    void afterARestartQueuedTasksWaitAgainAndAttemptsTheWorkerNoLongerRunsRunAgain() throws Exception {
        RunId run = harness.submit(plan(3, 1));
        harness.register(W1, 1);
        Lease interrupted = harness.poll(W1, 1, List.of()).get(0);
        engine.gateway().started(W1, interrupted.attempt());

        // the coordinator goes away with an attempt running and two tasks queued
        engine = harness.restart(harness.settings(Duration.ofSeconds(30)));
        assertEquals(2, engine.queued());
        assertEquals(TaskState.RUNNING, store.task(interrupted.task().id()).orElseThrow().state());

        harness.register(W1, 3); // the worker restarted too: it runs nothing, and says so at its first poll
        List<Lease> leases = new java.util.ArrayList<>();
        for (int polls = 0; polls < 10 && leases.size() < 3; polls++) {
            leases.addAll(harness.poll(W1, 3 - leases.size(), leases.stream().map(Lease::attempt).toList()));
        }
        assertEquals(3, leases.size());
        Lease rerun = leases.stream().filter(l -> l.task().id().equals(interrupted.task().id())).findFirst()
                .orElseThrow();
        assertEquals(2, rerun.attempt().attempt());
        assertThrows(DtfException.class,
                () -> engine.gateway().completed(W1, interrupted.attempt(), result(TaskState.PASSED)));
        leases.forEach(lease -> harness.runToEnd(W1, lease, TaskState.PASSED));
        assertEquals(RunState.PASSED, store.runSummary(run).orElseThrow().state());
        assertEquals(3, store.runSummary(run).orElseThrow().counts().get(TaskState.PASSED));
    }

    @Test
    void aWorkerThatKeptRunningAcrossACoordinatorRestartReportsWhatItFinished() throws Exception {
        harness.submit(plan(1, 1));
        harness.register(W1, 1);
        Lease lease = harness.poll(W1, 1, List.of()).get(0);
        engine.gateway().started(W1, lease.attempt());

        engine = harness.restart(harness.settings(Duration.ofSeconds(30)));
        harness.register(W1, 1); // the worker reconnects, still running its attempt
        assertEquals(List.of(), engine.gateway().poll(W1, 0, List.of(lease.attempt()), NO_WAIT).cancel());
        engine.gateway().completed(W1, lease.attempt(), result(TaskState.PASSED));

        Task task = store.task(lease.task().id()).orElseThrow();
        assertEquals(TaskState.PASSED, task.state());
        assertEquals(1, task.attempt(), "the attempt that ran across the restart counts; nothing ran twice");
    }

}
