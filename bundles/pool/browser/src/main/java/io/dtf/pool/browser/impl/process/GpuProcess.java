package io.dtf.pool.browser.impl.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * A Chromium browser's GPU process ({@code --type=gpu-process}), where its WebGPU devices live. When it dies, Chromium
 * starts another and the browser answers as before, with an adapter, but every device of the old one is lost: a job
 * using one fails with an error of its own ({@code AbortError ... A valid external Instance reference no longer
 * exists}), which is the browser's failure, not the job's. The pool tells by the GPU process's id.
 */
public final class GpuProcess {
    private static final String TYPE = "--type=gpu-process";

    private GpuProcess() {
    }

    /**
     * The id of the GPU process among the descendants of {@code roots} (a browser's driver and browser); 0 when there is
     * none (a Grid's browser, whose processes are not here; a browser between two GPU processes).
     */
    public static long pid(Collection<TrackedProcess> roots) {
        return roots.stream().flatMap(root -> root.live().stream())
                .flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
                .filter(process -> commandLine(process.pid()).contains(TYPE))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(0);
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException ended) {
            return "";
        }
    }
}
