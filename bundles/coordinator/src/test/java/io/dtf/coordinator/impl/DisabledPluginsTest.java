package io.dtf.coordinator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisabledPluginsTest {
    @TempDir
    Path dir;

    @Test
    void whatAUserDisabledIsStillDisabledAfterARestart() throws Exception {
        Path file = dir.resolve("dtf/disabled-plugins");
        DisabledPlugins before = new DisabledPlugins(file);
        before.add("org.example.slack");
        before.add("org.example.jira");
        before.remove("org.example.jira");

        DisabledPlugins after = new DisabledPlugins(file);
        assertTrue(after.contains("org.example.slack"));
        assertFalse(after.contains("org.example.jira"));
        assertEquals(List.of("org.example.slack"), Files.readAllLines(file));
        assertFalse(Files.exists(dir.resolve("dtf/disabled-plugins.new")));
    }

    @Test
    void blankLinesAndCommentsAreIgnoredAndAMissingFileMeansNone() throws Exception {
        assertFalse(new DisabledPlugins(dir.resolve("none")).contains("x"));
        Path file = dir.resolve("edited");
        Files.write(file, List.of("# switched off by hand", "", "  org.example.teams  "));
        assertTrue(new DisabledPlugins(file).contains("org.example.teams"));
    }
}
