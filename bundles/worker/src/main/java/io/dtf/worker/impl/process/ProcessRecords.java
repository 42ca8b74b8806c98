package io.dtf.worker.impl.process;

import io.dtf.api.task.TaskAttempt;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes that attempts of one worker started, recorded in the worker's folder while they run:
 * a line when a process starts, another when its attempt ends. What a crash of the worker ({@code kill
 * -9} of its JVM) leaves are the records of processes that may still run; the worker's next life
 * {@linkplain #takeOver takes the folder over} and ends those process trees before it registers, so that
 * they do not run on beside the attempts the coordinator starts again.
 *
 * <p>A record holds the process's PID and start time: a PID the system has since given to another
 * process is never touched. The records are lines appended to one journal, emptied whenever nothing runs,
 * rather than a file per process: creating and deleting a file for every short task cost a worker more
 * than the rest of its bookkeeping (see docs/performance.md on attempt logs). The folder is locked while
 * a worker uses it, so that a second worker with the same folder (the same worker id on one host) cannot
 * take it over and end the first one's processes.
 */
public final class ProcessRecords implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRecords.class);

    /**
     * How far the start times of one process, as two JVMs give them, may lie apart: each computes it from
     * the boot time it read (on Linux in whole seconds, moved by clock adjustments). A reused PID belongs to
     * a process that started after the recorded one ended; one that started within this much is taken as
     * the same.
     */
    static final Duration SAME_START = Duration.ofSeconds(1);
    /** How long a leftover process tree may take to stop when asked, before it is killed. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    static final String JOURNAL = "processes.journal";
    private static final String LOCK_FILE = ".lock";
    /** A journal this long, with processes still running, is written anew with only theirs. */
    private static final long COMPACT_AT = 1 << 20;
    private static final String STARTED = "started";
    private static final String ENDED = "ended";

    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** The journal, written at {@link #end}; {@code null} once closed. Guarded by this. */
    private FileChannel journal;
    /** The journal's length. Guarded by this. */
    private long end;
    /** The processes recorded and not yet ended, by attempt. Guarded by this. */
    private final Map<TaskAttempt, List<Recorded>> running = new HashMap<>();
    /** Processes that outlived their attempts, recorded until they end. Guarded by this. */
    private final List<Recorded> outlived = new ArrayList<>();

    /** A process recorded, by its PID and start time. */
    private record Recorded(ProcessHandle process, Instant started, String line) {
        String key() {
            return process.pid() + " " + started;
        }
    }

    private ProcessRecords(Path folder, FileChannel lockChannel, FileLock lock) {
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes the folder over for this life of the worker (made when missing, locked until {@link #close()}),
     * and ends the process trees a previous life recorded there that still run.
     *
     * @throws IllegalStateException when another worker, alive, uses the folder
     * @throws UncheckedIOException when the folder cannot be made, locked or written
     */
    public static ProcessRecords takeOver(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(inUse(dir));
            }
            ProcessRecords records = new ProcessRecords(dir, channel, lock);
            records.endLeftovers();
            return records;
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new IllegalStateException(inUse(dir), e);
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot keep records of the worker's processes in " + dir + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static String inUse(Path dir) {
        return "another worker uses " + dir + " (a worker of the same name on this host, or an embedded worker on the"
                + " same data folder): give each worker its own name or folder";
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    /** Records a process an attempt started; not when the system does not tell its start time. */
    public void record(TaskAttempt attempt, ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        Optional<Instant> started = info.startInstant();
        if (started.isEmpty()) {
            LOG.warn("Process {} of {} is not recorded: the system does not tell when it started, so a later start of"
                    + " the worker could not tell it from another process with its PID", process.pid(), attempt);
            return;
        }
        String command = info.commandLine().orElse(info.command().orElse("?")).replace('\n', ' ');
        Recorded r = new Recorded(process, started.get(),
                STARTED + " " + process.pid() + " " + started.get() + " " + attempt + " " + command + "\n");
        synchronized (this) {
            if (!append(r.line())) {
                LOG.warn("Process {} of {} is not recorded; a crash of the worker would leave it running",
                        process.pid(), attempt);
                return;
            }
            running.computeIfAbsent(attempt, a -> new ArrayList<>()).add(r);
        }
    }

    /**
     * The attempt ended: the records of its processes go, but for a process that still runs (its executor
     * could not stop it): that one is ended at the worker's next start.
     */
    public void forget(TaskAttempt attempt) {
        synchronized (this) {
            List<Recorded> records = running.remove(attempt);
            if (records == null) {
                return;
            }
            List<Recorded> ended = new ArrayList<>();
            for (Recorded r : records) {
                if (ProcessTree.isGone(r.process())) {
                    ended.add(r);
                } else {
                    LOG.warn("Process {} of {} outlived its attempt; it stays recorded, so that the worker's next start"
                            + " ends it", r.process().pid(), attempt);
                    outlived.add(r);
                }
            }
            // those that outlived an earlier attempt and have ended since
            outlived.removeIf(r -> ProcessTree.isGone(r.process()) && ended.add(r));
            if (running.isEmpty() && outlived.isEmpty()) {
                truncate();
            } else if (end > COMPACT_AT) {
                compact();
            } else {
                ended.forEach(r -> append(ENDED + " " + r.key() + "\n"));
            }
        }
    }

    /** Releases the folder for the next life. */
    @Override
    public void close() {
        synchronized (this) {
            close(journal);
            journal = null;
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the lock of {}: {}", folder, e.toString());
        }
        close(lockChannel);
    }

    // ---- the journal

    /** Ends the process trees of the records a previous life left, and starts an empty journal. */
    private void endLeftovers() throws IOException {
        Path file = folder.resolve(JOURNAL);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        Map<String, String> left = new LinkedHashMap<>(); // "pid start" -> the started line
        for (String line : lines) {
            String[] words = line.split(" ", 4);
            if (words.length >= 3 && words[0].equals(STARTED)) {
                left.put(words[1] + " " + words[2], line);
            } else if (words.length == 3 && words[0].equals(ENDED)) {
                left.remove(words[1] + " " + words[2]);
            } else if (!line.isBlank()) {
                // cut short by the crash
                LOG.warn("Unreadable line in {} of the worker's previous life: {}; left alone", file, line);
            }
        }
        left.values().forEach(this::endIfStillRunning);
        journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        journal.truncate(0);
        end = 0;
    }

    private void endIfStillRunning(String line) {
        String[] words = line.split(" ", 5); // started <pid> <start> <attempt> <command>
        long pid;
        Instant started;
        try {
            pid = Long.parseLong(words[1]);
            started = Instant.parse(words[2]);
        } catch (RuntimeException e) {
            LOG.warn("Unreadable record of a process from the worker's previous life: {}; left alone", line);
            return;
        }
        String what = "process " + pid + (words.length > 3 ? " of " + words[3] : "")
                + (words.length > 4 ? " (" + words[4] + ")" : "");
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(p -> !ProcessTree.isGone(p));
        if (process.isEmpty()) {
            LOG.debug("The {} from the worker's previous life has ended", what);
            return;
        }
        Optional<Instant> now = process.get().info().startInstant();
        if (now.isEmpty() || Duration.between(started, now.get()).abs().compareTo(SAME_START) > 0) {
            LOG.info("PID {} of the {} from the worker's previous life is another process now (started {}); left alone",
                    pid, what, now.map(Instant::toString).orElse("at an unknown time"));
            return;
        }
        if (ProcessTree.kill(process.get(), KILL_GRACE)) {
            LOG.warn("Ended the {} and its descendants, left running by the worker's previous life", what);
        } else {
            LOG.error("Could not end the {} and its descendants, left running by the worker's previous life", what);
        }
    }

    /** Appends to the journal; whether it was written. Called holding this. */
    private boolean append(String text) {
        if (journal == null) {
            return false; // closed
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                end += journal.write(bytes, end);
            }
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", folder.resolve(JOURNAL), e.toString());
            return false;
        }
    }

    /** Nothing runs: the journal starts again empty. Called holding this. */
    private void truncate() {
        try {
            if (journal != null) {
                journal.truncate(0);
                end = 0;
            }
        } catch (IOException e) {
            LOG.warn("Cannot empty {}: {}", folder.resolve(JOURNAL), e.toString());
        }
    }

    /** Writes the journal anew with the processes recorded now, replacing the old one at once. Called holding this. */
    private void compact() {
        if (journal == null) {
            return;
        }
        Path file = folder.resolve(JOURNAL);
        Path fresh = folder.resolve(JOURNAL + ".new");
        StringBuilder lines = new StringBuilder();
        running.values().forEach(list -> list.forEach(r -> lines.append(r.line())));
        outlived.forEach(r -> lines.append(r.line()));
        try {
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(fresh, bytes);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            close(journal);
            journal = FileChannel.open(file, StandardOpenOption.WRITE);
            end = bytes.length;
        } catch (IOException e) {
            LOG.warn("Cannot write {} anew: {}; it goes on growing", file, e.toString());
        }
    }
}
