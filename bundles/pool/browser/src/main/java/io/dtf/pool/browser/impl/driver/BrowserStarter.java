package io.dtf.pool.browser.impl.driver;

import io.dtf.api.pool.BrowserFault;
import io.dtf.pool.browser.impl.process.ProcessReaper;
import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * Starts one browser of a profile with its WebDriver session, by the profile's backend: {@code local} starts
 * chromedriver (geckodriver for Firefox), which launches the browser; {@code attach} starts the browser with a
 * debugging port, then chromedriver attached to it ({@code goog:chromeOptions.debuggerAddress}, for builds
 * chromedriver cannot launch);
 * {@code grid} asks a Selenium Grid. Every process is reported as soon as it runs, so that it is recorded before
 * anything else can fail; a failed start kills what it started. Processes start in a session of their own
 * ({@link ProcessReaper#startInSession}): a driver's process group then holds the browser it launches.
 */
public final class BrowserStarter {
    private static final Duration POLL = Duration.ofMillis(25);
    /** A backstop only: the {@link Watchdog} ends calls that hang long before. */
    private static final Duration READ_TIMEOUT = Duration.ofHours(6);
    private static final String CHROME_OPTIONS = "goog:chromeOptions";

    /**
     * Only for asking a browser this pool started whether its debugging port on 127.0.0.1 answers yet: no external
     * system, no secret, nothing to rate-limit or retry beyond this poll: io.dtf.http's client (rate limits, retries,
     * redaction for outside APIs) would add a bundle to the pool for nothing it needs here.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Watchdog watchdog;

    public BrowserStarter(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    /**
     * Starts a browser.
     *
     * @param dir the browser's own directory (its profile, the driver's log), created here
     * @param started told of each process right after it starts
     * @param timeout how long the start may take
     * @throws BrowserFault {@link BrowserFault.Kind#START_FAILED} saying why
     */
    public DriverSession start(String browserId, ProfileSettings profile, Path dir, Consumer<TrackedProcess> started,
                               Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<TrackedProcess> processes = new CopyOnWriteArrayList<>();
        Consumer<TrackedProcess> track = process -> {
            processes.add(process);
            started.accept(process);
        };
        // the session request itself may hang (a browser that never comes up): the watchdog ends it
        try (Watchdog.Watch watch = watchdog.watch(timeout, () -> killAll(processes),
                profile.backend() == Backend.GRID)) {
            Files.createDirectories(dir);
            return switch (profile.backend()) {
                case LOCAL -> local(browserId, profile, dir, track, processes, deadline);
                case ATTACH -> attach(browserId, profile, dir, track, processes, deadline);
                case GRID -> session(browserId, profile, profile.gridUrl(), capabilities(profile, null, null),
                        List.of());
            };
        } catch (IOException | RuntimeException failure) {
            killAll(processes);
            if (failure instanceof BrowserFault fault) {
                throw fault;
            }
            throw new BrowserFault(BrowserFault.Kind.START_FAILED, "Could not start a browser of profile "
                    + profile.name() + " (" + profile.backend().label() + "): " + describe(failure)
                    + driverLog(dir), failure);
        }
    }

    private static void killAll(List<TrackedProcess> processes) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).killTree();
        }
    }

    private DriverSession local(String browserId, ProfileSettings profile, Path dir, Consumer<TrackedProcess> track,
                                List<TrackedProcess> processes, Instant deadline) throws IOException {
        boolean firefox = profile.type().equals(ProfileSettings.FIREFOX);
        // geckodriver: a free port for Firefox's WebDriver BiDi socket (its default, 9222, would be every Firefox's),
        // and the temporary Firefox profiles in the browser's own directory
        URI driverUrl = startDriver(profile, dir, track, deadline, firefox
                ? List.of("--websocket-port=0", "--profile-root=" + dir) : List.of());
        DriverSession session = session(browserId, profile, driverUrl, firefox ? firefoxCapabilities(profile)
                : capabilities(profile, dir.resolve("profile"), null), processes);
        if (session.processId() instanceof Number pid) {
            ProcessHandle.of(pid.longValue()).map(TrackedProcess::of).ifPresent(process -> {
                track.accept(process);
                session.adopt(process);
            });
        }
        return session;
    }

    private DriverSession attach(String browserId, ProfileSettings profile, Path dir, Consumer<TrackedProcess> track,
                                 List<TrackedProcess> processes, Instant deadline) throws IOException {
        int debugPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(profile.binary().toString());
        command.addAll(profile.flags());
        command.add("--user-data-dir=" + dir.resolve("profile"));
        command.add("--remote-debugging-port=" + debugPort);
        command.add("--remote-debugging-address=127.0.0.1");
        command.add("about:blank");
        Process browser = ProcessReaper.startInSession(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("browser.log").toFile()));
        track.accept(TrackedProcess.of(browser.toHandle()));
        awaitHttp(URI.create("http://127.0.0.1:" + debugPort + "/json/version"), browser, deadline, "the browser");
        URI driverUrl = startDriver(profile, dir, track, deadline, List.of("--disable-build-check"));
        return session(browserId, profile, driverUrl, capabilities(profile, null, "127.0.0.1:" + debugPort),
                processes);
    }

    private URI startDriver(ProfileSettings profile, Path dir, Consumer<TrackedProcess> track, Instant deadline,
                            List<String> extra) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(profile.driver().toString(), "--port=" + port));
        command.addAll(extra);
        Process driver = ProcessReaper.startInSession(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile()));
        track.accept(TrackedProcess.of(driver.toHandle()));
        URI url = URI.create("http://127.0.0.1:" + port);
        awaitHttp(url.resolve("/status"), driver, deadline, "the driver");
        return url;
    }

    private static DriverSession session(String browserId, ProfileSettings profile, URI url,
                                         MutableCapabilities capabilities, List<TrackedProcess> processes) {
        ClientConfig config = ClientConfig.defaultConfig().connectionTimeout(Duration.ofSeconds(10))
                .readTimeout(READ_TIMEOUT);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Selenium finds its HTTP client with ServiceLoader on the context class loader: in OSGi, this bundle's
        thread.setContextClassLoader(BrowserStarter.class.getClassLoader());
        try {
            RemoteWebDriver driver = new RemoteWebDriver(url.toURL(), capabilities, config, false);
            return new DriverSession(browserId, profile.backend(), driver, url, processes);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The session's capabilities: Chromium's options with the profile's flags and preferences. */
    static MutableCapabilities capabilities(ProfileSettings profile, Path userDataDir, String debuggerAddress) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (debuggerAddress != null) {
            options.put("debuggerAddress", debuggerAddress);
        } else {
            List<String> args = new ArrayList<>(profile.flags());
            if (userDataDir != null) {
                args.add("--user-data-dir=" + userDataDir);
            }
            options.put("args", args);
            if (profile.binary() != null) {
                options.put("binary", profile.binary().toString());
            }
            if (!profile.prefs().isEmpty()) {
                options.put("prefs", profile.prefs());
            }
        }
        MutableCapabilities capabilities = new MutableCapabilities();
        capabilities.setCapability("browserName", "chrome");
        capabilities.setCapability(CHROME_OPTIONS, options);
        return capabilities;
    }

    /** A Firefox session's capabilities: its binary, flags and preferences ({@code moz:firefoxOptions}). */
    static MutableCapabilities firefoxCapabilities(ProfileSettings profile) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("binary", profile.binary().toString());
        options.put("args", profile.flags());
        if (!profile.prefs().isEmpty()) {
            options.put("prefs", profile.prefs());
        }
        MutableCapabilities capabilities = new MutableCapabilities();
        capabilities.setCapability("browserName", "firefox");
        capabilities.setCapability("moz:firefoxOptions", options);
        return capabilities;
    }

    private void awaitHttp(URI url, Process process, Instant deadline, String what) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " (" + process.info().command().orElse("?")
                        + ") exited with " + process.exitValue() + " before it answered on " + url);
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + what, interrupted);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not answer on " + url + " in time");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + what, interrupted);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String describe(Exception failure) {
        return failure instanceof RuntimeException runtime ? Faults.message(runtime) : String.valueOf(failure.getMessage());
    }

    private static String driverLog(Path dir) {
        Path log = dir.resolve("driver.log");
        try {
            if (!Files.isReadable(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : " (driver log: " + String.join(" | ", tail) + ")";
        } catch (IOException | UncheckedIOException unreadable) {
            return "";
        }
    }
}
