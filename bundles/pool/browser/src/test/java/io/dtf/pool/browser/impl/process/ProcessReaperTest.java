package io.dtf.pool.browser.impl.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reaper's list and its end when the pool closes. What it does when the JVM is killed is
 * {@code KilledJvmTest}'s, with real browsers.
 */
class ProcessReaperTest {

    @Test
    void aClosingPoolEndsItsReaperWhichKillsNothing() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isExecutable(Path.of("/usr/bin/setsid")),
                "no /bin/sh and setsid here");
        Path dir = Files.createTempDirectory("dtf-pool-reaper");
        Path list = dir.resolve("processes.pids");
        Process sleeper = new ProcessBuilder(ProcessReaper.command(List.of("sleep", "600"))).start();
        try {
            ProcessReaper reaper = new ProcessReaper(list);
            long reaperPid = reaper.pid();
            assertTrue(ProcessHandle.of(reaperPid).map(ProcessHandle::isAlive).orElse(false), "the reaper runs");
            TrackedProcess tracked = TrackedProcess.of(sleeper.toHandle());
            reaper.add(tracked);
            assertEquals("-" + sleeper.pid() + "\n", Files.readString(list),
                    "in a session of its own, it leads its process group, killed as a whole");
            reaper.removeAll(List.of(tracked));
            assertEquals("", Files.readString(list));
            reaper.add(tracked);

            reaper.close(); // the pool has killed its processes itself by now: the reaper kills nothing

            assertFalse(ProcessHandle.of(reaperPid).map(ProcessHandle::isAlive).orElse(false), "the reaper ended");
            assertEquals("", Files.readString(list));
            assertTrue(sleeper.isAlive(), "a closing reaper kills nothing");
        } finally {
            sleeper.destroyForcibly();
            TransactionLog.deleteTree(dir);
        }
    }
}
