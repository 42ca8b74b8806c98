package io.dtf.coordinator.impl.housekeeping;

import static io.dtf.coordinator.impl.engine.EngineHarness.NO_WAIT;
import static io.dtf.coordinator.impl.engine.EngineHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.plugin.HookType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerState;
import io.dtf.coordinator.impl.engine.EngineHarness;
import io.dtf.coordinator.impl.engine.TaskEngine;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overdue attempts, expired leases and lost workers, on a clock the test moves ahead. The harness's
 * settings: a lease time-out of 30 s, an overdue grace of 1 s, one lost attempt allowed beyond
 * maxAttempts.
 */
class HousekeepingTest {
    private static final WorkerId W1 = WorkerId.of("w1");
    private static final WorkerId W2 = WorkerId.of("w2");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private EngineHarness harness;
    private TaskEngine engine;

    @BeforeEach
    void start() {
        harness = new EngineHarness(dir, name -> new FifoScheduler());
        engine = harness.engine();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private RunId submit(int maxAttempts) {
        return harness.submit("name: p\ntasks:\n  - {name: t1, command: ['true'], timeout: " + TIMEOUT.toSeconds()
                + "s, maxAttempts: " + maxAttempts + "}\n");
    }

    /** The task leased to W1, started there. */
    private Lease runningOnW1() throws InterruptedException {
        harness.register(W1, 1);
        Lease lease = single(harness.poll(W1, 1, List.of()));
        engine.gateway().started(W1, lease.attempt());
        return lease;
    }

    private Task stored(Lease lease) {
        return harness.store.task(lease.task().id()).orElseThrow();
    }

    @Test
    void anAttemptNotReportedWithinItsTimeoutAndTheGraceEndsAsTimedOutAndIsRetriedWhileAttemptsAreLeft()
            throws Exception {
        submit(2);
        Lease lease = runningOnW1();

        harness.clock.advance(TIMEOUT);
        engine.housekeeping();
        assertEquals(TaskState.RUNNING, stored(lease).state(), "within the grace it may still report");

        harness.clock.advance(GRACE.plusMillis(100));
        engine.housekeeping();
        Task task = stored(lease);
        assertEquals(TaskState.QUEUED, task.state(), "one attempt left: queued again");
        AttemptRecord ended = harness.store.attempts(task.id()).get(0);
        assertEquals(TaskState.TIMED_OUT, ended.state());
        assertTrue(ended.message().startsWith("no result within the timeout of PT5S and a grace of PT1S"),
                ended.message());
        harness.awaitEvent(HookType.TASK_RETRIED);

        PollResult told = engine.gateway().poll(W1, 0, List.of(lease.attempt()), NO_WAIT);
        assertEquals(List.of(lease.attempt()), told.cancel(), "its worker is told to stop it");
        assertEquals(List.of(), told.leases(), "and its slot stays taken while the worker still runs it");
        Lease again = single(harness.poll(W1, 1, List.of()));
        assertEquals(2, again.attempt().attempt());
    }

    @Test
    void anOverdueLastAttemptEndsTheTaskAsTimedOut() throws Exception {
        RunId run = submit(1);
        Lease lease = runningOnW1();

        harness.clock.advance(TIMEOUT.plus(GRACE).plusMillis(100));
        engine.housekeeping();

        assertEquals(TaskState.TIMED_OUT, stored(lease).state());
        Duration ran = stored(lease).result().duration();
        assertTrue(ran.compareTo(TIMEOUT.plus(GRACE)) > 0, "it ran past its timeout and the grace: " + ran);
        assertEquals(RunState.FAILED, harness.store.runSummary(run).orElseThrow().state());
        harness.awaitEvent(HookType.TASK_TIMED_OUT);
        harness.awaitEvent(HookType.RUN_COMPLETED);
    }

    @Test
    void anAttemptLeasedButNeverStartedIsNotOverdueWhileItsWorkerPolls() throws Exception {
        submit(1);
        harness.register(W1, 1);
        Lease lease = single(harness.poll(W1, 1, List.of()));

        harness.clock.advance(TIMEOUT.plus(GRACE).plusSeconds(1));
        engine.gateway().poll(W1, 0, List.of(lease.attempt()), NO_WAIT);
        engine.housekeeping();

        assertEquals(TaskState.LEASED, stored(lease).state());
    }

    @Test
    void aLeaseItsWorkerNoLongerListsExpiresAndTheTaskGoesToAnotherWorker() throws Exception {
        submit(1);
        Lease lease = runningOnW1();

        harness.clock.advance(Duration.ofSeconds(31));
        assertEquals(List.of(), engine.gateway().poll(W1, 0, List.of(), NO_WAIT).leases(), "alive, but without the attempt");
        engine.housekeeping();

        AttemptRecord lost = harness.store.attempts(lease.task().id()).get(0);
        assertEquals(TaskState.ERROR, lost.state());
        assertEquals("the lease on worker w1 expired", lost.message());
        harness.register(W2, 1);
        Lease again = single(harness.poll(W2, 1, List.of()));
        assertEquals(lease.task().id(), again.task().id());
        harness.runToEnd(W2, again, TaskState.PASSED);
        assertEquals(TaskState.PASSED, stored(lease).state());
    }

    @Test
    void aSilentWorkerIsLostItsAttemptsRunAgainUpToTheAllowanceAndItIsForgottenAfterAnHour() throws Exception {
        RunId run = submit(1);
        Lease first = runningOnW1();
        harness.register(W2, 1);

        harness.clock.advance(Duration.ofSeconds(31));
        engine.gateway().poll(W2, 0, List.of(), NO_WAIT); // W2 stays alive
        engine.housekeeping();
        assertEquals(WorkerState.LOST, state(W1));
        harness.awaitEvent(HookType.WORKER_FAILED);
        assertEquals("worker w1 was lost", harness.store.attempts(first.task().id()).get(0).message());

        Lease second = single(harness.poll(W2, 1, List.of()));
        engine.gateway().started(W2, second.attempt());
        harness.clock.advance(Duration.ofSeconds(31)); // W2 is lost too: the allowance of one is spent
        engine.housekeeping();
        Task task = stored(first);
        assertEquals(TaskState.ERROR, task.state());
        assertEquals("worker w2 was lost; giving up after 2 attempts", task.result().message());
        assertEquals(RunState.FAILED, harness.store.runSummary(run).orElseThrow().state());

        harness.clock.advance(Duration.ofHours(1));
        engine.housekeeping();
        assertTrue(engine.workers().isEmpty(), "lost workers are forgotten: " + engine.workers());
    }

    private WorkerState state(WorkerId id) {
        return engine.workers().stream().filter(w -> w.info().id().equals(id)).findFirst().orElseThrow().state();
    }
}
