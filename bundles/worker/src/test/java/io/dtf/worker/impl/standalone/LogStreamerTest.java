package io.dtf.worker.impl.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.executor.LogSink;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.log.AttemptLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStreamerTest {
    private static final WorkerId W = WorkerId.of("w");
    private static final TaskAttempt A = new TaskAttempt(TaskId.of("r1.1"), 1);

    /** Takes log chunks, failing the first {@code failures} calls, or refusing them all as stale. */
    static final class Recorder implements WorkerGateway {
        final List<String> chunks = new ArrayList<>();
        int failures;
        boolean stale;
        int calls;
        int offsetsOutOfOrder;

        synchronized String text() {
            return String.join("", chunks);
        }

        synchronized int calls() {
            return calls;
        }

        @Override
        public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
            if (offset != text().getBytes(StandardCharsets.UTF_8).length) {
                offsetsOutOfOrder++; // each chunk must start where the last one taken ended
            }
            appendLog(worker, attempt, text);
        }

        @Override
        public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
            calls++;
            if (stale) {
                throw new DtfException(ErrorCode.STALE_ATTEMPT, attempt + " is no longer current");
            }
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("coordinator down");
            }
            chunks.add(text);
        }

        @Override
        public void register(WorkerInfo worker) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                               Duration maxWait) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void draining(WorkerId worker) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unregister(WorkerId worker) {
            throw new UnsupportedOperationException();
        }
    }

    @TempDir
    Path dir;

    private final Recorder recorder = new Recorder();
    private final LogStreamer streamer = new LogStreamer(recorder, W);

    @AfterEach
    void close() {
        streamer.close();
    }

    @Test
    void linesReachTheCoordinatorWhileTheAttemptRunsAndTheRestAtTheEnd() throws Exception {
        Path file = dir.resolve("a.log");
        AttemptLog local = new AttemptLog(file);
        try (local) {
            local.line("[dtf] header written before the executor");
            LogSink sink = streamer.follow(A, local);
            sink.line("one");
            long start = System.nanoTime();
            TestTasks.await("the first lines are sent", Duration.ofSeconds(2), () -> recorder.text().contains("one\n"));
            // the first tick after the attempt has run a whole tick: within two ticks, and some slack for a busy machine
            assertTrue(System.nanoTime() - start < 3 * LogStreamer.TICK.toNanos(), "sent within about two ticks");
            assertTrue(recorder.text().startsWith("[dtf] header written before the executor\n"), recorder.text());
            sink.line("two");
            local.line("[dtf] written by the agent after the executor");
        }
        String rest = streamer.finish(A, Duration.ofSeconds(5));
        assertEquals(all(local), recorder.text() + rest);
        assertTrue(rest.endsWith("[dtf] written by the agent after the executor\n"), rest);
        assertEquals(0, streamer.streaming());
    }

    @Test
    void aShortLogInItsFileTravelsWithTheResultInsteadOfInARequest() throws Exception {
        Path file = dir.resolve("short.log");
        AttemptLog local = new AttemptLog(file);
        try (local) {
            streamer.follow(A, local).line("all of it");
            local.file(); // as the agent keeps the log of an attempt that did not pass
            // a task shorter than a tick: a tick that comes while it runs leaves its log alone
            Thread.sleep(LogStreamer.TICK.toMillis() - 50);
        }
        assertEquals("all of it\n", streamer.finish(A, Duration.ofSeconds(5)));
        assertEquals(0, recorder.calls());
        assertEquals(null, streamer.finish(A, Duration.ofSeconds(5)), "handed over once");
    }

    @Test
    void aShortLogStillInMemoryTravelsOnlyInTheResultsTail() throws Exception {
        AttemptLog local = new AttemptLog(dir.resolve("memory.log"));
        try (local) {
            streamer.follow(A, local).line("all of it");
        }
        assertEquals(null, streamer.finish(A, Duration.ofSeconds(5)));
        assertEquals(0, recorder.calls());
        assertEquals("all of it", local.tail());
        assertFalse(Files.exists(dir.resolve("memory.log")));
    }

    /** All the log holds, wherever it is. */
    private static String all(AttemptLog log) throws IOException {
        return new String(log.read(0, (int) log.size()), StandardCharsets.UTF_8);
    }

    @Test
    void whileTheCoordinatorIsDownNothingIsLostOrSentTwice() throws Exception {
        Path file = dir.resolve("b.log");
        recorder.failures = 3;
        AttemptLog local = new AttemptLog(file);
        try (local) {
            LogSink sink = streamer.follow(A, local);
            for (int i = 0; i < 200; i++) {
                sink.line("line " + i);
                if (i % 50 == 0) {
                    Thread.sleep(200); // ticks come while it writes, from its second on
                }
            }
        }
        String rest = streamer.finish(A, Duration.ofSeconds(10));
        assertEquals(all(local), recorder.text() + (rest == null ? "" : rest));
        assertTrue(recorder.calls() >= 1);
        assertEquals(0, recorder.offsetsOutOfOrder, "every chunk, sent again after a failure too, names its offset");
    }

    @Test
    void aLargeLogGoesInChunks() throws Exception {
        Path file = dir.resolve("c.log");
        StringBuilder expected = new StringBuilder();
        AttemptLog local = new AttemptLog(file);
        try (local) {
            LogSink sink = streamer.follow(A, local);
            String line = "x".repeat(999) + "é";
            for (int i = 0; i < 1000; i++) {
                sink.line(line);
                expected.append(line).append('\n');
            }
        }
        String rest = streamer.finish(A, Duration.ofSeconds(10));
        assertEquals(null, rest, "more than a chunk is left at once: it goes in chunks");
        assertEquals(expected.toString(), recorder.text());
        assertTrue(recorder.chunks.size() >= 4, recorder.chunks.size() + " chunks");
        assertTrue(recorder.chunks.stream().allMatch(c -> c.getBytes(StandardCharsets.UTF_8).length <= LogStreamer.CHUNK));
        assertTrue(recorder.chunks.stream().allMatch(c -> c.endsWith("\n")));
        assertEquals(0, recorder.offsetsOutOfOrder);
    }

    @Test
    void aStaleAttemptIsNoLongerStreamed() throws Exception {
        Path file = dir.resolve("d.log");
        recorder.stale = true;
        AttemptLog local = new AttemptLog(file);
        try (local) {
            LogSink sink = streamer.follow(A, local);
            sink.line("one");
            TestTasks.await("the chunk is refused", Duration.ofSeconds(2), () -> recorder.calls() == 1);
            sink.line("two");
            Thread.sleep(600);
        }
        streamer.finish(A, Duration.ofSeconds(1));
        assertEquals(1, recorder.calls());
        assertEquals(0, streamer.streaming());
    }

    @Test
    void theEndOfALogIsGivenUpOnWhenTheCoordinatorStaysDown() throws Exception {
        Path file = dir.resolve("e.log");
        recorder.failures = Integer.MAX_VALUE;
        String line = "lost for the coordinator, kept here ".repeat(100);
        int lines = LogStreamer.CHUNK / line.length() + 2; // too long to travel with the result
        AttemptLog local = new AttemptLog(file);
        try (local) {
            LogSink sink = streamer.follow(A, local);
            for (int i = 0; i < lines; i++) {
                sink.line(line);
            }
        }
        long start = System.nanoTime();
        assertEquals(null, streamer.finish(A, Duration.ofMillis(700)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 600 && millis < 2_000, millis + " ms");
        assertEquals("", recorder.text());
        assertEquals((line + "\n").repeat(lines), Files.readString(file));
    }

    @Test
    void cutsAtLineEndsAndNeverInsideACharacter() {
        byte[] bytes = "ab\ncd".getBytes(StandardCharsets.UTF_8);
        assertEquals(3, LogStreamer.lineEnd(bytes, bytes.length));
        assertEquals(0, LogStreamer.lineEnd(bytes, 2));
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // € is 3 bytes
        assertEquals(4, LogStreamer.charEnd(euro, 4));
        assertEquals(1, LogStreamer.charEnd(euro, 3));
        assertEquals(1, LogStreamer.charEnd(euro, 2));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8); // 4 bytes
        assertEquals(0, LogStreamer.charEnd(emoji, 3));
        assertEquals(4, LogStreamer.charEnd(emoji, 4));
        assertFalse(LogStreamer.charEnd(new byte[0], 0) != 0);
    }
}
