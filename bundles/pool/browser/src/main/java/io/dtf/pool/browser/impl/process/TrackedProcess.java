package io.dtf.pool.browser.impl.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process the pool started (a driver, a browser), named by its id and start time, so that a process id the system
 * gave to another process since is never taken for it.
 *
 * @param startedAt the start time the system reports, to the millisecond; {@code null} when it reports none
 */
public record TrackedProcess(long pid, Instant startedAt) {
    private static final Duration END_WAIT = Duration.ofSeconds(3);

    /** The process, as it runs now. */
    public static TrackedProcess of(ProcessHandle process) {
        return new TrackedProcess(process.pid(), process.info().startInstant().orElse(null));
    }

    /** The process by {@link #toString()}'s form, {@code pid@epochMillis}. */
    public static TrackedProcess parse(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return new TrackedProcess(Long.parseLong(text), null);
        }
        return new TrackedProcess(Long.parseLong(text.substring(0, at)),
                Instant.ofEpochMilli(Long.parseLong(text.substring(at + 1))));
    }

    /** The process if it still runs and is the one that was tracked (same start time). */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> startedAt == null
                        || p.info().startInstant().map(s -> s.toEpochMilli() == startedAt.toEpochMilli()).orElse(false));
    }

    /**
     * Kills the process and every process it started (browsers start zygotes, renderers, a GPU process), at once
     * ({@code SIGKILL}: a hung browser does not answer {@code SIGTERM} in time).
     *
     * @return the ids of the processes killed; empty when it was not running any more
     */
    public List<Long> killTree() {
        List<ProcessHandle> killed = new ArrayList<>();
        live().ifPresent(root -> {
            List<ProcessHandle> descendants = root.descendants().toList();
            boolean group = leadsGroup();
            if (root.destroyForcibly()) {
                killed.add(root);
            }
            for (ProcessHandle child : descendants) {
                if (child.isAlive() && child.destroyForcibly()) {
                    killed.add(child);
                }
            }
            if (group) {
                // processes of the group whose parent died before (a browser killed under its driver leaves its
                // renderers to init): no longer descendants, still in the group
                killGroup(pid);
            }
        });
        awaitEnd(killed);
        return killed.stream().map(ProcessHandle::pid).toList();
    }

    private static void killGroup(long leader) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", "KILL", "--", "-" + leader).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException unavailable) {
            // no kill command: the descendants were killed one by one above
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits a little for killed processes to end, so that their files can be deleted: a signal takes effect
     * asynchronously. A zombie has ended (its parent reaps it when it gets to it).
     */
    private static void awaitEnd(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        for (ProcessHandle process : processes) {
            while (process.isAlive() && !zombie(process.pid()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean zombie(long pid) {
        try {
            return stat(pid)[0].equals("Z");
        } catch (IOException | RuntimeException unknown) {
            return true; // ended, or no /proc to tell: do not wait
        }
    }

    /** Whether the process leads its process group (it was started in a session of its own). */
    public boolean leadsGroup() {
        try {
            return Long.parseLong(stat(pid)[2]) == pid;
        } catch (IOException | RuntimeException unknown) {
            return false; // ended, or no /proc to tell
        }
    }

    /** The fields of {@code /proc/<pid>/stat} after the command's name: state, parent, process group, session, ... */
    private static String[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    @Override
    public String toString() {
        return startedAt == null ? Long.toString(pid) : pid + "@" + startedAt.toEpochMilli();
    }
}
