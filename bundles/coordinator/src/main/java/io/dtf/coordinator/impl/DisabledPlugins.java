package io.dtf.coordinator.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins a user switched off ({@code dtf:plugin-disable}), by bundle symbolic name, kept in a
 * file ({@code data/dtf/disabled-plugins}, one name per line) so that they stay off when their bundle
 * or Karaf restarts, and across updates of the plugin. Plugins the coordinator switched off itself
 * after repeated failures are not kept: a restart gives them another chance.
 */
final class DisabledPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(DisabledPlugins.class);

    private final Path file;
    private final Set<String> names = new TreeSet<>();

    DisabledPlugins(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        names.add(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the disabled plugins from {}: {}; all plugins start enabled", file, e.toString());
        }
    }

    synchronized boolean contains(String symbolicName) {
        return names.contains(symbolicName);
    }

    synchronized void add(String symbolicName) {
        if (names.add(symbolicName)) {
            save();
        }
    }

    synchronized void remove(String symbolicName) {
        if (names.remove(symbolicName)) {
            save();
        }
    }

    /** Written to a new file that then replaces the old one: a crash leaves one or the other whole. */
    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".new");
            Files.write(next, List.copyOf(names));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot keep the disabled plugins in {}: {}; they are enabled again at the next restart",
                    file, e.toString());
        }
    }
}
