package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The quick-start distribution as a newcomer uses it, started with {@code bin/start} and driven through
 * {@code bin/client}, {@code bin/dtf} and {@code lib/dtf/dtf-worker.jar}: every scheduler is there and can be
 * chosen, and a {@code junit} task waits, saying why, until a standalone worker that can run it comes, which runs
 * it with its {@code jvmArgs} in its first attempt.
 */
public class QuickStartDistributionIT {
    private static DistributionCopy karaf;
    private static Process remoteWorker;

    @BeforeClass
    public static void startTheDistribution() throws Exception {
        karaf = new DistributionCopy("quickstart-karaf", 8221);
        karaf.start();
    }

    @AfterClass
    public static void stopIt() {
        if (remoteWorker != null) {
            remoteWorker.destroyForcibly();
        }
        karaf.kill();
    }

    @Test
    public void everySchedulerIsInstalledAndCanBeMadeActive() throws Exception {
        String switched = karaf.client("dtf:scheduler-use fair-share");
        assertTrue(switched, switched.contains("Active scheduler: fair-share"));
        String schedulers = karaf.client("dtf:schedulers");
        for (String name : List.of("fifo", "fair-share", "priority", "round-robin", "resource-aware", "deadline")) {
            assertTrue(name + " is installed:\n" + schedulers, schedulers.contains(name + " "));
        }
        assertTrue("fair-share is the active one:\n" + schedulers,
                schedulers.lines().anyMatch(line -> line.matches("fair-share\\s*\\|\\s*\\*.*")));
        karaf.client("dtf:scheduler-use fifo");
    }

    @Test
    public void aJUnitTaskWaitsForAStandaloneWorkerThatRunsItWithItsJvmArgs() throws Exception {
        String classes = JUnitSample.compile();
        String url = "http://localhost:" + karaf.httpPort;
        Path plan = karaf.home.resolve("junit-remote.yaml");
        Files.writeString(plan, String.join("\n",
                "name: junit-remote",
                "tasks:",
                "  - name: jvm-args",
                "    type: junit",
                "    classpath: [\"" + classes + "\"]",
                "    select: {classes: [sample.JvmArgsChecks]}",
                "    jvmArgs: [\"-Ddtf.sample.flag=on\"]",
                "    requirements: {labels: [remote]}",
                "    timeout: 2m",
                ""));
        assertEquals(0, dtf(url, "submit", plan.toString()).exitValue());
        String waiting = karaf.client("dtf:task r1.1");
        assertTrue("queued, saying why:\n" + waiting, waiting.contains("no connected worker has label remote"));

        ProcessBuilder worker = new ProcessBuilder(java(), "-jar", karaf.home.resolve("lib/dtf/dtf-worker.jar").toString(),
                "--coordinator", url, "--name", "ci-agent", "--label", "remote", "--slots", "1",
                "--work-dir", karaf.home.resolve("remote-worker").toString())
                .redirectErrorStream(true).redirectOutput(karaf.home.resolve("remote-worker.log").toFile());
        worker.environment().put("DTF_TOKEN", token("dtf:token --worker"));
        remoteWorker = worker.start();
        Process wait = dtf(url, "wait", "r1");
        String out = new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("dtf wait exits 0 when every task passed:\n" + out + workerLog(), 0, wait.exitValue());

        String task = karaf.client("dtf:task r1.1");
        assertTrue("the standalone worker ran it:\n" + task, task.contains("ci-agent"));
        assertTrue("its test case passed:\n" + task, task.contains("seesTheFlagFromJvmArgs"));
        assertTrue("in its first attempt (the worker's start ended none):\n" + task, task.contains("attempt: 1/1"));
    }

    /** {@code bin/dtf} with the admin token, as a CI job runs it; returns once it ended. */
    private static Process dtf(String url, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(karaf.home.resolve("bin/dtf").toString()));
        command.addAll(List.of(args));
        ProcessBuilder cli = new ProcessBuilder(command).redirectErrorStream(true);
        cli.environment().put("DTF_URL", url);
        cli.environment().put("DTF_TOKEN", token("dtf:token"));
        Process process = cli.start();
        process.getOutputStream().close();
        assertTrue("dtf " + String.join(" ", args) + " ended", process.waitFor(3, TimeUnit.MINUTES));
        return process;
    }

    private static String workerLog() throws Exception {
        return "\n-- remote worker log --\n" + Files.readString(karaf.home.resolve("remote-worker.log"));
    }

    /** A token DTF generated at first start, as the README has users read it: the last line of the command. */
    private static String token(String command) throws Exception {
        List<String> lines = karaf.client(command).lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        return lines.get(lines.size() - 1);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
