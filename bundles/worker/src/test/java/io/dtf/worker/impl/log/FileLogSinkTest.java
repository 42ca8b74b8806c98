package io.dtf.worker.impl.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

class FileLogSinkTest {
    @TempDir
    Path dir;

    @Test
    void createsFoldersAndEveryLineIsInTheFileAtOnce() throws Exception {
        Path file = dir.resolve("r1/r1.1-1.log");
        try (FileLogSink sink = FileLogSink.open(file)) {
            sink.line("first");
            assertEquals("first\n", Files.readString(file), "flushed without closing");
            sink.line(null);
            sink.line("ünïcode ✓");
        }
        assertEquals(List.of("first", "", "ünïcode ✓"), Files.readAllLines(file));
    }

    @Test
    void linesFromManyThreadsStayWhole() throws Exception {
        Path file = dir.resolve("log");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FileLogSink sink = FileLogSink.open(file)) {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.execute(() -> {
                    for (int i = 0; i < 500; i++) {
                        sink.line("thread " + thread + " line " + i + " " + "x".repeat(100));
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            assertNull(sink.failure());
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
        FileLogSink sink = FileLogSink.open(file);
        sink.line("new");
        sink.close();
        sink.line("too late");
        sink.close();
        assertEquals("new\n", Files.readString(file));
    }
}
