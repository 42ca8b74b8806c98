package io.dtf.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A fresh copy of the built DTF distribution ({@code karaf-distribution/target/assembly}), on ports of its own
 * so that a distribution a developer runs on this machine is not disturbed, started and driven the way a user
 * does: {@code bin/start}, {@code bin/client}, {@code bin/stop}.
 */
final class DistributionCopy {
    final Path home;
    final String sshPort;
    final int httpPort;

    /**
     * @param name folder under {@code target/}
     * @param portBase the ports used are {@code portBase} (ssh), {@code +1} (RMI registry), {@code +2} (HTTP)
     *     and {@code 43300 + portBase % 1000} (RMI server)
     */
    DistributionCopy(String name, int portBase) throws Exception {
        Path assembly = Path.of(System.getProperty("dtf.distribution"));
        assertTrue("the distribution is built first: " + assembly, Files.isDirectory(assembly.resolve("bin")));
        home = Path.of("target", name).toAbsolutePath();
        sshPort = String.valueOf(portBase);
        httpPort = portBase + 2;
        run(Duration.ofSeconds(30), "rm", "-rf", home.toString());
        run(Duration.ofSeconds(60), "cp", "-a", assembly.toString(), home.toString());
        run(Duration.ofSeconds(30), "rm", "-rf", home.resolve("data").toString());
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort);
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(portBase + 1));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(43300 + portBase % 1000));
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
    }

    /** {@code bin/start}, then waits until the embedded worker is registered. */
    void start() throws Exception {
        run(Duration.ofSeconds(60), home.resolve("bin/start").toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (process().isPresent() && client("dtf:workers").contains("local")) {
                return;
            }
            Thread.sleep(500);
        }
        fail("the distribution did not become ready within 120 s; see " + home.resolve("data/log/karaf.log"));
    }

    /** Ends the Karaf JVM at once, as a crash or a test's end does. */
    void kill() {
        process().ifPresent(ProcessHandle::destroyForcibly);
    }

    Optional<ProcessHandle> process() {
        String base = "-Dkaraf.base=" + home;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(base)).orElse(false))
                .findFirst();
    }

    /** One shell command through {@code bin/client}, fed on standard input (the form that works from scripts). */
    String client(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", sshPort,
                "-u", "karaf", "-p", "karaf", "-r", "3", "-b").redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }

    /** Runs {@code command} until its output contains {@code expected}, at most {@code seconds}; that output. */
    String awaitClient(String command, String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String output = "";
        while (System.nanoTime() < deadline) {
            output = client(command);
            if (output.contains(expected)) {
                return output;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(command + " never showed " + expected + " within " + seconds + " s:\n" + output);
    }

    /** Sets {@code key} in a configuration file of the copy, replacing the line (commented or not) that has it. */
    void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path) : List.of();
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        for (String line : lines) {
            if (line.matches("\\s*#?\\s*" + Pattern.quote(key) + "\\s*=.*")) {
                if (!replaced) {
                    out.append(key).append(" = ").append(value).append('\n');
                    replaced = true;
                }
            } else {
                out.append(line).append('\n');
            }
        }
        if (!replaced) {
            out.append(key).append(" = ").append(value).append('\n');
        }
        Files.writeString(path, out);
    }

    static void run(Duration limit, String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail("failed: " + String.join(" ", command));
        }
    }
}
