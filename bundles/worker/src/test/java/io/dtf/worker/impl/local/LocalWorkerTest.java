package io.dtf.worker.impl.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.agent.InMemoryGateway;
import io.dtf.worker.impl.agent.WorkerAgent;
import io.dtf.worker.impl.capability.CapabilityDetector;
import io.dtf.worker.impl.command.CommandTaskExecutor;
import io.dtf.worker.impl.process.ProcessRecords;
import io.dtf.worker.impl.process.ProcessTree;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

class LocalWorkerTest {
    @TempDir
    Path dir;

    private final InMemoryGateway gateway = new InMemoryGateway();

    /** The configuration as DS would make it: the given values, defaults for the rest. */
    private static LocalWorker.Config config(Map<String, Object> values) {
        return (LocalWorker.Config) Proxy.newProxyInstance(LocalWorker.Config.class.getClassLoader(),
                new Class<?>[] {LocalWorker.Config.class}, (proxy, method, args) ->
                        values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private static Map<String, Object> props(Object type, int ranking, long id) {
        Map<String, Object> props = new HashMap<>();
        props.put(TaskExecutor.PROPERTY, type);
        props.put(Constants.SERVICE_RANKING, ranking);
        props.put(Constants.SERVICE_ID, id);
        return props;
    }

    @Test
    void runsTasksWithTheBoundExecutorsAndUnregistersOnDeactivate() throws Exception {
        LocalWorker worker = new LocalWorker(gateway);
        worker.addExecutor(new CommandTaskExecutor(), props("command", 0, 1L));
        worker.activate(config(Map.of("name", "ci", "slots", 3, "labels", new String[] {"gpu, linux-x64", "big"},
                "workRoot", dir.resolve("work").toString(), "logRoot", dir.resolve("logs").toString(),
                "processRoot", dir.resolve("processes").toString(), "pollWaitMillis", 200L)));
        try {
            Task task = TestTasks.shell("r1.1", "echo hi", Duration.ofSeconds(10));
            gateway.submit(task);
            TaskResult result = gateway.awaitResult(new TaskAttempt(task.id(), 1), Duration.ofSeconds(10));
            assertEquals(TaskState.PASSED, result.status());
            assertTrue(result.logTail().endsWith("hi\n[dtf] exit code 0"), result.logTail());
            assertFalse(Files.exists(dir.resolve("logs/r1/r1.1-1.log")), "a short passed log is all in the tail");

            WorkerInfo info = gateway.registered();
            String host = CapabilityDetector.hostName();
            assertEquals(WorkerAgent.workerId(host, "ci"), info.id());
            assertEquals("ci", info.name());
            assertEquals(host, info.host());
            assertEquals(3, info.slots());
            assertEquals(Set.of("gpu", "linux-x64", "big"), info.capabilities().labels());
            assertEquals(Set.of("command"), info.capabilities().taskTypes(), "the types of its executors");
        } finally {
            worker.deactivate();
        }
        List<String> calls = gateway.calls();
        assertEquals("unregister", calls.get(calls.size() - 1));
    }

    @Test
    void defaultsToOneSlotPerCpuAndTheKarafDataFolder() throws Exception {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", dir.toString());
        LocalWorker worker = new LocalWorker(gateway);
        try {
            worker.activate(config(Map.of("pollWaitMillis", 200L)));
            TestTasks.await("registered", Duration.ofSeconds(5), () -> gateway.registered() != null);
            assertEquals(Runtime.getRuntime().availableProcessors(), gateway.registered().slots());
            assertEquals("local", gateway.registered().name());

            Task task = TestTasks.task("r2.1", "command", Map.of("command", List.of("true")), Duration.ofSeconds(10));
            gateway.submit(task);
            TaskResult result = gateway.awaitResult(new TaskAttempt(task.id(), 1), Duration.ofSeconds(10));
            assertEquals("no executor for task type command on this worker", result.message());
            assertEquals(dir.resolve("dtf/logs/r2/r2.1-1.log").toString(), result.logPath());
            assertTrue(Files.isDirectory(dir.resolve("dtf/work")), "its folder, left empty, is kept as a spare there");
            assertTrue(Files.isDirectory(dir.resolve("dtf/processes")), "its processes are recorded there");
        } finally {
            worker.deactivate();
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void endsTheProcessesItsPreviousLifeLeftRunningBeforeItRegisters() throws Exception {
        Path processRoot = dir.resolve("processes");
        Process leftover = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300").start();
        try {
            ProcessRecords previousLife = ProcessRecords.takeOver(processRoot);
            previousLife.record(new TaskAttempt(TaskId.of("r3.1"), 1), leftover.toHandle());
            previousLife.close(); // Karaf killed: the records stay
            CompletableFuture<Boolean> aliveAtRegistration = new CompletableFuture<>();
            gateway.onRegister(info -> aliveAtRegistration.complete(leftover.isAlive()));
            LocalWorker worker = new LocalWorker(gateway);
            worker.activate(config(Map.of("workRoot", dir.resolve("work").toString(), "logRoot",
                    dir.resolve("logs").toString(), "processRoot", processRoot.toString(), "pollWaitMillis", 200L)));
            try {
                assertFalse(aliveAtRegistration.get(10, TimeUnit.SECONDS), "ended before the worker registered");
            } finally {
                worker.deactivate();
            }
        } finally {
            ProcessTree.kill(leftover.toHandle(), Duration.ofSeconds(1));
        }
    }

    @Test
    void anExecutorThatComesLaterIsAdvertisedOnceTheWorkerHoldsNothing() throws Exception {
        LocalWorker worker = new LocalWorker(gateway);
        worker.addExecutor(new CommandTaskExecutor(), props("command", 0, 1L));
        worker.activate(config(Map.of("workRoot", dir.resolve("work").toString(), "logRoot",
                dir.resolve("logs").toString(), "processRoot", dir.resolve("processes").toString(),
                "pollWaitMillis", 10_000L)));
        try {
            TestTasks.await("registered", Duration.ofSeconds(5), () -> gateway.registered() != null);
            Task running = TestTasks.shell("r4.1", "sleep 1", Duration.ofSeconds(10));
            TaskAttempt attempt = new TaskAttempt(running.id(), 1);
            gateway.submit(running);
            TestTasks.await("r4.1 started", Duration.ofSeconds(5), () -> gateway.isStarted(attempt));
            CompletableFuture<Boolean> endedBeforeRegistration = new CompletableFuture<>();
            gateway.onRegister(info -> endedBeforeRegistration.complete(gateway.result(attempt) != null));

            TaskExecutor junit = execution -> TaskResult.of(TaskState.PASSED, null);
            worker.addExecutor(junit, props("junit", 0, 2L));
            assertTrue(endedBeforeRegistration.get(10, TimeUnit.SECONDS),
                    "registered again only once the running attempt was reported (a registration loses what it holds)");
            assertEquals(Set.of("command", "junit"), gateway.registered().capabilities().taskTypes());
            assertEquals(TaskState.PASSED, gateway.result(attempt).status());

            worker.removeExecutor(junit, props("junit", 0, 2L));
            TestTasks.await("registered without junit", Duration.ofSeconds(10),
                    () -> gateway.registered().capabilities().taskTypes().equals(Set.of("command")));
        } finally {
            worker.deactivate();
        }
    }

    @Test
    void aDisabledWorkerNeverRegisters() throws Exception {
        LocalWorker worker = new LocalWorker(gateway);
        worker.activate(config(Map.of("enabled", false)));
        assertNull(worker.agent(), "no agent: nothing that could register");
        worker.deactivate();
        assertEquals(List.of(), gateway.calls());
    }

    @Test
    void theHighestRankedExecutorOfATypeWinsAndRemovalFallsBack() {
        LocalWorker worker = new LocalWorker(gateway);
        TaskExecutor low = execution -> null;
        TaskExecutor high = execution -> null;
        TaskExecutor both = execution -> null;
        worker.addExecutor(low, props("command", 0, 1L));
        worker.addExecutor(high, props("command", 10, 2L));
        worker.addExecutor(both, props(new String[] {"junit", "browser"}, 0, 3L));
        assertSame(high, worker.executor("command"));
        assertSame(both, worker.executor("junit"));
        assertSame(both, worker.executor("browser"));

        worker.removeExecutor(high, props("command", 10, 2L));
        assertSame(low, worker.executor("command"));
        worker.removeExecutor(both, props(new String[] {"junit", "browser"}, 0, 3L));
        assertNull(worker.executor("junit"));
        assertNull(worker.executor("nope"));
    }

    @Test
    void resolvesKarafData() {
        String before = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals("/opt/karaf/data/dtf/work", LocalWorker.resolve("${karaf.data}/dtf/work"));
            assertEquals("/srv/work", LocalWorker.resolve("/srv/work"));
            System.clearProperty("karaf.data");
            assertFalse(LocalWorker.resolve("${karaf.data}/x").contains("${"));
        } finally {
            if (before != null) {
                System.setProperty("karaf.data", before);
            }
        }
        assertEquals(List.of("a", "b", "c"), LocalWorker.labels(new String[] {"a, b", " c ", ""}));
    }

    @Test
    void advertisesWhatItsBrowserPoolWasProbedToHaveWhileTheBrowserPoolIsThere() throws Exception {
        Path chromium = Path.of("/usr/lib/chromium/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driver), "no Chromium and chromedriver "
                + "(Debian: apt-get install chromium chromium-driver): the test with a real browser pool is skipped");
        ProfileSettings chrome = new ProfileSettings("chrome", "chrome", Backend.LOCAL, chromium, driver, null,
                List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--enable-unsafe-webgpu"),
                Map.of(), true, 0, 1, null);
        try (BrowserPool pool = new BrowserPool(PoolSettings.pool(50, 120, 4, true, 60, 30, 1, 100, 50, 5)
                .withProfiles(List.of(chrome)), dir.resolve("pool"), Clock.systemUTC(), slow -> { })) {
            LocalWorker worker = new LocalWorker(gateway);
            worker.activate(config(Map.of("workRoot", dir.resolve("work").toString(), "logRoot",
                    dir.resolve("logs").toString(), "processRoot", dir.resolve("processes").toString(),
                    "pollWaitMillis", 200L)));
            try {
                TestTasks.await("registered", Duration.ofSeconds(5), () -> gateway.registered() != null);
                assertFalse(gateway.registered().capabilities().webgpu(), "no pool, no WebGPU");
                assertFalse(gateway.registered().capabilities().browsersProbed(), "the PATH's browsers, not probed");

                worker.bindPool(pool);
                TestTasks.await("registered again with the pool's WebGPU", Duration.ofSeconds(60),
                        () -> gateway.registered().capabilities().webgpu());
                assertTrue(gateway.registered().capabilities().browsers().contains("chrome"));
                assertFalse(gateway.registered().capabilities().webnn(), "Debian's Chromium has no WebNN backend");
                assertTrue(gateway.registered().capabilities().browsersProbed(), "what it lacks, its browsers lack");

                worker.unbindPool(pool);
                TestTasks.await("registered again without it", Duration.ofSeconds(10),
                        () -> !gateway.registered().capabilities().webgpu());
                assertFalse(gateway.registered().capabilities().browsersProbed());
            } finally {
                worker.deactivate();
            }
        }
    }
}
