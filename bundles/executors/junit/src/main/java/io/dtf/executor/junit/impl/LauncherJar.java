package io.dtf.executor.junit.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The JUnit Platform console launcher embedded in this bundle as a resource, extracted once to a folder of
 * its own named after its content's hash (so that another launcher version never reuses a stale copy).
 */
final class LauncherJar {
    /** Where the build puts the jar inside the bundle. */
    static final String RESOURCE = "/io/dtf/executor/junit/launcher/junit-platform-console-standalone.jar";
    static final String FILE_NAME = "junit-platform-console-standalone.jar";

    private LauncherJar() {
    }

    /** The folder under which launchers are extracted: {@code ${karaf.data}/dtf/junit-launcher}, else the temp folder. */
    static Path defaultBase() {
        String data = System.getProperty("karaf.data");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "dtf", "junit-launcher");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "dtf-junit-launcher");
    }

    /** Extracts the launcher under {@code base} unless it is there already; returns the jar. */
    static synchronized Path extract(Path base) {
        try {
            String hash = hash();
            Path dir = base.resolve(hash.substring(0, 16));
            Path jar = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "launcher", ".tmp");
            try (InputStream in = open()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the JUnit console launcher under " + base, e);
        }
    }

    private static InputStream open() throws IOException {
        InputStream in = LauncherJar.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("the bundle lacks its JUnit console launcher (" + RESOURCE + ")");
        }
        return in;
    }

    private static String hash() throws IOException {
        try (InputStream in = new DigestInputStream(open(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
