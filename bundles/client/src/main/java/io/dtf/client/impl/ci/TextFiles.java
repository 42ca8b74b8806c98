package io.dtf.client.impl.ci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the files a CI system points to (GitHub's event file, TeamCity's build properties); tests give their own. */
@FunctionalInterface
public interface TextFiles {
    /** Larger files are not read: an event or properties file is kilobytes. */
    int MAX_BYTES = 16 * 1024 * 1024;

    /** The file's text (UTF-8), or empty when it does not exist, cannot be read or is too large. */
    Optional<String> read(String path);

    /** The files of this machine. */
    TextFiles LOCAL = path -> {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            return bytes.length > MAX_BYTES ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the context is then completed from the environment alone
        }
    };
}
