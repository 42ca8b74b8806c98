package io.dtf.worker.impl.agent.attempt;

import io.dtf.api.task.Task;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts' working folders: the task's own {@code workdir}, else a fresh folder of the attempt's
 * own under the work root.
 *
 * <p>Empty attempt folders are kept for the next attempts, at most one per slot: an attempt's folder is
 * renamed from one of these rather than created, and handed back when its attempt leaves it empty.
 * Creating a folder allocates an inode, which on ext4 cost the worker more than starting a short
 * process; and empty folders no longer pile up under the work root.
 */
final class AttemptFolders {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptFolders.class);

    private final Path workRoot;
    private final int spares;
    private final Deque<Path> spareFolders = new ConcurrentLinkedDeque<>();
    private final AtomicLong spareNames = new AtomicLong();

    /**
     * @param workRoot where attempts without a {@code workdir} get their own folder
     * @param spares how many empty folders are kept at most (one per slot)
     */
    AttemptFolders(Path workRoot, int spares) {
        this.workRoot = workRoot.toAbsolutePath();
        this.spares = spares;
    }

    /** The attempt's working folder; one the agent made is remembered in the attempt, to be recycled. */
    Path workDir(HeldAttempt attempt) throws IOException {
        Task task = attempt.lease().task();
        if (task.spec().get("workdir") instanceof String dir && !dir.isBlank()) {
            return workRoot.resolve(dir);
        }
        attempt.ownFolder(newFolder(workRoot.resolve(attempt.attempt().fileName())));
        return attempt.ownFolder();
    }

    /** An empty folder {@code dir}: a spare one renamed, else a new one. */
    private Path newFolder(Path dir) throws IOException {
        Path spare = spareFolders.pollFirst();
        if (spare != null) {
            // one rename(2): Files.move would look at both paths first, two more calls per attempt
            if (spare.toFile().renameTo(dir.toFile())) {
                return dir;
            }
            // dir is left over from an earlier run with the same ids (handled below), or the spare is gone
            if (Files.isDirectory(spare)) {
                spareFolders.offerFirst(spare);
            }
        }
        try {
            return Files.createDirectory(dir);
        } catch (NoSuchFileException noRoot) {
            return Files.createDirectories(dir);
        } catch (FileAlreadyExistsException leftOver) {
            // left over from an earlier run with the same ids: old reports must not count
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            return Files.createDirectory(dir);
        }
    }

    /** Keeps the attempt's own folder as a spare when the attempt left it empty and fewer than a slot's worth are kept. */
    void recycle(HeldAttempt attempt) {
        Path folder = attempt.ownFolder();
        if (folder == null || spareFolders.size() >= spares) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            if (entries.iterator().hasNext()) {
                return; // what the task left stays for whoever looks
            }
            // named for this process: spares a stopped worker left behind never collide
            Path spare = workRoot.resolve(".spare-" + ProcessHandle.current().pid() + "-" + spareNames.incrementAndGet());
            if (folder.toFile().renameTo(spare.toFile())) {
                spareFolders.offerLast(spare);
            }
        } catch (IOException e) {
            LOG.debug("Folder {} not kept as a spare: {}", folder, e.toString());
        }
    }
}
