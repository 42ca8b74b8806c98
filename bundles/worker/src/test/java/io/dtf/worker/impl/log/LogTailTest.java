package io.dtf.worker.impl.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("log"), content);
    }

    @Test
    void keepsTheLastLines() throws Exception {
        Path file = write(IntStream.rangeClosed(1, 120).mapToObj(Integer::toString)
                .collect(Collectors.joining("\n", "", "\n")));
        String tail = LogTail.read(file);
        assertEquals(IntStream.rangeClosed(71, 120).mapToObj(Integer::toString).collect(Collectors.joining("\n")),
                tail);
    }

    @Test
    void aShortLogIsKeptWholeWithOrWithoutAFinalNewline() throws Exception {
        assertEquals("a\nb", LogTail.read(write("a\r\nb\n")));
        assertEquals("a\nb", LogTail.read(write("a\nb")));
        assertEquals("", LogTail.read(write("")));
        assertEquals("", LogTail.read(dir.resolve("missing")));
    }

    @Test
    void keepsAtMostTheByteLimitAndOnlyWholeLines() throws Exception {
        String line = "é".repeat(300); // 600 bytes
        Path file = write((line + "\n").repeat(30));
        String tail = LogTail.read(file);
        assertTrue(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= LogTail.MAX_BYTES);
        tail.lines().forEach(l -> assertEquals(line, l));
        assertEquals(13, tail.lines().count());
    }

    @Test
    void aSingleHugeLineGivesNothingRatherThanAPiece() throws Exception {
        assertEquals("", LogTail.read(write("x".repeat(20_000))));
        assertEquals("end", LogTail.read(write("x".repeat(20_000) + "\nend\n")));
    }
}
