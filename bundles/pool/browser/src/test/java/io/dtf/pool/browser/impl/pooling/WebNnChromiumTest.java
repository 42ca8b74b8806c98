package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.PoolProperties;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.WebNnChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebNN through the pool, in the WebNN-capable Chromium of @sparticuz/chromium (.ci/install-webnn-chromium) on the
 * attach backend, next to Debian's Chromium, which has no WebNN backend: configured as docs/browser-pool.md says
 * ({@code chrome-webnn.backend = attach}, {@code chrome-webnn.binary = ...}, every other key at its default).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebNnChromiumTest {
    /** C = A x B + bias as a WebNN graph on {@code arguments[0]}'s device type; the callback gets C's elements. */
    private static final String GRAPH = """
            const [device, a, b, bias, m, k, n, done] = arguments;
            (async () => {
              const operand = shape => ({dataType: 'float32', shape});
              const context = await navigator.ml.createContext({deviceType: device});
              const builder = new MLGraphBuilder(context);
              const input = builder.input('a', operand([m, k]));
              const product = builder.matmul(input, builder.constant(operand([k, n]), new Float32Array(b)));
              const graph = await builder.build({
                  c: builder.add(product, builder.constant(operand([n]), new Float32Array(bias)))});
              const written = await context.createTensor({...operand([m, k]), writable: true});
              const read = await context.createTensor({...operand([m, n]), readable: true});
              context.writeTensor(written, new Float32Array(a));
              context.dispatch(graph, {a: written}, {c: read});
              done(Array.from(new Float32Array(await context.readTensor(read))));
            })().catch(e => done('failed: ' + e));
            """;
    private static final int M = 3;
    private static final int K = 4;
    private static final int N = 2;

    private static List<Double> values(int count, Function<Integer, Double> element) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(element.apply(i));
        }
        return values;
    }

    /** C = A x B + bias, computed here: small halves, exact in float32. */
    private static List<Double> expected(List<Double> a, List<Double> b, List<Double> bias) {
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double sum = bias.get(j);
                for (int x = 0; x < K; x++) {
                    sum += a.get(i * K + x) * b.get(x * N + j);
                }
                c.add(sum);
            }
        }
        return c;
    }

    private static List<Double> numbers(Object result) {
        assertTrue(result instanceof List<?>, "the graph's product, not: " + result);
        return ((List<?>) result).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    @Test
    void theWebNnChromiumIsProbedWithWebNnOnTheCpuAndComputesAGraphOnEachDeviceItHas() throws Exception {
        Path binary = WebNnChromium.assumeInstalled();
        Path dir = Files.createTempDirectory("dtf-pool-webnn");
        Set<Long> pids = new HashSet<>();
        try (BrowserPool pool = new BrowserPool(PoolProperties.settings(WebNnChromium.properties(binary, 1)), dir,
                Clock.systemUTC(), slow -> {
                })) {
            long probing = System.nanoTime();
            Map<String, BrowserCapabilities> probed = pool.capabilities().stream()
                    .collect(Collectors.toMap(BrowserCapabilities::profile, Function.identity()));
            long ready = System.nanoTime();
            BrowserCapabilities webnn = probed.get(WebNnChromium.PROFILE);
            System.out.println("both profiles probed in " + (ready - probing) / 1_000_000 + " ms; " + webnn.profile()
                    + ": " + webnn.browserName() + " " + webnn.version() + ", " + webnn.webnn());

            assertEquals(Set.of(), probed.get("chrome").webnn().devices(), "Debian's Chromium has no WebNN backend");
            assertEquals("attach", webnn.backend());
            assertTrue(webnn.version().startsWith("153."), webnn.version());
            assertTrue(webnn.webnn().api(), "navigator.ml: " + webnn.webnn());
            assertTrue(webnn.webnn().devices().contains("cpu"), "a WebNN context on the cpu: " + webnn.webnn());
            assertEquals("swiftshader", webnn.webgpu().architecture(), "WebGPU on SwiftShader too: " + webnn.webgpu());
            BrowserRequirements onCpu = new BrowserRequirements(null, null, null, Set.of(), true, Set.of("cpu"));
            assertEquals(List.of(), pool.missing(onCpu));

            List<Double> a = values(M * K, i -> (i % 5 - 2) / 2.0);
            List<Double> b = values(K * N, i -> (i % 3 - 1) / 2.0);
            List<Double> bias = values(N, j -> j - 0.5);
            Map<String, Long> millis = new LinkedHashMap<>();
            try (ResourceLease lease = pool.lease(LeaseRequest.of(onCpu, "webnn-test"))) {
                assertEquals(WebNnChromium.PROFILE, lease.capabilities().profile(), "the lease goes to the WebNN build");
                pool.status().browsers().forEach(browser -> pids.addAll(browser.pids()));
                for (String device : webnn.webnn().devices()) {
                    long started = System.nanoTime();
                    Object c = lease.executeAsync(GRAPH, List.of(device, a, b, bias, M, K, N), Duration.ofSeconds(30));
                    millis.put(device, (System.nanoTime() - started) / 1_000_000);
                    assertEquals(expected(a, b, bias), numbers(c), "matmul + add on the " + device);
                }
            }
            System.out.println("WebNN devices " + webnn.webnn().devices() + ", graph built and run in ms " + millis);
        } finally {
            assertTrue(RealChromium.await(() -> RealChromium.running(pids, dir.toString()).isEmpty(),
                    Duration.ofSeconds(5)), "left: " + RealChromium.running(pids, dir.toString()));
            TransactionLog.deleteTree(dir);
        }
    }
}
