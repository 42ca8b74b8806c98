package io.dtf.pool.browser.impl.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The memory processes use, from Linux's {@code /proc/<pid>/smaps_rollup}: PSS (proportional set size), which shares
 * the pages a browser's processes have in common among them, so that the sum over a browser's processes is what the
 * browser costs the machine (their RSS would count the shared pages once per process).
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /**
     * The PSS of the processes {@code roots} and all their descendants, each counted once, in kB. A process that ended
     * meanwhile, or whose memory cannot be read (not Linux), counts 0.
     */
    public static long treePssKb(Collection<Long> roots) {
        Set<Long> pids = new LinkedHashSet<>();
        for (long root : roots) {
            ProcessHandle.of(root).ifPresent(process -> {
                pids.add(process.pid());
                process.descendants().forEach(child -> pids.add(child.pid()));
            });
        }
        long total = 0;
        for (long pid : pids) {
            total += pssKb(pid);
        }
        return total;
    }

    /** The PSS of one process in kB; 0 when it ended or its memory cannot be read. */
    public static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).replace("kB", "").strip());
                }
            }
            return 0;
        } catch (IOException | NumberFormatException unreadable) {
            return 0;
        }
    }
}
