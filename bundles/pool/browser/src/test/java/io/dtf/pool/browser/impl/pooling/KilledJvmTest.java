package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.process.TransactionLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM that holds the pool is killed with {@code SIGKILL} (as the integration tests end every Karaf, as a crash or
 * the OOM killer does), so no shutdown hook runs: its driver and browser, with every process the browser started,
 * must die with it, not run on until the pool starts again.
 */
class KilledJvmTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration DEATH = Duration.ofSeconds(10);

    @ParameterizedTest(name = "backend {0}")
    @ValueSource(strings = {"local", "attach"})
    @Timeout(150)
    void theProcessesOfAPoolDieWithItsJvmKilledByKillMinus9(String backend) throws Exception {
        RealChromium.assumeInstalled();
        Path dir = Files.createTempDirectory("dtf-pool-killed");
        Path poolDir = dir.resolve("pool");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PoolHolder.class.getName(), poolDir.toString(), backend)
                .redirectError(dir.resolve("holder.log").toFile()).start();
        Set<TrackedProcess> processes = new LinkedHashSet<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String leased = CompletableFuture.supplyAsync(() -> leasedLine(out))
                    .get(START.toSeconds(), TimeUnit.SECONDS);
            assertTrue(leased != null, "the pool's JVM ended before it leased a browser: "
                    + Files.readString(dir.resolve("holder.log")));
            List<Long> pids = Arrays.stream(leased.substring(PoolHolder.LEASED.length()).trim().split(" "))
                    .map(Long::valueOf).toList();
            assertEquals(2, pids.size(), "driver and browser: " + leased);
            // the driver, the browser and what the browser started (zygotes, GPU process, renderers, ...)
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    processes.add(TrackedProcess.of(process));
                    process.descendants().map(TrackedProcess::of).forEach(processes::add);
                });
            }
            assertTrue(processes.size() >= 5, "a browser with its own processes: " + processes);

            holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(holder.waitFor(DEATH.toSeconds(), TimeUnit.SECONDS), "the pool's JVM ended");

            boolean gone = RealChromium.await(() -> RealChromium.running(processes).isEmpty()
                    && RealChromium.running(Set.of(), poolDir.toString()).isEmpty(), DEATH);
            assertTrue(gone, "still running " + DEATH.toSeconds() + " s after the pool's JVM was killed: "
                    + RealChromium.running(processes) + " " + RealChromium.running(Set.of(), poolDir.toString()));
        } finally {
            holder.destroyForcibly();
            processes.forEach(TrackedProcess::killTree); // what a failure of this test left
            TransactionLog.deleteTree(dir);
        }
    }

    /** The holder's {@code LEASED} line, or {@code null} when it ended without one. */
    private static String leasedLine(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(PoolHolder.LEASED)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
