package io.dtf.coordinator.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The coordinator's copy of attempt logs that workers on other machines stream to it, laid out as
 * the embedded worker lays out its own: {@code <root>/<runId>/<taskId>-<attempt>.log}.
 */
final class LogFiles {
    private final Path root;

    LogFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The attempt's log file, always under the root whatever the ids hold. */
    Path path(TaskAttempt attempt) {
        Path file = root.resolve(safe(attempt.task().runId().value()))
                .resolve(safe(attempt.task().value()) + "-" + attempt.attempt() + ".log").normalize();
        if (!file.startsWith(root)) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "not a log of " + attempt);
        }
        return file;
    }

    void append(TaskAttempt attempt, String text) {
        Path file = path(attempt);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DtfException(ErrorCode.INTERNAL, "cannot keep the log of " + attempt + ": " + e.getMessage(), e);
        }
    }

    private static String safe(String segment) {
        String safe = segment.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.equals(".") || safe.equals("..") ? "_" : safe;
    }
}
