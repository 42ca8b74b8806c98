package io.dtf.worker.impl.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.worker.impl.TestTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {
    @TempDir
    Path dir;

    private Process start(String script) throws Exception {
        return new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void killsChildrenAndGrandchildrenDeepestFirst() throws Exception {
        Process p = start("sh -c 'sleep 1000 & echo $! > grandchild; wait' & echo $! > child; wait");
        long child = TestTasks.readPid(dir.resolve("child"));
        long grandchild = TestTasks.readPid(dir.resolve("grandchild"));

        List<ProcessHandle> order = ProcessTree.deepestFirst(p.toHandle());
        assertEquals(List.of(grandchild, child, p.pid()), order.stream().map(ProcessHandle::pid).toList());

        assertTrue(ProcessTree.kill(p.toHandle(), Duration.ofSeconds(2)));
        assertTrue(p.waitFor(1, TimeUnit.SECONDS));
        assertTrue(TestTasks.isGone(child));
        assertTrue(TestTasks.isGone(grandchild));
    }

    @Test
    void forcesWhatIgnoresTheRequestToStop() throws Exception {
        Process p = start("trap '' TERM; echo $$ > pid; while true; do sleep 0.05; done");
        TestTasks.readPid(dir.resolve("pid"));
        long start = System.nanoTime();

        assertTrue(ProcessTree.kill(p.toHandle(), Duration.ofMillis(300)));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(p.waitFor(1, TimeUnit.SECONDS));
        assertTrue(took >= 300 && took < 3000, "took " + took + " ms");
    }
}
