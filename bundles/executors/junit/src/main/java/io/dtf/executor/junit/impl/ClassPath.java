package io.dtf.executor.junit.impl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Expands a task's {@code classpath} entries: folders and jars, relative to the working directory, with
 * {@code *} and {@code ?} in the last part of a path ({@code /srv/libs/*.jar}, {@code lib/*}).
 */
final class ClassPath {
    private ClassPath() {
    }

    static List<Path> expand(List<String> entries, Path workDir, Consumer<String> log) {
        List<Path> result = new ArrayList<>();
        for (String entry : entries) {
            Path path = workDir.resolve(entry.strip());
            String last = path.getFileName() == null ? "" : path.getFileName().toString();
            if (last.contains("*") || last.contains("?")) {
                Path dir = path.getParent();
                if (dir == null || !Files.isDirectory(dir)) {
                    log.accept("the class path entry " + entry + " matches nothing: " + dir + " is not a folder");
                    continue;
                }
                List<Path> matches = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, last)) {
                    files.forEach(matches::add);
                } catch (IOException e) {
                    log.accept("cannot list " + dir + ": " + e.getMessage());
                }
                matches.sort(null);
                if (matches.isEmpty()) {
                    log.accept("the class path entry " + entry + " matches nothing");
                }
                result.addAll(matches);
            } else if (Files.exists(path)) {
                result.add(path);
            } else {
                log.accept("the class path entry " + entry + " does not exist (" + path + ")");
            }
        }
        return result;
    }
}
