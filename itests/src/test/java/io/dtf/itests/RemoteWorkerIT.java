package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.client.DtfClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A stock Karaf with {@code dtf-core} and {@code dtf-rest} and no embedded worker, and real standalone
 * workers started from the built {@code dtf-worker.jar} as separate processes: work spreads over them,
 * a worker killed with {@code kill -9} mid-task loses nothing and nothing runs twice to the end, a
 * SIGTERM drains a worker, and the {@code dtf} command-line client drives it all as a CI job would.
 * The client side is {@link DtfClient} from the {@code dtf-client} feature.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteWorkerIT {
    static final String ADMIN = "it-admin-token-0123456789";
    static final String WORKER = "it-worker-token-0123456789";
    /** A lost worker's leases expire after this: short, so that the kill -9 test is quick. */
    static final int LEASE_TIMEOUT_SECONDS = 4;

    private final List<Process> workers = new ArrayList<>();
    private DtfClient dtf;
    private String url;
    private Path files;

    @Configuration
    public Option[] config() throws Exception {
        int port = StockKaraf.freePort();
        Path files = Path.of("target", "remote-workers").toAbsolutePath();
        return StockKaraf.withFeatures(new String[] {"dtf-core", "dtf-rest", "dtf-client"},
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port)),
            editConfigurationFilePut("etc/system.properties", "dtf.rest.port", String.valueOf(port)),
            editConfigurationFilePut("etc/system.properties", "dtf.worker.jar", System.getProperty("dtf.worker.jar")),
            editConfigurationFilePut("etc/system.properties", "dtf.client.jar", System.getProperty("dtf.client.jar")),
            editConfigurationFilePut("etc/system.properties", "dtf.it.files", files.toString()),
            // every task runs on a remote worker
            editConfigurationFilePut("etc/io.dtf.worker.cfg", "enabled", "false"),
            editConfigurationFilePut("etc/io.dtf.coordinator.cfg", "leaseTimeoutSeconds",
                    String.valueOf(LEASE_TIMEOUT_SECONDS)),
            editConfigurationFilePut("etc/io.dtf.rest.cfg", ".tokens", "admin:" + ADMIN + ", worker:" + WORKER));
    }

    @Before
    public void connect() throws Exception {
        url = "http://127.0.0.1:" + Integer.getInteger("dtf.rest.port");
        files = Path.of(System.getProperty("dtf.it.files"));
        Files.createDirectories(files);
        dtf = DtfClient.connect(URI.create(url), ADMIN);
        await("the REST API is ready", Duration.ofSeconds(60), dtf::isReady);
    }

    /**
     * Drains the workers (SIGTERM): a worker killed instead could still have a poll waiting at the
     * coordinator, which would lease the next test's first task to a dead worker until the lease expires.
     */
    @After
    public void stopWorkers() throws Exception {
        workers.forEach(Process::destroy);
        for (Process p : workers) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        dtf.close();
    }

    // ---------------------------------------------------------------- the tests

    @Test
    public void aRunOf50TasksIsSpreadOverTwoWorkersAndTheirLogsReachTheCoordinator() throws Exception {
        startPair("spread", 2);

        List<Task> tasks = passedTasks(dtf.submit(plan("spread", 50, "sleep 0.2; echo task $DTF_IT_N done"),
                "spread.yaml"));
        assertEquals(50, tasks.size());
        Map<String, Long> perWorker = tasks.stream().collect(Collectors.groupingBy(t -> t.worker().value(),
                Collectors.counting()));
        assertEquals(perWorker.toString(), 2, perWorker.size());
        perWorker.values().forEach(n -> assertTrue("both workers take a fair part: " + perWorker, n >= 10));
        for (Task t : tasks) {
            assertEquals(t.id() + " ran once", 1, t.attempt());
        }
        Task last = tasks.get(49);
        String log = dtf.log(last.id(), null, null);
        assertTrue(log, log.contains("task 50 done\n"));
        assertTrue(log, log.contains("[dtf] exit code 0"));
    }

    @Test
    public void aWorkerKilledMidTaskLosesNothingAndEveryTaskFinishesExactlyOnce() throws Exception {
        Process victim = startPair("kill", 2);
        WorkerId victimId = workerId("kill-a");

        RunSummary run = dtf.submit(plan("kill", 12, "sleep 2"), "kill.yaml");
        RunId id = run.run().id();
        await("the worker to be killed runs tasks", Duration.ofSeconds(60),
                () -> dtf.allTasks(id).stream().anyMatch(t -> t.state() == TaskState.RUNNING
                        && victimId.equals(t.worker())));
        List<Task> heldByVictim = dtf.allTasks(id).stream().filter(t -> victimId.equals(t.worker())
                && !t.state().isTerminal()).toList();
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no unregistration
        assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
        Instant killedAt = Instant.now();

        RunSummary done = awaitFinished(id, Duration.ofSeconds(120));
        assertEquals(describe(done), TaskState.PASSED.name(), done.state().name());
        for (Task t : dtf.allTasks(id)) {
            List<AttemptRecord> attempts = dtf.attempts(t.id(), Page.FIRST).items();
            long passed = attempts.stream().filter(a -> a.state() == TaskState.PASSED).count();
            assertEquals(t.id() + " finished exactly once: " + attempts, 1, passed);
            assertEquals(TaskState.PASSED, t.state());
        }
        for (Task lost : heldByVictim) {
            Task now = dtf.task(lost.id());
            assertFalse(lost.id() + " was finished by the other worker", victimId.equals(now.worker()));
            assertTrue(lost.id() + " was attempted again", now.attempt() > lost.attempt());
            List<AttemptRecord> attempts = dtf.attempts(lost.id(), Page.FIRST).items();
            AttemptRecord first = attempts.stream().filter(a -> a.attempt().attempt() == lost.attempt())
                    .findFirst().orElseThrow();
            assertEquals(attempts.toString(), TaskState.ERROR, first.state());
            assertNotNull(first.finishedAt());
            assertTrue("the lease expired after the timeout, not before: " + first,
                    !first.finishedAt().isBefore(killedAt.minusSeconds(1)));
        }
        assertFalse("the killed worker had something to lose", heldByVictim.isEmpty());
    }

    /**
     * Short tasks are held ahead of a worker's slot (prefetch): killed with tasks in hand, the worker
     * loses them to its lease time-out and the other worker finishes each exactly once.
     */
    @Test
    public void shortTasksHeldAheadByAKilledWorkerAreFinishedExactlyOnceByTheOther() throws Exception {
        Process victim = startPair("ahead", 1);
        WorkerId victimId = workerId("ahead-a");

        RunSummary run = dtf.submit(plan("ahead", 3000, "true"), "ahead.yaml");
        RunId id = run.run().id();
        List<Task> heldByVictim = new ArrayList<>();
        await("the worker to be killed holds tasks ahead of its one slot", Duration.ofSeconds(60), () -> {
            heldByVictim.clear();
            dtf.allTasks(id).stream().filter(t -> victimId.equals(t.worker()) && !t.state().isTerminal())
                    .forEach(heldByVictim::add);
            return heldByVictim.size() >= 2;
        });
        victim.destroyForcibly(); // SIGKILL, with tasks in hand
        assertTrue(victim.waitFor(10, TimeUnit.SECONDS));

        List<Task> tasks = passedTasks(run);
        assertEquals(3000, tasks.size());
        for (Task t : tasks) {
            assertEquals(t.id() + " passed", TaskState.PASSED, t.state());
        }
        for (Task lost : heldByVictim) {
            Task now = dtf.task(lost.id());
            List<AttemptRecord> attempts = dtf.attempts(lost.id(), Page.FIRST).items();
            assertEquals(lost.id() + " finished exactly once: " + attempts, 1,
                    attempts.stream().filter(a -> a.state() == TaskState.PASSED).count());
            if (now.attempt() > lost.attempt()) {
                assertFalse(lost.id() + " was finished by the other worker", victimId.equals(now.worker()));
            }
        }
    }

    /**
     * A long task among short ones: the short tasks a worker held ahead of it go back to the
     * coordinator and the other worker runs them, instead of waiting for the long one.
     */
    @Test
    public void tasksHeldBehindALongTaskGoBackAndAnotherWorkerRunsThem() throws Exception {
        startPair("back", 1);

        List<Task> tasks = passedTasks(dtf.submit(plan("back", 60, "[ \"$DTF_IT_N\" = 31 ] && sleep 5; true"),
                "back.yaml"));
        Task longOne = tasks.stream().filter(t -> t.name().equals("t31")).findFirst().orElseThrow();
        for (Task t : tasks) {
            assertEquals(t.id() + " spent one attempt", 1, t.attempt());
            if (t.seq() > longOne.seq()) {
                assertTrue(t.name() + " did not wait for the long task: " + t.finishedAt() + " vs "
                        + longOne.finishedAt(), t.finishedAt().isBefore(longOne.finishedAt()));
            }
        }
        String logs = Files.readString(files.resolve("back-a.log")) + Files.readString(files.resolve("back-b.log"));
        assertTrue(logs, logs.contains("handing back"));
    }

    @Test
    public void sigtermDrainsAWorkerFinishingItsTasksAndTakingNoNewOnes() throws Exception {
        Process drained = startWorker("drain-a", 2);
        startWorker("drain-b", 1);
        awaitWorkers("drain-a", "drain-b");
        WorkerId drainedId = workerId("drain-a");

        RunSummary run = dtf.submit(plan("drain", 8, "sleep 2"), "drain.yaml");
        RunId id = run.run().id();
        await("the worker runs two tasks", Duration.ofSeconds(60), () -> dtf.allTasks(id).stream()
                .filter(t -> t.state() == TaskState.RUNNING && drainedId.equals(t.worker())).count() == 2);
        List<Task> running = dtf.allTasks(id).stream().filter(t -> drainedId.equals(t.worker())).toList();
        Instant signalled = Instant.now();
        drained.destroy(); // SIGTERM
        assertTrue("the worker exits once its tasks are done", drained.waitFor(30, TimeUnit.SECONDS));
        assertEquals("killed by SIGTERM, after the drain", 143, drained.exitValue());

        for (Task t : running) {
            Task now = dtf.task(t.id());
            assertEquals(now.id() + " finished on the draining worker", TaskState.PASSED, now.state());
            assertEquals(drainedId, now.worker());
            assertEquals(t.attempt(), now.attempt());
        }
        RunSummary done = awaitFinished(id, Duration.ofSeconds(120));
        assertEquals(describe(done), TaskState.PASSED.name(), done.state().name());
        for (Task t : dtf.allTasks(id)) {
            if (drainedId.equals(t.worker())) {
                assertTrue(t.id() + " started on the draining worker after SIGTERM",
                        t.startedAt().isBefore(signalled));
            }
        }
        assertFalse("the drained worker unregistered", dtf.workers(new Page(0, Page.MAX_LIMIT)).items().stream()
                .anyMatch(w -> w.info().id().equals(drainedId)));
        String log = Files.readString(files.resolve("drain-a.log"));
        assertTrue(log, log.contains("drains"));
        assertTrue(log, log.contains("drained and unregistered"));
    }

    @Test
    public void theCommandLineClientSubmitsWaitsAndWritesJUnitXml() throws Exception {
        startWorker("cli-a", 2);
        awaitWorkers("cli-a");
        Path passing = files.resolve("cli-pass.yaml");
        Files.writeString(passing, plan("cli-pass", 3, "echo ok"));
        Path xml = files.resolve("cli-pass.xml");
        CliResult ok = cli("submit", passing.toString(), "--wait", "--junit-xml", xml.toString());
        assertEquals(ok.toString(), 0, ok.exit());
        assertTrue(ok.toString(), ok.out().contains("PASSED: 3 passed (of 3)"));
        String report = Files.readString(xml);
        assertTrue(report, report.contains("<testsuites name=\"cli-pass"));
        assertTrue(report, report.contains("tests=\"3\" failures=\"0\" errors=\"0\""));

        Path failing = files.resolve("cli-fail.yaml");
        Files.writeString(failing, plan("cli-fail", 2, "exit $((DTF_IT_N - 1))"));
        CliResult failed = cli("submit", failing.toString(), "--wait");
        assertEquals(failed.toString(), 1, failed.exit());
        assertTrue(failed.toString(), failed.out().contains("FAILED: 1 passed, 1 failed (of 2)"));

        CliResult invalid = cli("submit", files.resolve("cli-pass.xml").toString());
        assertEquals(invalid.toString(), 1, invalid.exit());
        assertTrue(invalid.toString(), invalid.err().startsWith("error DTF-1001: "));

        CliResult usage = cli("submit");
        assertEquals(usage.toString(), 2, usage.exit());

        CliResult list = cli("workers");
        assertEquals(list.toString(), 0, list.exit());
        assertTrue(list.toString(), list.out().startsWith("WORKER "));
        assertTrue(list.toString(), list.out().contains(workerId("cli-a").value()));
    }

    // ---------------------------------------------------------------- helpers

    /** A plan of {@code n} command tasks running {@code sh -c script} with {@code DTF_IT_N} set to 1..n. */
    /** Waits for the run to end, checks that it passed, and returns its tasks. */
    private List<Task> passedTasks(RunSummary run) throws Exception {
        RunSummary done = awaitFinished(run.run().id(), Duration.ofSeconds(180));
        assertEquals(describe(done), TaskState.PASSED.name(), done.state().name());
        return dtf.allTasks(done.run().id());
    }

    private static String plan(String name, int n, String script) {
        StringBuilder s = new StringBuilder("name: ").append(name).append("\ndefaults: {timeout: 2m}\ntasks:\n");
        for (int i = 1; i <= n; i++) {
            s.append("  - {name: t").append(i).append(", type: command, command: [sh, -c, '")
                    .append(script.replace("'", "''")).append("'], env: {DTF_IT_N: '").append(i).append("'}}\n");
        }
        return s.toString();
    }

    /** Starts workers {@code <prefix>-a} and {@code <prefix>-b} and waits until both are registered; returns the first. */
    private Process startPair(String prefix, int slots) throws Exception {
        Process first = startWorker(prefix + "-a", slots);
        startWorker(prefix + "-b", slots);
        awaitWorkers(prefix + "-a", prefix + "-b");
        return first;
    }

    private Process startWorker(String name, int slots) throws Exception {
        Path log = files.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", System.getProperty("dtf.worker.jar"), "--coordinator", url, "--slots", String.valueOf(slots),
                "--name", name, "--work-dir", files.resolve(name).toString(), "--poll-wait", "5s")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DTF_TOKEN", WORKER);
        Process p = builder.start();
        workers.add(p);
        return p;
    }

    private record CliResult(int exit, String out, String err) {
    }

    private CliResult cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                System.getProperty("dtf.client.jar")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(files, "cli", ".out");
        Path err = Files.createTempFile(files, "cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("DTF_URL", url);
        env.put("DTF_TOKEN", ADMIN);
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("dtf " + String.join(" ", args) + " did not end");
        }
        return new CliResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private WorkerId workerId(String name) {
        Map<String, WorkerId> byName = new HashMap<>();
        for (WorkerStatus w : dtf.workers(new Page(0, Page.MAX_LIMIT)).items()) {
            byName.put(w.info().name(), w.info().id());
        }
        WorkerId id = byName.get(name);
        assertNotNull("worker " + name + " is registered: " + byName, id);
        return id;
    }

    private void awaitWorkers(String... names) throws Exception {
        await("workers " + List.of(names) + " are registered", Duration.ofSeconds(60), () -> {
            List<String> registered = dtf.workers(new Page(0, Page.MAX_LIMIT)).items().stream()
                    .filter(w -> w.state() != io.dtf.api.worker.WorkerState.LOST).map(w -> w.info().name()).toList();
            return registered.containsAll(List.of(names));
        });
    }

    private RunSummary awaitFinished(RunId id, Duration max) throws Exception {
        await("run " + id + " finishes", max, () -> dtf.run(id).state().isFinished());
        return dtf.run(id);
    }

    private String describe(RunSummary run) {
        return run.run().id() + " " + run.state() + " " + run.counts().byState() + "; workers: " + workerLogs();
    }

    private String workerLogs() {
        StringBuilder s = new StringBuilder();
        try (var logs = Files.list(files)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log);
                s.append("\n--- ").append(log.getFileName()).append('\n')
                        .append(text.length() > 3000 ? text.substring(text.length() - 3000) : text);
            }
        } catch (Exception e) {
            s.append(e);
        }
        return s.toString();
    }

    private void await(String what, Duration max, Check condition) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                fail("timed out after " + max + " waiting until " + what + workerLogs());
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
