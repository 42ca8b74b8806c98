package io.dtf.pool.browser.impl.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrackedProcessTest {
    /**
     * A driver leads its process group (started with setsid); a browser killed under it leaves its renderers to init,
     * no longer the driver's descendants but still in its group: killing the driver's tree ends them too.
     */
    @Test
    void killingAGroupLeaderEndsTheGroupsOrphansToo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid (util-linux)");
        // leader: a shell in a session of its own; its child shell starts an orphan-to-be and prints its pid
        Process leader = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c",
                "/bin/sh -c 'sleep 300 & echo $!' ; exec sleep 300").start();
        long orphan = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(leader.getInputStream()))
                .readLine().strip());
        ProcessHandle sleeper = ProcessHandle.of(orphan).orElseThrow();
        try {
            // once the middle shell has exited, the sleeper's parent is init, not one of the leader's
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (leader.toHandle().descendants().anyMatch(p -> p.pid() == orphan) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(leader.toHandle().descendants().anyMatch(p -> p.pid() == orphan), "an orphan, not a descendant");
            assertTrue(TrackedProcess.of(leader.toHandle()).leadsGroup());

            TrackedProcess.of(leader.toHandle()).killTree();

            assertTrue(sleeper.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join() != null
                    || !sleeper.isAlive(), "the group's orphan was killed");
        } finally {
            sleeper.destroyForcibly();
            leader.destroyForcibly();
        }
    }
}
