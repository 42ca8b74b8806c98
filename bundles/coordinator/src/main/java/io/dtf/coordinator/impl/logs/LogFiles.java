package io.dtf.coordinator.impl.logs;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's copy of attempt logs that workers on other machines stream to it, laid out as
 * the embedded worker lays out its own: {@code <root>/<runId>/<taskId>-<attempt>.log}.
 */
public final class LogFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LogFiles.class);

    private final Path root;

    public LogFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The attempt's log file, always under the root whatever the ids hold. */
    public Path path(TaskAttempt attempt) {
        Path file = attempt.logFile(root).normalize();
        if (!file.startsWith(root)) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "not a log of " + attempt);
        }
        return file;
    }

    public void append(TaskAttempt attempt, String text) {
        write(attempt, path(attempt), text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /**
     * Appends what of {@code text}, which starts at byte {@code offset} of the attempt's log, the file
     * does not hold yet: a chunk sent again after its answer was lost adds nothing twice. Chunks of one
     * attempt come in order from its worker; a retried one may overlap the one it repeats, so the check
     * and the write happen together.
     */
    public synchronized void append(TaskAttempt attempt, long offset, String text) {
        Path file = path(attempt);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            size = 0;
        } catch (IOException e) {
            throw cannotKeep(attempt, e);
        }
        if (offset + bytes.length <= size) {
            return; // all of it is there already
        }
        if (offset > size) {
            LOG.warn("The log of {} misses bytes {} to {}: a chunk did not arrive", attempt, size, offset);
        }
        write(attempt, file, bytes, (int) Math.max(0, size - offset));
    }

    private synchronized void write(TaskAttempt attempt, Path file, byte[] bytes, int from) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(bytes, from, bytes.length - from);
            }
        } catch (IOException e) {
            throw cannotKeep(attempt, e);
        }
    }

    private static DtfException cannotKeep(TaskAttempt attempt, IOException e) {
        return new DtfException(ErrorCode.INTERNAL, "cannot keep the log of " + attempt + ": " + e.getMessage(), e);
    }
}
