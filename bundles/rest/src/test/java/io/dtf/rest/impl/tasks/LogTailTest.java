package io.dtf.rest.impl.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path root;

    private String tail(String text, int lines) throws Exception {
        Path file = root.resolve("log");
        Files.writeString(file, text);
        return new String(LogTail.tail(file, lines), StandardCharsets.UTF_8);
    }

    @Test
    void theLastLinesWithOrWithoutAFinalNewline() throws Exception {
        assertEquals("c\nd\n", tail("a\nb\nc\nd\n", 2));
        assertEquals("c\nd", tail("a\nb\nc\nd", 2));
        assertEquals("a\nb\n", tail("a\nb\n", 5));
        assertEquals("", tail("", 3));
        assertEquals("\n", tail("a\n\n", 1));
    }

    @Test
    void tailsAcrossChunks() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        assertEquals("line 9998\nline 9999\n", tail(text.toString(), 2));
        assertTrue(tail(text.toString(), 5000).startsWith("line 5000\n"));
    }

    @Test
    void aMissingFileSaysSo() {
        assertThrows(NoSuchFileException.class, () -> LogTail.tail(root.resolve("none.log"), 1));
    }

    @Test
    void lastLinesOfAKeptTail() {
        assertEquals("two\nthree\n", LogTail.lastLines("one\ntwo\nthree\n", 2));
        assertEquals("one\ntwo", LogTail.lastLines("one\ntwo", 5));
        assertEquals("x", LogTail.lastLines("x", 0));
    }
}
