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
    void aProcessStartedInASessionLeadsItsGroupWhenItsStartReturns() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "no setsid here");
        // setsid makes the session a moment after Java's start returns: one start in a few caught that moment
        // before startInSession waited for it
        for (int i = 0; i < 30; i++) {
            Process sleeper = ProcessReaper.startInSession(new ProcessBuilder("sleep", "600"));
            try {
                assertTrue(TrackedProcess.of(sleeper.toHandle()).leadsGroup(), "start " + (i + 1) + " leads its group");
            } finally {
                sleeper.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aClosingPoolEndsItsReaperWhichKillsNothing() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isExecutable(Path.of("/usr/bin/setsid")),
                "no /bin/sh and setsid here");
        Path dir = Files.createTempDirectory("dtf-pool-reaper");
        Path list = dir.resolve("processes.pids");
        Process sleeper = ProcessReaper.startInSession(new ProcessBuilder("sleep", "600"));
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
