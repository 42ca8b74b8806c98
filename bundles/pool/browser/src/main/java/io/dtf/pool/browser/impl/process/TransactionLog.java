package io.dtf.pool.browser.impl.process;

import io.dtf.api.pool.PoolStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's record of what it started and leased, in its data area, written before each step takes effect (a
 * process is recorded as soon as it runs, before anything else can fail). When the pool starts, it reads the record
 * an earlier run left: browsers not discarded had their processes outlive that run (Karaf killed, the JVM crashed),
 * so they are killed now, their profile directories deleted, and what was cleaned is reported.
 *
 * <p>One line per record, fields separated by tabs: {@code BROWSER id profile dir}, {@code PROCESS browserId pid@start},
 * {@code DISCARD browserId}, {@code LEASE leaseId browserId owner}, {@code RETURN leaseId},
 * {@code REPLACE leaseId oldBrowserId newBrowserId}.
 */
public final class TransactionLog {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);

    private final Path file;
    private final Path browsersDir;

    /**
     * @param file the log
     * @param browsersDir where the browsers' profile directories are; only directories in it are ever deleted
     */
    public TransactionLog(Path file, Path browsersDir) {
        this.file = file;
        this.browsersDir = browsersDir;
    }

    /**
     * Cleans up what an earlier run left (see the class comment), and starts an empty log.
     *
     * @return what was cleaned up
     */
    public synchronized PoolStatus.Cleanup recover(Instant now) {
        Map<String, Browser> browsers = new LinkedHashMap<>();
        Map<String, String> leases = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.forEach(line -> replay(line.split("\t", -1), browsers, leases));
            } catch (IOException | UncheckedIOException unreadable) {
                LOG.warn("The browser pool's transaction log {} could not be read whole; cleaning up what was read", file,
                        unreadable);
            }
        }
        Set<Long> killed = new LinkedHashSet<>();
        for (Browser browser : browsers.values()) {
            for (TrackedProcess process : browser.processes) {
                killed.addAll(process.killTree());
            }
        }
        List<String> removed = removeDirectories();
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the browser pool's transaction log " + file, e);
        }
        List<String> open = leases.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        return new PoolStatus.Cleanup(now, List.copyOf(killed), open, removed);
    }

    /** A browser is about to be started, its profile in {@code dir}. */
    public void browser(String id, String profile, Path dir) {
        append("BROWSER", id, profile, dir.toString());
    }

    /** A browser's process runs. */
    public void process(String browserId, TrackedProcess process) {
        append("PROCESS", browserId, process.toString());
    }

    /** A browser's processes were ended and its directory removed. */
    public void discard(String browserId) {
        append("DISCARD", browserId);
    }

    public void lease(String leaseId, String browserId, String owner) {
        append("LEASE", leaseId, browserId, owner);
    }

    public void returned(String leaseId) {
        append("RETURN", leaseId);
    }

    public void replace(String leaseId, String oldBrowserId, String newBrowserId) {
        append("REPLACE", leaseId, oldBrowserId, newBrowserId);
    }

    private synchronized void append(String... fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0) {
                line.append('\t');
            }
            line.append(field == null ? "" : field.replaceAll("[\\t\\r\\n]", " "));
        }
        line.append('\n');
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the browser pool's transaction log " + file, e);
        }
    }

    private static void replay(String[] fields, Map<String, Browser> browsers, Map<String, String> leases) {
        try {
            switch (fields[0]) {
                case "BROWSER" -> browsers.put(fields[1], new Browser());
                case "PROCESS" -> browsers.computeIfAbsent(fields[1], id -> new Browser()).processes
                        .add(TrackedProcess.parse(fields[2]));
                case "DISCARD" -> browsers.remove(fields[1]);
                case "LEASE" -> leases.put(fields[1], fields[3]);
                case "RETURN" -> leases.remove(fields[1]);
                default -> {
                    // REPLACE changes no lease's state, and a torn last line is ignored
                }
            }
        } catch (RuntimeException torn) {
            LOG.debug("Ignored an incomplete line of the transaction log", torn);
        }
    }

    /** Every browser directory, whether its browser was discarded or not: none is in use when the pool starts. */
    private List<String> removeDirectories() {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(browsersDir)) {
            return removed;
        }
        try (Stream<Path> dirs = Files.list(browsersDir)) {
            for (Path dir : dirs.toList()) {
                deleteTree(dir);
                removed.add(dir.toString());
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the browser directories in {}", browsersDir, e);
        }
        return removed;
    }

    /** Deletes a directory with everything in it; what cannot be deleted is logged and left. */
    public static void deleteTree(Path dir) {
        IOException last = null;
        // a second pass, for files a process that was just killed wrote while the first one ran
        for (int pass = 0; pass < 2 && Files.exists(dir); pass++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
                return;
            } catch (IOException e) {
                last = e;
            } catch (UncheckedIOException e) {
                last = e.getCause();
            }
        }
        if (last != null && Files.exists(dir)) {
            LOG.warn("Could not delete {} entirely: {}", dir, last.toString());
        }
    }

    private static final class Browser {
        final Set<TrackedProcess> processes = new LinkedHashSet<>();
    }
}
