package io.dtf.pool.browser.impl.pooling;

import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.ProcessReaper;
import io.dtf.pool.browser.impl.process.TrackedProcess;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.json.Json;

/**
 * A real Selenium Grid for the grid backend's tests: the standalone server (router, distributor and one node) of
 * Selenium Grid 4.48.0, the newest on Maven Central, in a JVM of its own. Its jars are copied by the build into
 * {@code target/selenium-grid}: they cannot share the test's class path with the pool's 4.52.0 client. The node
 * launches Debian's chromedriver and Chromium, at most two sessions at a time, never Selenium Manager (no internet).
 *
 * <p>The Grid gets a folder of its own as {@code TMPDIR}: chromedriver puts its browsers' profiles there, so every
 * process the Grid starts names the folder in its environment or its command line, and {@link #stop} can tell whether
 * any outlived the Grid. The Grid leads a process group that a {@link ProcessReaper} kills should the test's JVM die.
 */
final class SeleniumGrid {
    /** The server's jars, as the build copies them (maven-antrun-plugin in the module's pom). */
    static final Path JARS = Path.of("target", "selenium-grid");
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);

    private final Path dir;
    private final Instant began;
    /** The Grid's start as the kernel tells it, like the start of each process it starts. */
    private final Instant since;
    private final Process process;
    private final ProcessReaper reaper;
    private final URI url;
    private Duration startTime;

    private SeleniumGrid(Path dir, Instant began, Process process, ProcessReaper reaper, URI url) {
        this.dir = dir;
        this.began = began;
        // by the kernel's clock, whose boot time Java knows to the second only: the wall clock's began may be later
        this.since = process.toHandle().info().startInstant().orElse(began.minusSeconds(1));
        this.process = process;
        this.reaper = reaper;
        this.url = url;
    }

    /**
     * Starts a Grid in {@code dir} (its temporary files, its log {@code grid.log}) whose Chromium sessions get
     * {@code flags}, and waits until it says it is ready.
     *
     * @throws IllegalStateException when the jars are missing, or the Grid exits or is not ready in time (with its log)
     */
    static SeleniumGrid start(Path dir, List<String> flags) throws IOException, InterruptedException {
        if (!Files.isDirectory(JARS)) {
            throw new IllegalStateException("the Selenium Grid server's jars are not in " + JARS.toAbsolutePath()
                    + ": the module's build copies them there (mvn -pl bundles/pool/browser test)");
        }
        int port = freePort();
        String stereotype = new Json().toJson(Map.of("browserName", "chrome", "platformName", "linux",
                "goog:chromeOptions", Map.of("binary", RealChromium.BINARY.toString(), "args", flags)));
        // C1 only and the serial collector: fewer busy threads while it starts; on 2 shared cores under load 20,
        // ready in 2.2-4.5 s instead of 7-14 s
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + dir, "-cp", JARS.resolve("*").toString(), "org.openqa.selenium.grid.Main",
                "standalone", "--host", "127.0.0.1", "--port", Integer.toString(port), "--selenium-manager", "false",
                "--detect-drivers", "false", "--driver-configuration", "display-name=chromium", "max-sessions=2",
                "webdriver-executable=" + RealChromium.DRIVER, "stereotype=" + stereotype);
        Instant began = Instant.now();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("grid.log").toFile());
        builder.environment().put("TMPDIR", dir.toString());
        Process process = ProcessReaper.startInSession(builder);
        ProcessReaper reaper = new ProcessReaper(dir.resolve("reaper").resolve("processes.pids"));
        reaper.add(TrackedProcess.of(process.toHandle()));
        SeleniumGrid grid = new SeleniumGrid(dir, began, process, reaper, URI.create("http://127.0.0.1:" + port));
        try {
            grid.awaitReady();
            return grid;
        } catch (RuntimeException | InterruptedException failed) {
            grid.stop();
            throw failed;
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/status")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = began.plus(START_LIMIT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Selenium Grid exited with " + process.exitValue()
                        + " before it was ready: " + log());
            }
            try {
                HttpResponse<String> status = http.send(request, HttpResponse.BodyHandlers.ofString());
                // {"value": {"ready": true, "message": "Selenium Grid ready.", ...}}
                if (status.statusCode() == 200 && status.body().matches("(?s).*\"ready\"\\s*:\\s*true.*")) {
                    startTime = Duration.between(began, Instant.now());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Selenium Grid was not ready on " + url + " within " + START_LIMIT
                        + ": " + log());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    URI url() {
        return url;
    }

    /** From the start of its JVM until it said it was ready. */
    Duration startTime() {
        return startTime;
    }

    /** The Grid's JVM. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Stops the Grid as an operator would ({@code SIGTERM}: it ends its sessions, their drivers and browsers), waits
     * for it, and kills whatever it started that still runs after a grace time.
     *
     * @return the processes that outlived the Grid (killed now), as {@code pid command line}; empty when it cleaned up
     */
    List<String> stop() throws InterruptedException {
        try {
            process.destroy();
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            String folder = dir.toString();
            RealChromium.await(() -> RealChromium.runningSince(since, folder).isEmpty(), Duration.ofSeconds(5));
            List<String> left = RealChromium.runningSince(since, folder);
            for (String line : left) {
                ProcessHandle.of(Long.parseLong(line.substring(0, line.indexOf(' '))))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
            return left;
        } finally {
            reaper.close();
        }
    }

    /** The end of the Grid's log, for failure messages. */
    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("grid.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException unreadable) {
            return "(no log: " + unreadable.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
