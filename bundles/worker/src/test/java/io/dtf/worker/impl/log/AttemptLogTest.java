package io.dtf.worker.impl.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptLogTest {
    @TempDir
    Path dir;

    @Test
    void aLogThatFitsInAResultsTailStaysInMemoryAndTheTailIsAllOfIt() throws Exception {
        Path file = dir.resolve("r1/r1.1-1.log");
        try (AttemptLog log = new AttemptLog(file)) {
            log.line("first");
            log.line(null);
            log.line("ünïcode ✓");
            assertFalse(log.inFile());
            assertEquals("first\n\nünïcode ✓", log.tail());
            assertEquals("first\n\nünïcode ✓\n".getBytes(StandardCharsets.UTF_8).length, log.size());
        }
        assertFalse(Files.exists(file), "no file, no folder");
        AttemptLog small = new AttemptLog(file);
        small.line("ab");
        assertEquals("b\n", new String(small.read(1, 10), StandardCharsets.UTF_8));
        assertEquals(0, small.read(3, 10).length, "nothing beyond the end");
        assertEquals(0, small.read(99, 10).length);
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void aLogGoesToItsFileWhenItOutgrowsTheTailAndEveryLaterLineIsThereAtOnce() throws Exception {
        Path file = dir.resolve("r1/r1.1-1.log");
        try (AttemptLog log = new AttemptLog(file)) {
            for (int i = 0; i < LogTail.MAX_LINES; i++) {
                log.line("line " + i);
            }
            assertFalse(log.inFile(), LogTail.MAX_LINES + " lines still fit");
            log.line("one too many");
            assertTrue(log.inFile());
            log.line("followed");
            List<String> lines = Files.readAllLines(file);
            assertEquals(LogTail.MAX_LINES + 2, lines.size(), "flushed without closing, folders made");
            assertEquals("followed", lines.get(lines.size() - 1));
            assertEquals(Files.size(file), log.size());
            assertEquals("line 0\n", new String(log.read(0, 7), StandardCharsets.UTF_8));
            assertTrue(log.tail().endsWith("one too many\nfollowed"));
        }
        log8kOfOneLineGoesToTheFileToo();
    }

    private void log8kOfOneLineGoesToTheFileToo() {
        try (AttemptLog log = new AttemptLog(dir.resolve("long-line.log"))) {
            log.line("x".repeat(LogTail.MAX_BYTES));
            assertTrue(log.inFile(), "over the tail's bytes");
        }
    }

    @Test
    void askingForTheFileWritesItWithWhatCameBefore() throws Exception {
        Path file = dir.resolve("asked.log");
        try (AttemptLog log = new AttemptLog(file)) {
            log.line("before");
            assertEquals(file, log.file());
            log.line("after");
            assertEquals(List.of("before", "after"), Files.readAllLines(file));
        }
    }

    @Test
    void linesFromManyThreadsStayWhole() throws Exception {
        Path file = dir.resolve("log");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (AttemptLog log = new AttemptLog(file)) {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.execute(() -> {
                    for (int i = 0; i < 500; i++) {
                        log.line("thread " + thread + " line " + i + " " + "x".repeat(100));
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the writers finished");
            assertNull(log.failure());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2000, lines.size());
        Set<String> distinct = new HashSet<>(lines);
        assertEquals(2000, distinct.size());
        lines.forEach(l -> assertEquals(true, l.matches("thread \\d line \\d+ x{100}"), l));
    }

    @Test
    void truncatesAnOldFileAndDropsLinesAfterClose() throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "old content\n");
        AttemptLog log = new AttemptLog(file);
        log.line("new");
        log.file();
        log.close();
        log.line("too late");
        log.close();
        assertEquals("new\n", Files.readString(file));
    }

    @Test
    void aFileThatCannotBeWrittenIsAFailureNotAnException() throws Exception {
        Path notAFolder = dir.resolve("plain");
        Files.writeString(notAFolder, "");
        try (AttemptLog log = new AttemptLog(notAFolder.resolve("x.log"))) {
            log.line("kept in memory");
            log.file();
            log.line("dropped");
            assertTrue(log.failure() != null);
        }
    }
}
