package io.dtf.testkit;

import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FakeWorkerGatewayTest {
    private static final WorkerId W1 = WorkerId.of("w1");
    private static final WorkerInfo WORKER = new WorkerInfo(W1, "w1", "localhost", CapabilitiesBuilder.linux().build(),
            2);

    private final FakeWorkerGateway gateway = new FakeWorkerGateway();

    private static Lease lease(String taskId) {
        Task task = task().id(taskId).build().withState(TaskState.LEASED, 1, W1);
        return new Lease(new TaskAttempt(task.id(), 1), task, TaskBuilder.T0.plusSeconds(30));
    }

    private static TaskAttempt attempt(String taskId, int number) {
        return new TaskAttempt(TaskId.of(taskId), number);
    }

    private void awaitCall(String call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gateway.calls().contains(call)) {
            assertTrue(System.nanoTime() < deadline, "no " + call + " within 10 s: " + gateway.calls());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void aWorkerIsKnownFromItsRegistrationUntilItUnregisters() throws Exception {
        assertNotRegistered(() -> gateway.poll(W1, 1, List.of(), Duration.ZERO));
        gateway.register(WORKER);
        assertEquals(Optional.of(WORKER), gateway.worker(W1));

        gateway.draining(W1);
        gateway.unregister(W1);
        gateway.unregister(W1);

        assertEquals(Optional.empty(), gateway.worker(W1));
        assertNotRegistered(() -> gateway.report(W1, WorkerReports.started(attempt("r1.1", 1))));
        assertNotRegistered(() -> gateway.appendLog(W1, attempt("r1.1", 1), "x"));
        assertNotRegistered(() -> gateway.draining(W1));
        assertEquals(List.of("register w1", "draining w1", "unregister w1", "unregister w1"), gateway.calls());
    }

    @Test
    void aPollAnswersAsSoonAsALeaseIsOffered() throws Exception {
        gateway.register(WORKER);
        CompletableFuture<PollResult> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return gateway.poll(W1, 2, List.of(attempt("r1.9", 1)), Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitCall("poll w1 2 [r1.9#1] PT5M");

        gateway.offer(lease("r1.1"));

        assertEquals(List.of(lease("r1.1")), poll.get(10, TimeUnit.SECONDS).leases(), "long before the 5 minutes");
    }

    @Test
    void aPollWithoutFreeSlotsWaitsOutItsMaxWaitAndLeavesTheLeasesOffered() throws Exception {
        gateway.register(WORKER);
        gateway.offer(lease("r1.1"), lease("r1.2"), lease("r1.3"));
        long start = System.nanoTime();

        PollResult busy = gateway.poll(W1, 0, List.of(), Duration.ofMillis(200));

        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        assertEquals(List.of(), busy.leases());
        assertEquals(List.of(lease("r1.1")), gateway.poll(W1, 1, List.of(), Duration.ZERO).leases(),
                "at most its free slots, in the order offered");
        assertEquals(List.of(lease("r1.2"), lease("r1.3")), gateway.report(W1, WorkerReports.NONE, 5).leases(),
                "a report with free slots takes what is offered");
        assertEquals(List.of(), gateway.report(W1, WorkerReports.NONE, 1).leases());
    }

    @Test
    void reportsAboutStaleAttemptsAreRefusedAndTheOthersTaken() {
        gateway.register(WORKER);
        gateway.stale(attempt("r1.1", 1), attempt("r1.2", 1), attempt("r1.3", 1));
        TaskResult passed = TaskResult.of(TaskState.PASSED, null);
        WorkerReports reports = new WorkerReports(List.of(attempt("r1.1", 1), attempt("r1.1", 2)),
                List.of(new AttemptResult(attempt("r1.2", 1), passed, null),
                        new AttemptResult(attempt("r1.2", 2), TaskResult.of(TaskState.FAILED, "exit 1"), "bye")),
                List.of(attempt("r1.3", 1), attempt("r1.3", 2)));

        assertEquals(List.of(attempt("r1.1", 1), attempt("r1.2", 1), attempt("r1.3", 1)), gateway.report(W1, reports));

        assertEquals(List.of("register w1", "started w1 r1.1#2", "completed w1 r1.2#2 FAILED log bye",
                "returned w1 r1.3#2"), gateway.calls());
        assertEquals(ErrorCode.STALE_ATTEMPT, assertThrows(DtfException.class,
                () -> gateway.completed(W1, attempt("r1.2", 1), passed)).code());
        assertEquals(ErrorCode.STALE_ATTEMPT, assertThrows(DtfException.class,
                () -> gateway.appendLog(W1, attempt("r1.1", 1), 0, "late")).code());
    }

    @Test
    void logChunksAreRecordedWithTheirOffsets() {
        gateway.register(WORKER);

        gateway.appendLog(W1, attempt("r1.1", 1), "hello\n");
        gateway.appendLog(W1, attempt("r1.1", 1), 6, "again\n");

        assertEquals(List.of("register w1", "log w1 r1.1#1 hello\n", "log w1 r1.1#1 @6 again\n"), gateway.calls());
    }

    private static void assertNotRegistered(Executable call) {
        DtfException refused = assertThrows(DtfException.class, call);
        assertEquals(ErrorCode.NOT_FOUND, refused.code());
        assertEquals("worker 'w1' is not registered; register it first", refused.getMessage());
    }
}
