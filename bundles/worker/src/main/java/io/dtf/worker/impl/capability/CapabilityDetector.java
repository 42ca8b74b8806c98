package io.dtf.worker.impl.capability;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.worker.Capabilities;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** What this machine offers: OS, CPU, memory, Java, browsers that have a driver, and what its browser pool has. */
public final class CapabilityDetector {
    private static final List<String> CHROME = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable", "chrome");
    private static final List<String> FIREFOX = List.of("firefox", "firefox-esr");

    private final Function<String, String> properties;
    private final String path;

    /** Detects from this JVM's system properties and {@code PATH}. */
    public CapabilityDetector() {
        this(System::getProperty, System.getenv("PATH"));
    }

    /**
     * @param properties system properties ({@code os.name}, {@code os.arch}, {@code java.version})
     * @param path the {@code PATH} to find browsers and drivers on
     */
    public CapabilityDetector(Function<String, String> properties, String path) {
        this.properties = properties;
        this.path = path == null ? "" : path;
    }

    /** This machine's capabilities, with these labels, saying nothing of the task types it runs. */
    public Capabilities detect(Collection<String> labels) {
        return detect(labels, Set.of());
    }

    /** This machine's capabilities, with these labels, for a worker that runs these task types. */
    public Capabilities detect(Collection<String> labels, Set<String> taskTypes) {
        return new Capabilities(os(), arch(), cpus(), memoryMb(), properties.apply("java.version"),
                labels == null ? Set.of() : Set.copyOf(labels), browsers(), false, false, taskTypes);
    }

    /**
     * These capabilities with what a browser pool's browsers were probed to have: their browser types among the
     * browsers, WebGPU when one gives an adapter, WebNN when one gives a context on some device; probed when the
     * pool's probe gave its browsers (an empty list: not probed yet).
     */
    public static Capabilities withPool(Capabilities base, List<BrowserCapabilities> pool) {
        Set<String> browsers = new TreeSet<>(base.browsers());
        pool.forEach(browser -> browsers.add(browser.browserType()));
        boolean webgpu = base.webgpu() || pool.stream().anyMatch(browser -> browser.webgpu().available());
        boolean webnn = base.webnn() || pool.stream().anyMatch(browser -> !browser.webnn().devices().isEmpty());
        return new Capabilities(base.os(), base.arch(), base.cpus(), base.memoryMb(), base.javaVersion(),
                base.labels(), browsers, webgpu, webnn, base.taskTypes(), base.browsersProbed() || !pool.isEmpty());
    }

    /** {@code linux}, {@code mac}, {@code windows}, or the lower-case {@code os.name}. */
    public String os() {
        String name = String.valueOf(properties.apply("os.name")).toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "linux";
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return "mac";
        }
        if (name.contains("windows")) {
            return "windows";
        }
        return name.replace(' ', '-');
    }

    /** {@code x86_64}, {@code aarch64}, or {@code os.arch} as it is. */
    public String arch() {
        String arch = String.valueOf(properties.apply("os.arch")).toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86-64", "x64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> arch;
        };
    }

    public static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Physical memory in MiB; the JVM's maximum heap when the platform does not tell. */
    public static long memoryMb() {
        long bytes = 0;
        try {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                bytes = sun.getTotalMemorySize();
            }
        } catch (LinkageError | RuntimeException e) {
            // not a HotSpot-like JVM, or com.sun.management is not visible
        }
        if (bytes <= 0) {
            bytes = Runtime.getRuntime().maxMemory();
        }
        return bytes / (1024 * 1024);
    }

    /** {@code chrome} when Chrome or Chromium and chromedriver are found; {@code firefox} likewise with geckodriver. */
    public Set<String> browsers() {
        Set<String> browsers = new TreeSet<>();
        if (CHROME.stream().anyMatch(b -> find(b).isPresent()) && find("chromedriver").isPresent()) {
            browsers.add("chrome");
        }
        if (FIREFOX.stream().anyMatch(b -> find(b).isPresent()) && find("geckodriver").isPresent()) {
            browsers.add("firefox");
        }
        return browsers;
    }

    /** An executable of this name on the {@code PATH}. */
    public Optional<Path> find(String name) {
        List<String> names = os().equals("windows") ? List.of(name + ".exe", name) : List.of(name);
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String n : names) {
                Path candidate = Path.of(dir, n);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** This machine's host name, {@code localhost} when it has none. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            String env = System.getenv("HOSTNAME");
            if (env == null || env.isBlank()) {
                env = System.getenv("COMPUTERNAME");
            }
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
