package io.dtf.pool.browser.impl.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.PoolStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transaction log's recovery, with real processes ({@code sleep}) standing for browsers and drivers. */
class TransactionLogTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    private Process first;
    private Process second;

    @AfterEach
    void stopProcesses() {
        for (Process process : new Process[] {first, second}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void recoveryKillsTheProcessesOfBrowsersNotDiscardedAndReportsLeasesNotReturned() throws Exception {
        first = sleep();
        second = sleep();
        TransactionLog log = log();
        log.browser("b1", "chrome", dir.resolve("browsers/b1"));
        log.process("b1", TrackedProcess.of(first.toHandle()));
        log.lease("l2", "b1", "task r1.1");
        log.browser("b3", "chrome", dir.resolve("browsers/b3"));
        log.process("b3", TrackedProcess.of(second.toHandle()));
        log.lease("l4", "b3", "task r1.2");
        log.returned("l4");
        log.discard("b3");
        Files.createDirectories(dir.resolve("browsers/b1/profile"));

        PoolStatus.Cleanup cleanup = log().recover(NOW);

        assertEquals(List.of(first.pid()), cleanup.killedPids());
        assertEquals(List.of("l2 (task r1.1)"), cleanup.leases());
        assertEquals(List.of(dir.resolve("browsers/b1").toString()), cleanup.removedDirs());
        assertTrue(first.waitFor(5, TimeUnit.SECONDS), "the left process was killed");
        assertTrue(second.isAlive(), "a discarded browser's process is not touched (its id may be another's now)");
        assertTrue(log().recover(NOW).isEmpty(), "the log starts empty after a recovery");
    }

    @Test
    void aProcessIdGivenToAnotherProcessSinceIsNotKilled() throws Exception {
        first = sleep();
        TransactionLog log = log();
        log.browser("b1", "chrome", dir.resolve("browsers/b1"));
        Instant otherStart = first.toHandle().info().startInstant().orElseThrow().minus(Duration.ofMinutes(5));
        log.process("b1", new TrackedProcess(first.pid(), otherStart));

        PoolStatus.Cleanup cleanup = log().recover(NOW);

        assertEquals(List.of(), cleanup.killedPids());
        assertTrue(first.isAlive());
    }

    @Test
    void aTornLastLineIsIgnored() throws Exception {
        first = sleep();
        TransactionLog log = log();
        log.browser("b1", "chrome", dir.resolve("browsers/b1"));
        log.process("b1", TrackedProcess.of(first.toHandle()));
        Files.writeString(dir.resolve("transactions.log"), "PROCESS\tb1\t12x", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertEquals(List.of(first.pid()), log().recover(NOW).killedPids());
        assertTrue(first.waitFor(5, TimeUnit.SECONDS), "killed");
    }

    private TransactionLog log() {
        return new TransactionLog(dir.resolve("transactions.log"), dir.resolve("browsers"));
    }

    private static Process sleep() throws IOException {
        return new ProcessBuilder("sleep", "120").start();
    }
}
