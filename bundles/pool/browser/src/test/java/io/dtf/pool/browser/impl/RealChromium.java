package io.dtf.pool.browser.impl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Debian's Chromium and chromedriver, as the pool's tests use them: real browsers, no mocks. Tests skip, saying why,
 * where they are not installed.
 */
public final class RealChromium {
    public static final Path BINARY = Path.of("/usr/lib/chromium/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--enable-unsafe-webgpu");

    private RealChromium() {
    }

    /** Skips the calling test unless Chromium and chromedriver are installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER), "Chromium (" + BINARY + ") and "
                + "chromedriver (" + DRIVER + ") are not installed (Debian: apt-get install chromium chromium-driver): "
                + "the browser pool's tests with real browsers are skipped");
    }

    /** The chrome profile on the local backend with WebGPU. */
    public static ProfileSettings profile(int min, int max) {
        return profile(Backend.LOCAL, min, max);
    }

    /** The chrome profile on a backend of local processes ({@code local}, {@code attach}) with WebGPU. */
    public static ProfileSettings profile(Backend backend, int min, int max) {
        return new ProfileSettings("chrome", "chrome", backend, BINARY, DRIVER, null, FLAGS, Map.of(), true, min, max,
                null);
    }

    /** Pool settings for tests: short time limits, so that a hung browser is found in a few seconds. */
    public static PoolSettings settings(int queueLimit, ProfileSettings... profiles) {
        return PoolSettings.pool(50, 120, queueLimit, true, 30, 20, 1, 100, 50, 5).withProfiles(List.of(profiles));
    }

    /** The processes still running (not zombies) whose ids are in {@code pids} or whose command line has {@code text}. */
    public static List<String> running(Set<Long> pids, String text) {
        return running((pid, command) -> pids.contains(pid) || command.contains(text));
    }

    /**
     * The processes still running (not zombies), started at {@code since} or later, whose command line or environment
     * has {@code text}: a folder given to a server by {@code TMPDIR} is in the environment of every process it starts,
     * or (Chromium's zygotes and renderers, which get a cleaned environment) in their {@code --user-data-dir}.
     */
    public static List<String> runningSince(Instant since, String text) {
        return running((pid, command) -> (command.contains(text) || environment(pid).contains(text))
                && ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(s -> !s.isBefore(since))
                .orElse(false));
    }

    private static List<String> running(BiPredicate<Long, String> matches) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String command = commandLine(pid); // empty when it ended meanwhile
                if (!zombie(pid) && matches.test(pid, command)) {
                    found.add(name + " " + command);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Those of {@code processes} still running: the same processes (by start time), zombies not counted. */
    public static List<TrackedProcess> running(Collection<TrackedProcess> processes) {
        return processes.stream().filter(p -> p.live().isPresent() && !zombie(p.pid())).toList();
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException gone) {
            return true; // ended, reaped meanwhile
        }
    }

    /** The renderer processes among the descendants of {@code browserPid}. */
    public static List<ProcessHandle> renderers(long browserPid) {
        return children(browserPid, "--type=renderer").stream()
                .filter(p -> !commandLine(p.pid()).contains("--top-chrome-webui")).toList();
    }

    /** The descendants of {@code browserPid} whose command line has {@code text} ({@code --type=gpu-process}). */
    public static List<ProcessHandle> children(long browserPid, String text) {
        return ProcessHandle.of(browserPid).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> commandLine(p.pid()).contains(text)).toList();
    }

    private static String commandLine(long pid) {
        return procFile(pid, "cmdline");
    }

    private static String environment(long pid) {
        return procFile(pid, "environ");
    }

    /** A file of {@code /proc/<pid>} with its NUL separators as spaces; empty when the process ended meanwhile. */
    private static String procFile(long pid, String name) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), name)),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    /** Polls {@code condition} until it holds or {@code limit} passes. */
    public static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
