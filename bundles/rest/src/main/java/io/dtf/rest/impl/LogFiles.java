package io.dtf.rest.impl;

import io.dtf.api.task.TaskAttempt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The attempt logs the coordinator keeps: {@code ${karaf.data}/dtf/logs/<runId>/<taskId>-<attempt>.log},
 * written by the embedded worker and, for remote workers, from the log they stream. Only files of this
 * layout are ever read: a path a worker reports is never opened.
 */
final class LogFiles {
    /** A tail reads at most this much from the end of a log, however long its lines. */
    static final int MAX_TAIL_BYTES = 16 * 1024 * 1024;

    private final Path root;

    LogFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    static LogFiles inKarafData() {
        String data = System.getProperty("karaf.data");
        return new LogFiles(Path.of(data == null || data.isBlank() ? "data" : data, "dtf", "logs"));
    }

    Path path(TaskAttempt attempt) {
        Path file = root.resolve(safe(attempt.task().runId().value()))
                .resolve(safe(attempt.task().value()) + "-" + attempt.attempt() + ".log").normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("not a log of " + attempt);
        }
        return file;
    }

    private static String safe(String segment) {
        String safe = segment.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.equals(".") || safe.equals("..") ? "_" : safe;
    }

    /**
     * The last {@code lines} lines of a file (a last line without newline counts), as bytes.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    static byte[] tail(Path file, int lines) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = in.size();
            long limit = Math.max(0, end - MAX_TAIL_BYTES);
            long position = end;
            int newlines = 0;
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            long start = limit;
            search:
            while (position > limit) {
                int size = (int) Math.min(chunk.capacity(), position - limit);
                position -= size;
                chunk.clear().limit(size);
                while (chunk.hasRemaining() && in.read(chunk, position + chunk.position()) >= 0) {
                    // fill the chunk
                }
                for (int i = size - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        if (position + i == end - 1) {
                            continue; // the newline that ends the last line
                        }
                        if (++newlines == lines) {
                            start = position + i + 1;
                            break search;
                        }
                    }
                }
            }
            ByteBuffer tail = ByteBuffer.allocate((int) (end - start));
            while (tail.hasRemaining() && in.read(tail, start + tail.position()) >= 0) {
                // fill the tail
            }
            return tail.array();
        }
    }
}
