package io.dtf.worker.impl.log;

import io.dtf.api.executor.LogSink;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The log of one attempt: every line is written and flushed at once, from any thread, so that
 * the file can be followed while the task runs. Lines written after {@link #close()} are dropped.
 */
public final class FileLogSink implements LogSink, Closeable {
    private final Path file;
    private BufferedWriter writer;
    private IOException failure;

    private FileLogSink(Path file, BufferedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Creates (or truncates) the file, and the folders above it when they are missing. The folders are
     * made only when opening fails for want of them: a worker opens a log for every attempt, and on
     * some file systems every call counts.
     */
    public static FileLogSink open(Path file) throws IOException {
        try {
            return new FileLogSink(file, writer(file));
        } catch (NoSuchFileException noFolder) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null) {
                throw noFolder;
            }
            Files.createDirectories(parent);
            return new FileLogSink(file, writer(file));
        }
    }

    private static BufferedWriter writer(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void line(String line) {
        if (writer == null || failure != null) {
            return;
        }
        try {
            writer.write(line == null ? "" : line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            // a full disk must not break the task; remember it once and stop writing
            failure = e;
        }
    }

    /** The first write error, if the log could not be written completely. */
    public synchronized IOException failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            writer = null;
        }
    }
}
