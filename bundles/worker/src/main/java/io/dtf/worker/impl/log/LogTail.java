package io.dtf.worker.impl.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines of a log file, read from its end without reading the whole file. */
public final class LogTail {
    /** Lines kept in a result's {@code logTail}. */
    public static final int MAX_LINES = 50;
    /** Bytes kept in a result's {@code logTail}. */
    public static final int MAX_BYTES = 8 * 1024;

    private LogTail() {
    }

    /** The last {@value #MAX_LINES} lines, at most {@value #MAX_BYTES} bytes; {@code ""} if unreadable. */
    public static String read(Path file) {
        return read(file, MAX_LINES, MAX_BYTES);
    }

    public static String read(Path file, int maxLines, int maxBytes) {
        byte[] bytes;
        boolean cut;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int n = (int) Math.min(length, maxBytes);
            cut = length > n;
            bytes = new byte[n];
            in.seek(length - n);
            in.readFully(bytes);
        } catch (IOException e) {
            return "";
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int start = 0;
        if (cut) {
            // the first line (and perhaps a character) was cut: keep only whole lines
            int nl = text.indexOf('\n');
            start = nl < 0 ? text.length() : nl + 1;
        }
        int end = text.length();
        if (end > start && text.charAt(end - 1) == '\n') {
            end--;
        }
        if (end <= start) {
            return "";
        }
        Deque<String> lines = new ArrayDeque<>(maxLines + 1);
        for (String line : text.substring(start, end).split("\n", -1)) {
            lines.addLast(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            if (lines.size() > maxLines) {
                lines.removeFirst();
            }
        }
        return String.join("\n", lines);
    }
}
