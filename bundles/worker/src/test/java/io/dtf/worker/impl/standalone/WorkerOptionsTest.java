package io.dtf.worker.impl.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerOptionsTest {
    @TempDir
    Path dir;

    @Test
    void everyOption() throws Exception {
        WorkerOptions o = WorkerOptions.parse(new String[] {"--coordinator", "http://dtf:8181", "--token=t-123",
                "--slots", "3", "--prefetch", "2", "--label", "gpu", "--label", "linux-x64, big", "--name", "ci-3", "--work-dir",
                dir.toString(), "--poll-wait", "500ms", "--drain-timeout", "PT2M"}, Map.of());
        assertEquals(URI.create("http://dtf:8181"), o.coordinator());
        assertEquals("t-123", o.token());
        assertEquals(3, o.slots());
        assertEquals(2, o.prefetch());
        assertEquals(List.of("gpu", "linux-x64", "big"), o.labels());
        assertEquals("ci-3", o.name());
        assertEquals(dir.toAbsolutePath(), o.workDir());
        assertEquals(Duration.ofMillis(500), o.pollWait());
        assertEquals(Duration.ofMinutes(2), o.drainTimeout());
    }

    @Test
    void durationsAreReadAsEverywhereInDtf() throws Exception {
        WorkerOptions o = WorkerOptions.parse(new String[] {"--coordinator", "http://x", "--poll-wait", "1m 30s",
                "--drain-timeout", "1d12h"}, Map.of());
        assertEquals(Duration.ofSeconds(90), o.pollWait());
        assertEquals(Duration.ofHours(36), o.drainTimeout());
    }

    @Test
    void defaultsAndTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("DTF_URL", "https://dtf/", "DTF_TOKEN", "env-t");
        WorkerOptions o = WorkerOptions.parse(new String[0], env);
        assertEquals(URI.create("https://dtf/"), o.coordinator());
        assertEquals("env-t", o.token());
        assertEquals(Runtime.getRuntime().availableProcessors(), o.slots());
        assertEquals(WorkerOptions.DEFAULT_PREFETCH, o.prefetch());
        assertEquals("worker", o.name());
        assertEquals(WorkerOptions.defaultWorkDir(env), o.workDir());
        assertTrue(o.workDir().startsWith(Path.of(System.getProperty("user.home"))),
                "the user's data folder, not a folder relative to wherever the worker was started: " + o.workDir());
        assertEquals(Duration.ofSeconds(20), o.pollWait());
        assertNull(WorkerOptions.parse(new String[] {"--coordinator", "http://x"}, Map.of()).token());
    }

    @Test
    void theDefaultWorkFolderIsTheUsersDataFolderOfEachSystem() {
        Path home = Path.of("/home/ann");
        assertEquals(Path.of("/home/ann/.local/share/dtf-worker"), WorkerOptions.defaultWorkDir(Map.of(), "Linux", home));
        assertEquals(Path.of("/data/ann/dtf-worker"),
                WorkerOptions.defaultWorkDir(Map.of("XDG_DATA_HOME", "/data/ann"), "Linux", home));
        assertEquals(Path.of("/home/ann/.local/share/dtf-worker"),
                WorkerOptions.defaultWorkDir(Map.of("XDG_DATA_HOME", "relative/data"), "FreeBSD", home),
                "a relative XDG_DATA_HOME is ignored, as the XDG spec says");
        assertEquals(Path.of("/home/ann/Library/Application Support/dtf-worker"),
                WorkerOptions.defaultWorkDir(Map.of("XDG_DATA_HOME", "/data/ann"), "Mac OS X", home));
        // on Windows, with Windows paths when this runs on Windows, else the same rule on this file system
        Path local = Path.of("/home/ann/AppData/Local").toAbsolutePath();
        assertEquals(local.resolve("dtf-worker"),
                WorkerOptions.defaultWorkDir(Map.of("LOCALAPPDATA", local.toString()), "Windows 11", home));
        assertEquals(home.resolve("AppData").resolve("Local").resolve("dtf-worker"),
                WorkerOptions.defaultWorkDir(Map.of(), "Windows 11", home));
    }

    @Test
    void theUsageNamesTheDefaultWorkFolder() {
        assertTrue(WorkerOptions.usage(Path.of("/home/ann/.local/share/dtf-worker"))
                .contains("(default: the user's data folder, here /home/ann/.local/share/dtf-worker)"));
    }

    @Test
    void aTokenFile() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file-123\n");
        WorkerOptions o = WorkerOptions.parse(new String[] {"--coordinator", "http://x", "--token-file",
                file.toString()}, Map.of("DTF_TOKEN", "env"));
        assertEquals("from-file-123", o.token());
    }

    @Test
    void helpAndVersion() throws Exception {
        assertTrue(WorkerOptions.parse(new String[] {"--help"}, Map.of()).help());
        assertTrue(WorkerOptions.parse(new String[] {"--version"}, Map.of()).version());
    }

    @Test
    void mistakesAreNamed() {
        assertMistake("no coordinator: give --coordinator URL or set DTF_URL");
        assertMistake("unknown option --slot", "--coordinator", "http://x", "--slot", "2");
        assertMistake("option --slots needs a value", "--coordinator", "http://x", "--slots");
        assertMistake("--slots must be a whole number from 1 to 1024: 0", "--coordinator", "http://x", "--slots", "0");
        assertMistake("--prefetch must be a whole number from 0 to 8: 9", "--coordinator", "http://x", "--prefetch", "9");
        assertMistake("not an http(s) URL of the coordinator: dtf:8181", "--coordinator", "dtf:8181");
        assertMistake("--poll-wait is not a duration (e.g. 20s, 500ms, PT1M): soon", "--coordinator", "http://x",
                "--poll-wait", "soon");
        assertMistake("--poll-wait must be between 100ms and 5m: 1h", "--coordinator", "http://x",
                "--poll-wait", "1h");
        assertMistake("--drain-timeout must be between 0s and 3650d: -5m", "--coordinator", "http://x",
                "--drain-timeout", "-5m");
        assertMistake("--name may have letters, digits, '.', '_' and '-': a b", "--coordinator", "http://x",
                "--name", "a b");
        assertMistake("unexpected argument extra", "--coordinator", "http://x", "extra");
        assertMistake("--browser-pool: /nowhere/pool.cfg is not a file this worker can read", "--coordinator",
                "http://x", "--browser-pool", "/nowhere/pool.cfg");
    }

    @Test
    void aBrowserPoolIsOptIn() throws Exception {
        assertEquals(null, WorkerOptions.parse(new String[] {"--coordinator", "http://x"}, Map.of()).browserPool());
        Path cfg = java.nio.file.Files.writeString(dir.resolve("pool.cfg"), "chrome.max = 3\n");
        assertEquals(cfg.toAbsolutePath(), WorkerOptions.parse(new String[] {"--coordinator", "http://x",
                "--browser-pool", cfg.toString()}, Map.of()).browserPool());
    }

    private static void assertMistake(String message, String... args) {
        WorkerOptions.UsageException e = assertThrows(WorkerOptions.UsageException.class,
                () -> WorkerOptions.parse(args, Map.of()));
        assertEquals(message, e.getMessage());
    }
}
