package io.dtf.pool.browser.impl.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the pool's processes when the JVM dies, however it dies: {@code kill -9}, a crash, the OOM killer, where no
 * shutdown hook runs. Measured with Chromium 156: a chromedriver whose JVM was killed runs on (it does not watch its
 * stdin or its parent), and so does a browser whose chromedriver was killed; killing the browser's own process ends
 * its zygotes, renderers, GPU and utility processes and its crashpad handlers within half a second.
 *
 * <p>So the pool keeps one small process per pool, {@code /bin/sh} waiting to read its stdin, a pipe from this JVM
 * that is never written. When the JVM dies, the kernel closes the pipe, the read returns, and the shell kills what a
 * file lists: the pool's live processes, rewritten atomically as they start and end (a file of its own rather than
 * the transaction log, so that the shell needs no parsing). Processes are started in a session of their own
 * ({@link #startInSession}), which makes each a process group: the group of a driver holds the browser it launches,
 * which is then killed even when the JVM dies before the browser's process id is known. The reaper is in a session of its
 * own as well, so that a signal to the JVM's process group (Ctrl-C in a terminal) does not end it before the JVM.
 * When the pool closes, it kills its processes itself, empties the list and closes the pipe: the reaper ends having
 * killed nothing.
 */
public final class ProcessReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessReaper.class);
    private static final Path SHELL = Path.of("/bin/sh");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** {@code $1}: the list, in the working directory; each line a process id, or a process group as {@code -id}. */
    private static final String SCRIPT = "read -r _; kill -s KILL -- $(cat \"$1\") 2>/dev/null; exit 0";
    private static final Duration END_WAIT = Duration.ofSeconds(5);
    /** How long {@code setsid} may take to make its session: about a millisecond; seconds on a loaded machine. */
    private static final Duration SESSION_WAIT = Duration.ofSeconds(5);

    private final Path list;
    private final Set<TrackedProcess> processes = new LinkedHashSet<>();
    private final Process reaper;

    /**
     * Starts the reaper, with an empty list in {@code list}. Where there is no {@code /bin/sh}, there is no reaper: the
     * pool's shutdown hook and its clean-up at the next start remain.
     */
    public ProcessReaper(Path list) {
        this.list = list;
        write();
        Process started = null;
        if (Files.isExecutable(SHELL)) {
            try {
                // the list by its name in the reaper's working directory: no data path on its command line, which
                // searches for the browsers' processes (by their --user-data-dir) should not find
                started = startInSession(new ProcessBuilder(SHELL.toString(), "-c", SCRIPT, "dtf-pool-reaper",
                        list.getFileName().toString()).directory(list.getParent().toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD));
            } catch (IOException failed) {
                LOG.warn("The browser pool could not start its reaper ({}): its browsers outlive a JVM that is killed "
                        + "until the pool starts again", failed.getMessage());
            }
        }
        this.reaper = started;
    }

    /**
     * Starts the builder's command in a session of its own, where {@code setsid} is installed (util-linux): the process
     * leads a new process group, which its children join. From a JVM, a child never leads its group, so
     * {@code setsid} gives it the new session without forking: the process keeps the id Java sees.
     *
     * <p>Returns once the process leads its group: {@code setsid} makes the session a moment after Java's start
     * returns, and a process listed before that would be listed alone, so that a killed JVM's reaper would kill the
     * driver and leave the browser it launched (a clean clone's CI run read the id before the session was made).
     */
    public static Process startInSession(ProcessBuilder builder) throws IOException {
        if (!Files.isExecutable(SETSID)) {
            return builder.start();
        }
        List<String> inSession = new ArrayList<>(builder.command().size() + 1);
        inSession.add(SETSID.toString());
        inSession.addAll(builder.command());
        Process process = builder.command(inSession).start();
        TrackedProcess tracked = new TrackedProcess(process.pid(), null);
        long deadline = System.nanoTime() + SESSION_WAIT.toNanos();
        while (!tracked.leadsGroup() && process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return process;
    }

    /** The reaper's own process id, or {@code -1} when it could not start. */
    public long pid() {
        return reaper == null ? -1 : reaper.pid();
    }

    /** A process of the pool runs: killed should the JVM die. */
    public synchronized void add(TrackedProcess process) {
        if (processes.add(process)) {
            write();
        }
    }

    /** Processes of the pool that were ended. */
    public synchronized void removeAll(Collection<TrackedProcess> ended) {
        if (processes.removeAll(ended)) {
            write();
        }
    }

    /** The processes listed, for the JVM's shutdown hook and the pool's close. */
    public synchronized List<TrackedProcess> processes() {
        return List.copyOf(processes);
    }

    /** Rewrites the list: a new file moved over the old one, so that the reaper never reads half of it. */
    private void write() {
        StringBuilder text = new StringBuilder();
        for (TrackedProcess process : processes) {
            // a process that leads its group (started in a session of its own) is killed with its group
            text.append(process.leadsGroup() ? "-" : "").append(process.pid()).append('\n');
        }
        Path next = list.resolveSibling(list.getFileName() + ".next");
        try {
            Files.createDirectories(list.getParent());
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the browser pool's process list " + list, e);
        }
    }

    /**
     * Ends the reaper without killing anything: empties the list, then closes the pipe. Call it once the pool's
     * processes were ended.
     */
    @Override
    public void close() {
        synchronized (this) {
            processes.clear();
            write();
        }
        if (reaper == null) {
            return;
        }
        try {
            reaper.getOutputStream().close();
            if (!reaper.waitFor(END_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                reaper.destroyForcibly();
            }
        } catch (IOException | InterruptedException failed) {
            reaper.destroyForcibly();
            if (failed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
