package io.dtf.executor.browser.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.executor.browser.impl.plan.BrowserTaskType;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import io.dtf.pool.browser.impl.PoolProperties;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.testkit.TaskBuilder;
import io.dtf.testkit.TestTaskExecution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped WebNN example passes in a pool configured as docs/browser-pool.md says for WebNN: Debian's Chromium
 * ({@code chrome}) and the WebNN-capable Chromium of @sparticuz/chromium ({@code chrome-webnn}, attach backend,
 * installed by .ci/install-webnn-chromium); and the WebGPU example passes on that build too.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebNnExampleTest {
    private static final Path ROOT = Path.of("../../..").toAbsolutePath().normalize();
    private static final PlanParser PARSER = new PlanParser(PlanDefaults.STANDARD,
            Map.of("browser", new BrowserTaskType()));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the browser is when it is elsewhere (DTF_WEBNN_CHROMIUM_DIR of the install script). */
    private static final String PROPERTY = "dtf.test.webnnChromium";

    @TempDir
    Path work;

    /** The WebNN build's binary; skips the test, saying why, when it or Debian's Chromium is not installed. */
    private static Path binary() {
        RealPool.assumeInstalled();
        String configured = System.getProperty(PROPERTY, "");
        Path binary = (configured.isBlank() ? Stream.of("/opt/dtf/webnn-chromium/chromium",
                System.getProperty("user.home") + "/.cache/dtf/webnn-chromium/chromium") : Stream.of(configured))
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(binary != null, "The WebNN-capable Chromium is not installed (.ci/install-webnn-chromium puts it "
                + "into /opt/dtf/webnn-chromium or ~/.cache/dtf/webnn-chromium; -D" + PROPERTY + "=<binary> names "
                + "another place): the WebNN example's test is skipped");
        return binary;
    }

    /** A pool of {@code profiles} as etc/io.dtf.pool.browser.cfg gives them: chrome-webnn the WebNN build, attached. */
    private BrowserPool pool(String profiles) {
        return new BrowserPool(PoolProperties.settings(Map.of("profiles", profiles,
                "chrome.max", "1",
                "chrome-webnn.backend", "attach",
                "chrome-webnn.binary", binary().toString(),
                "chrome-webnn.max", "1")), work.resolve("pool"), Clock.systemUTC(), slow -> { });
    }

    private static Task example(String file) throws Exception {
        String plan = Files.readString(ROOT.resolve("docs/examples/browser").resolve(file), StandardCharsets.UTF_8);
        PlannedTask planned = PARSER.parse(plan, file).tasks().get(0);
        return TaskBuilder.task().name(planned.name()).type(planned.type()).spec(planned.spec())
                .requirements(planned.requirements()).timeout(planned.timeout()).build();
    }

    private TaskResult run(BrowserPool pool, Task task) throws Exception {
        TestTaskExecution execution = TestTaskExecution.of(task, work);
        TaskResult result = new BrowserTaskExecutor(pool, ROOT).execute(execution);
        System.out.println(String.join("\n", execution.lines()));
        assertTrue(execution.lines().stream().filter(line -> line.contains(" ran in "))
                .allMatch(line -> line.contains("chrome-headless-shell 153")), "every part in the WebNN build: "
                + execution.lines());
        return result;
    }

    private JsonNode resultFile() throws Exception {
        return JSON.readTree(work.resolve(BrowserTaskExecutor.RESULT_FILE).toFile());
    }

    private static List<String> passed(TaskResult result) {
        return result.testCases().stream().filter(c -> c.status() == TestCaseStatus.PASSED)
                .map(TestCaseResult::name).toList();
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    @Test
    void theWebNnExamplePassesOnTheWebNnBuildAndItsProductIsRight() throws Exception {
        try (BrowserPool pool = pool("chrome, chrome-webnn")) {
            assertEquals(List.of(), pool.missing(BrowserRequirements.ANY.withWebNn(true)));
            TaskResult result = run(pool, example("webnn-matmul-add.yaml"));

            assertEquals(TaskState.PASSED, result.status(), result.message());
            assertEquals(List.of("matmul + add on the cpu equals the CPU's"), passed(result));
            assertEquals(1, result.testCases().size());
            JsonNode job = resultFile();
            assertEquals("cpu", job.get("device").asText());
            // C = A x B + bias as webnn-matmul-add.js defines A, B and bias (quarters and halves: exact in float32)
            List<Double> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double sum = j - 1;
                    for (int k = 0; k < 8; k++) {
                        sum += ((i * 3 + k * 5) % 7 - 3) / 4.0 * (((k * 2 + j * 3) % 5 - 2) / 2.0);
                    }
                    expected.add(sum);
                }
            }
            assertEquals(expected, numbers(job.get("c")), "the WebNN graph's product, checked here too");
        }
    }

    @Test
    void theWebGpuExamplePassesOnTheWebNnBuildToo() throws Exception {
        // a plan names browser types, not profiles: a pool of the WebNN build alone
        try (BrowserPool pool = pool("chrome-webnn")) {
            TaskResult result = run(pool, example("webgpu-matmul.yaml"));

            assertEquals(TaskState.PASSED, result.status(), result.message());
            assertEquals(List.of("rows 0-31 equal the CPU's [shard 1/3]", "rows 32-63 equal the CPU's [shard 2/3]",
                    "rows 64-95 equal the CPU's [shard 3/3]", "the 96x96 product equals the CPU's"), passed(result));
            assertEquals(96 * 96, resultFile().get("c").size());
        }
    }
}
