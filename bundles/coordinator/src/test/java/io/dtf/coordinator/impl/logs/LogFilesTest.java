package io.dtf.coordinator.impl.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path root;

    @Test
    void keepsEachAttemptsLogWhereTheEmbeddedWorkerWritesItAndAppends() throws Exception {
        LogFiles logs = new LogFiles(root);
        TaskAttempt attempt = new TaskAttempt(TaskId.of("r3.2"), 4);
        assertEquals(root.resolve("r3").resolve("r3.2-4.log"), logs.path(attempt));
        logs.append(attempt, "one\n");
        logs.append(attempt, "two\n");
        assertEquals("one\ntwo\n", Files.readString(logs.path(attempt)));
    }

    @Test
    void aChunkSentAgainAddsOnlyWhatIsMissing() throws Exception {
        LogFiles logs = new LogFiles(root);
        TaskAttempt attempt = new TaskAttempt(TaskId.of("r3.3"), 1);
        logs.append(attempt, 0, "ünï\n");
        int first = "ünï\n".getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        logs.append(attempt, 0, "ünï\n"); // its answer was lost: sent again
        logs.append(attempt, first, "two\nthree\n");
        logs.append(attempt, first, "two\nthree\nfour\n"); // a retry that grew meanwhile
        logs.append(attempt, first + 4, "three\n");
        assertEquals("ünï\ntwo\nthree\nfour\n", Files.readString(logs.path(attempt)));
    }

    @Test
    void idsCannotLeadOutOfTheLogFolder() {
        Path file = new LogFiles(root).path(new TaskAttempt(TaskId.of("../../etc.1"), 1));
        assertTrue(file.startsWith(root), file.toString());
    }
}
