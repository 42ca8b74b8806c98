package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.JobOptions;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A GPU process killed while a job uses a WebGPU device: Chromium starts another and still gives an adapter, but the
 * job's device is lost and the job fails. That is the browser's failure: the job is retried in a fresh browser.
 */
class GpuProcessLossTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Holds a WebGPU buffer across a pause (arguments[0] ms), then reads it: 4 floats, or the error. */
    private static final String HOLD_A_DEVICE = """
            const done = arguments[arguments.length - 1];
            const pause = arguments[0];
            (async () => {
              const adapter = await navigator.gpu.requestAdapter();
              const device = await adapter.requestDevice();
              const buffer = device.createBuffer({size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST});
              await new Promise(resolve => setTimeout(resolve, pause));
              await buffer.mapAsync(GPUMapMode.READ);
              done(new Float32Array(buffer.getMappedRange()).length);
            })().catch(e => done('error: ' + e));
            """;

    private Path dir;

    @BeforeEach
    void directory() throws Exception {
        RealChromium.assumeInstalled();
        dir = Files.createTempDirectory("dtf-pool-gpu");
    }

    @AfterEach
    void removeDirectory() {
        TransactionLog.deleteTree(dir);
    }

    @Test
    void aJobWhoseGpuProcessIsKilledIsRetriedInAFreshBrowser() throws Exception {
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger tries = new AtomicInteger();
        try (BrowserPool pool = new BrowserPool(RealChromium.settings(1, RealChromium.profile(0, 1)), dir,
                Clock.systemUTC(), slow -> {
                })) {
            Object floats = pool.run(LeaseRequest.of(BrowserRequirements.ANY.withWebGpu(true), "gpu loss")
                    .withMaxWait(WAIT), JobOptions.of("gpu-loss", Duration.ofSeconds(10)), session -> {
                        ScheduledFuture<?> kill = null;
                        if (tries.incrementAndGet() == 1) {
                            String browser = ((ResourceLease) session).browserId();
                            List<Long> pids = pool.status().browsers().stream().filter(b -> b.id().equals(browser))
                                    .flatMap(b -> b.pids().stream()).toList();
                            kill = killer.schedule(() -> pids.forEach(pid -> RealChromium.children(pid,
                                    "--type=gpu-process").forEach(ProcessHandle::destroyForcibly)), 300,
                                    TimeUnit.MILLISECONDS);
                        }
                        Object result = session.executeAsync(HOLD_A_DEVICE, List.of(1000), Duration.ofSeconds(10));
                        if (kill != null) {
                            kill.get(); // the kill landed during the try
                        }
                        if (!(result instanceof Number)) {
                            throw new IllegalStateException("the job gave " + result);
                        }
                        return result;
                    });
            assertEquals(4L, ((Number) floats).longValue());
            assertEquals(2, tries.get(), "retried once");
            assertEquals(1L, pool.status().counters().get("fault.NO_ADAPTER"));
            assertFalse(pool.status().browsers().stream().anyMatch(b -> b.uses() > 1), "in a fresh browser");
        } finally {
            killer.shutdownNow();
        }
    }
}
