package io.dtf.notify.impl.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.TaskId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final RunId RUN = RunId.of("r7");

    @TempDir
    Path directory;

    @Test
    void eventsAreProcessedInTheirOrderInBatchesAndTheirFilesGoOnceProcessed() throws Exception {
        BlockingQueue<List<DtfEvent>> batches = new LinkedBlockingQueue<>();
        CountDownLatch allTaken = new CountDownLatch(1);
        Intake intake = new Intake(directory, batch -> {
            try {
                allTaken.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            batches.add(batch);
        });
        intake.start();
        int count = Intake.SEGMENT_EVENTS + 10;
        for (int i = 1; i <= count; i++) {
            intake.append(taskFailed(i));
        }
        assertEquals(2, files(), "the events of a full file go on in a new one");
        allTaken.countDown();
        waitFor(() -> intake.pending() == 0);
        intake.close();

        List<String> ids = new ArrayList<>();
        batches.forEach(batch -> {
            assertTrue(batch.size() <= Intake.BATCH, batch.size() + " events in a batch");
            batch.forEach(e -> ids.add(e.id()));
        });
        assertEquals(count, ids.size());
        assertEquals(taskFailed(1).id(), ids.get(0));
        assertEquals(taskFailed(count).id(), ids.get(count - 1));
        assertEquals(1, files(), "a file whose events were all processed goes");
        assertEquals(0, bytesOnDisk(), "the processed events are not kept");
    }

    @Test
    void whatWasTakenAndNotProcessedIsProcessedAfterARestartWithoutALineCutShortByACrash() throws Exception {
        Intake stuck = new Intake(directory, batch -> {
            throw new IllegalStateException("the store is down");
        });
        stuck.start();
        DtfEvent completed = new DtfEvent(HookType.RUN_COMPLETED, T0, RUN, null, null, Severity.ERROR,
                Map.of("state", "FAILED", "report", new RunReport(null, null, List.of(), 0, null)));
        stuck.append(taskFailed(1));
        stuck.append(completed);
        stuck.close();
        assertThrows(IllegalStateException.class, () -> stuck.append(taskFailed(3)), "closed: the coordinator retries");
        try (Stream<Path> files = Files.list(directory)) {
            Files.writeString(files.findFirst().orElseThrow(), "{\"id\":\"r7.9:1:TASK_F", StandardOpenOption.APPEND);
        }

        BlockingQueue<List<DtfEvent>> batches = new LinkedBlockingQueue<>();
        Intake again = new Intake(directory, batches::add);
        assertEquals(2, again.pending());
        again.start();
        List<DtfEvent> replayed = batches.poll(10, TimeUnit.SECONDS);
        waitFor(() -> again.pending() == 0);
        again.close();
        assertEquals(List.of(taskFailed(1), completed.id()), List.of(replayed.get(0), replayed.get(1).id()),
                "a task failure comes back as it was taken");
        assertEquals("FAILED", replayed.get(1).get(EventData.STATE));
        assertNull(replayed.get(1).get(EventData.REPORT), "a report is read from the store again");
        assertEquals(2, replayed.size(), "the line cut short was never taken");
    }

    @Test
    void aBatchThatFailsIsTriedAgainAndAFullIntakeMakesTheHookWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> processed = new LinkedBlockingQueue<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        AtomicLong failedAt = new AtomicLong();
        AtomicLong retriedAt = new AtomicLong();
        Intake intake = new Intake(directory, batch -> {
            if (failedOnce.compareAndSet(false, true)) {
                failedAt.set(System.nanoTime());
                throw new IllegalStateException("the store is down");
            }
            retriedAt.compareAndSet(0, System.nanoTime());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            batch.forEach(e -> processed.add(e.id()));
        });
        intake.start();
        for (int i = 1; i <= Intake.PENDING_LIMIT; i++) {
            intake.append(taskFailed(i));
        }
        CompletableFuture<Void> appended = new CompletableFuture<>();
        Thread hook = new Thread(() -> {
            try {
                intake.append(taskFailed(Intake.PENDING_LIMIT + 1));
                appended.complete(null);
            } catch (InterruptedException | RuntimeException e) {
                appended.completeExceptionally(e);
            }
        });
        hook.start();
        waitFor(() -> hook.getState() == Thread.State.WAITING);
        assertEquals(Intake.PENDING_LIMIT, intake.pending(), "the next event waits for room");
        release.countDown();
        appended.get(30, TimeUnit.SECONDS);
        waitFor(() -> intake.pending() == 0);
        intake.close();
        assertTrue(retriedAt.get() - failedAt.get() >= TimeUnit.MILLISECONDS.toNanos(900),
                "the retry waits a second, however many events come meanwhile");
        assertEquals(Intake.PENDING_LIMIT + 1, processed.size(), "the failed batch once, after its retry");
        assertEquals(taskFailed(1).id(), processed.peek());
    }

    private long files() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    private long bytesOnDisk() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(5);
        }
    }

    private static DtfEvent taskFailed(int task) {
        return new DtfEvent(HookType.TASK_FAILED, T0, RUN, TaskId.of(RUN, task), null, Severity.ERROR,
                Map.of("name", "task-" + task, "attempt", 1, "state", "FAILED"));
    }
}
