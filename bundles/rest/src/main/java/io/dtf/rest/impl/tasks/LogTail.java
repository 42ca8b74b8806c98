package io.dtf.rest.impl.tasks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the end of a log file without reading all of it, or of a log kept as text. */
final class LogTail {
    /** A tail reads at most this much from the end of a log, however long its lines. */
    static final int MAX_TAIL_BYTES = 16 * 1024 * 1024;

    private LogTail() {
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

    /** The last {@code lines} lines of a text (a last line without newline counts); all of it for 0. */
    static String lastLines(String text, int lines) {
        if (lines <= 0) {
            return text;
        }
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int start = end;
        for (int found = 0; found < lines && start > 0; ) {
            start--;
            if (text.charAt(start) == '\n' && ++found == lines) {
                start++;
                break;
            }
        }
        return text.substring(Math.max(0, start));
    }
}
