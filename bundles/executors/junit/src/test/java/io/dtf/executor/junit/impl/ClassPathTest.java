package io.dtf.executor.junit.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathTest {
    @Test
    void expandsGlobsRelativeToTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("classes"));
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.writeString(dir.resolve("lib/a.jar"), "");
        Files.writeString(dir.resolve("lib/notes.txt"), "");
        List<String> log = new ArrayList<>();
        List<Path> cp = ClassPath.expand(List.of("classes", "lib/*.jar", "gone", "nowhere/*.jar"), dir, log::add);
        assertEquals(List.of(dir.resolve("classes"), dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), cp);
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).contains("gone"));
    }
}
