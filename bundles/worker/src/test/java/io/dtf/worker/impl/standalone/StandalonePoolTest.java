package io.dtf.worker.impl.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.agent.InMemoryGateway;
import io.dtf.worker.impl.agent.WorkerAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone worker's browser pool: its settings from a .cfg file with the pool's defaults, and browser tasks run
 * by the worker in it, with real headless Chromium and the Selenium of dtf-worker.jar (no OpenTelemetry, no Byte
 * Buddy).
 */
class StandalonePoolTest {
    private static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    private Path cfg(String text) throws Exception {
        return Files.writeString(dir.resolve("io.dtf.pool.browser.cfg"), text);
    }

    private static void assumeChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no Chromium and chromedriver "
                + "(Debian: apt-get install chromium chromium-driver): the standalone browser pool is not tested");
    }

    @Test
    void anEmptyFileGivesThePoolsDefaultsAndAFileItsOwnValues() throws Exception {
        assumeChromium();
        ProfileSettings chrome = StandalonePool.settings(dir, Map.of()).profiles().get(0);
        assertEquals(List.of("chrome", "chrome", Backend.LOCAL, CHROMIUM, DRIVER, 0, 2), List.of(chrome.name(),
                chrome.type(), chrome.backend(), chrome.binary(), chrome.driver(), chrome.min(), chrome.max()));

        PoolSettings set = StandalonePool.settings(dir, Map.of("chrome.max", " 4", "maxUses", "7",
                "chrome.flags", "--headless=new --no-sandbox", "chrome.webgpu", "false", "chrome.webnn", "false"));
        assertEquals(4, set.profiles().get(0).max());
        assertEquals(7, set.maxUses());
        assertEquals(List.of("--headless=new", "--no-sandbox"), set.profiles().get(0).flags());
    }

    @Test
    void aWrongSettingIsNamed() throws Exception {
        Path file = cfg("chrome.driver = /opt/none/chromedriver\nchrome.binary = /bin/sh\n");
        WorkerMain.CannotStart e = assertThrows(WorkerMain.CannotStart.class,
                () -> StandalonePool.start(file, dir.resolve("pool")));
        assertEquals("The browser pool's settings in " + file + " are wrong: io.dtf.pool.browser: chrome.driver: "
                + "/opt/none/chromedriver does not exist or is not executable (Debian: apt-get install chromium-driver)",
                e.getMessage());
        Path many = cfg("maxUses = many\n");
        assertEquals("The browser pool's settings in " + many + " are wrong: io.dtf.pool.browser: maxUses must be a "
                + "whole number, not 'many'", assertThrows(WorkerMain.CannotStart.class,
                () -> StandalonePool.start(many, dir.resolve("pool"))).getMessage());
    }

    @Test
    void theStandaloneWorkerRunsBrowserTasksInItsPool() throws Exception {
        assumeChromium();
        InMemoryGateway gateway = new InMemoryGateway();
        try (BrowserPool pool = StandalonePool.start(cfg("chrome.max = 2\n"), dir.resolve("pool"))) {
            Map<String, TaskExecutor> executors = WorkerMain.executors(dir.resolve("worker"), pool);
            WorkerInfo info = new WorkerInfo(WorkerId.of("test-browser"), "browser", "test",
                    new Capabilities("linux", "x86_64", 2, 1024, "17", null, null, false, false, executors.keySet()),
                    1, 0);
            WorkerAgent agent = new WorkerAgent(gateway, info, executors::get, dir.resolve("worker/work"),
                    dir.resolve("worker/logs"), Duration.ofSeconds(10));
            agent.start();
            try {
                Task task = TestTasks.task("r1.1", "browser", Map.of("shards", 2, "script",
                        "dtf.check('has WebGPU', !!navigator.gpu); return [dtf.shard];"), Duration.ofMinutes(1));
                gateway.submit(task);
                TaskResult result = gateway.awaitResult(new TaskAttempt(task.id(), 1), Duration.ofSeconds(90));

                assertEquals(TaskState.PASSED, result.status(), result.message() + "\n" + result.logTail());
                assertEquals(List.of("has WebGPU [shard 1/2]", "has WebGPU [shard 2/2]"),
                        result.testCases().stream().map(TestCaseResult::name).toList());
            } finally {
                agent.shutdown();
            }
        }
    }
}
