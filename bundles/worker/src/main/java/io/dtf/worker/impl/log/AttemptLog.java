package io.dtf.worker.impl.log;

import io.dtf.api.executor.LogSink;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The log of one attempt, safe to write from any thread. It is kept in memory while it fits in a
 * result's tail ({@link LogTail#MAX_LINES} lines, {@link LogTail#MAX_BYTES} bytes): then the result
 * carries all of it and it needs no file, which is what most short tasks write. It goes to its file
 * as soon as it outgrows that, or when someone needs the file ({@link #file()}); from then on every
 * line is written to the file at once, so that the file can be followed while the task runs.
 *
 * <p>Why: creating a file (and its folder entry) for every attempt was the largest single cost of a
 * worker running short tasks. Lines written after {@link #close()} are dropped.
 */
public final class AttemptLog implements LogSink, Closeable {
    private final Path file;
    /** The log while it is in memory; {@code null} once it is in the file. */
    private byte[] memory = new byte[256];
    private int lines;
    /** Bytes written so far, in memory or to the file. */
    private long size;
    private OutputStream out;
    private boolean closed;
    private IOException failure;

    /** A log for {@code file}, which is written (created or truncated, with its folders) only when needed. */
    public AttemptLog(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void line(String line) {
        if (closed || failure != null) {
            return;
        }
        byte[] bytes = ((line == null ? "" : line) + "\n").getBytes(StandardCharsets.UTF_8);
        if (memory != null) {
            if (lines + 1 <= LogTail.MAX_LINES && size + bytes.length <= LogTail.MAX_BYTES) {
                if (size + bytes.length > memory.length) {
                    memory = Arrays.copyOf(memory, Math.max(memory.length * 2, (int) size + bytes.length));
                }
                System.arraycopy(bytes, 0, memory, (int) size, bytes.length);
                size += bytes.length;
                lines++;
                return;
            }
            toFile();
            if (failure != null) {
                return;
            }
        }
        try {
            out.write(bytes);
            size += bytes.length;
        } catch (IOException e) {
            // a full disk must not break the task; remember it once and stop writing
            failure = e;
        }
    }

    /**
     * The log's file, with everything written so far and whatever comes next: it is written now if the
     * log was still in memory (for an executor that reads or hands on the file, or an attempt whose
     * log is kept in full). A failure to write it is kept in {@link #failure()}.
     */
    public synchronized Path file() {
        if (memory != null && !closed) {
            toFile();
        }
        return file;
    }

    /** Whether the log is in its file; if not, {@link #tail()} is all of it. */
    public synchronized boolean inFile() {
        return memory == null;
    }

    /** The last lines as a result's {@code logTail} keeps them; the whole log while it is in memory. */
    public synchronized String tail() {
        if (memory == null) {
            return LogTail.read(file);
        }
        int end = (int) size;
        if (end > 0 && memory[end - 1] == '\n') {
            end--;
        }
        return new String(memory, 0, end, StandardCharsets.UTF_8);
    }

    /** How many bytes were written so far. */
    public synchronized long size() {
        return size;
    }

    /** Up to {@code max} bytes from {@code offset}; fewer at the end of what was written. */
    public synchronized byte[] read(long offset, int max) throws IOException {
        int n = (int) Math.max(0, Math.min(max, size - offset));
        if (n == 0) {
            return new byte[0];
        }
        if (memory != null) {
            return Arrays.copyOfRange(memory, (int) offset, (int) offset + n);
        }
        ByteBuffer buffer = ByteBuffer.allocate(n);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read what is there
            }
        }
        return buffer.position() == n ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** The first write error, if the log could not be written completely. */
    public synchronized IOException failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /**
     * Creates (or truncates) the file, and the folders above it when they are missing, with what is in
     * memory. The folders are made only when opening fails for want of them: on some file systems
     * every call counts.
     */
    private void toFile() {
        try {
            try {
                out = open();
            } catch (NoSuchFileException noFolder) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent == null) {
                    throw noFolder;
                }
                Files.createDirectories(parent);
                out = open();
            }
            out.write(memory, 0, (int) size);
        } catch (IOException e) {
            failure = e;
        }
        memory = null;
    }

    private OutputStream open() throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }
}
