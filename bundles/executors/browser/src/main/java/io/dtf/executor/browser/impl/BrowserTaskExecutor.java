package io.dtf.executor.browser.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dtf.api.DtfException;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.executor.browser.impl.job.BrowserSpec;
import io.dtf.executor.browser.impl.job.Harness;
import io.dtf.executor.browser.impl.job.JobReport;
import io.dtf.executor.browser.impl.job.ShardedRun;
import io.dtf.executor.browser.impl.job.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs a {@code browser} task in the browser pool ({@code dtf.pool=browser}): its script (or page) as one or more
 * parts in browsers leased by what the task requires, their merge, and the checks the script made as test cases.
 * A task that no browser of the pool can serve (WebNN where the pool's browsers were probed to have none) is refused
 * before any part runs, naming what is missing. The job's result is written to {@value #RESULT_FILE} in the working
 * directory (an artifact), its numbers become the task's metrics.
 */
@Component(service = TaskExecutor.class, property = TaskExecutor.PROPERTY + "=browser")
public final class BrowserTaskExecutor implements TaskExecutor {
    /** The job's result, as JSON, in the attempt's working directory. */
    public static final String RESULT_FILE = "browser-result.json";
    /** How much of the result the log shows. */
    private static final int LOGGED_RESULT = 2000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ResourcePool pool;
    private final Path scripts;

    @Activate
    public BrowserTaskExecutor(@Reference(target = "(" + ResourcePool.PROPERTY + "=browser)") ResourcePool pool) {
        this(pool, Path.of("").toAbsolutePath());
    }

    /**
     * @param scripts where the relative script files of tasks without a {@code workdir} are read from: the worker's
     *     own folder (Karaf's home for the embedded worker), which a plan's relative paths are given from
     *     ({@code dtf:submit docs/examples/browser/webgpu-matmul.yaml})
     */
    public BrowserTaskExecutor(ResourcePool pool, Path scripts) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.scripts = scripts;
    }

    @Override
    public TaskResult execute(TaskExecution execution) throws InterruptedException {
        long started = System.nanoTime();
        LogSink log = execution.log();
        BrowserSpec spec;
        String source;
        try {
            spec = BrowserSpec.of(execution.task().spec());
        } catch (IllegalArgumentException notOurs) {
            return refused(log, TaskState.ERROR, "not a browser task's spec (was the plan read without the browser "
                    + "task type?): " + notOurs.getMessage());
        }
        try {
            source = source(spec, spec.hasWorkdir() ? execution.workDir() : scripts);
        } catch (IOException unreadable) {
            return refused(log, TaskState.FAILED, "cannot read the script " + spec.scriptFile() + ": "
                    + unreadable.getMessage());
        }
        BrowserRequirements requirements = spec.requirements(execution.task().requirements());
        try {
            List<String> missing = pool.missing(requirements);
            if (!missing.isEmpty()) {
                return refused(log, TaskState.ERROR, "refused up front: no browser of the pool has "
                        + String.join(", ", missing) + " (the pool's browsers: " + describe(pool.capabilities()) + ")");
            }
        } catch (DtfException unknown) {
            // a profile never probed is probed now: its browser may not start (binary or driver missing)
            return refused(log, TaskState.ERROR, "the browser pool cannot tell what its browsers have: "
                    + unknown.getMessage());
        }
        log.line("[dtf] running " + (spec.shards() == 1 ? "the job" : "the job as " + spec.shards() + " parts")
                + (spec.page() == null ? "" : " in " + spec.page()));
        ShardedRun.Outcome outcome = new ShardedRun(pool, spec, Harness.around(source), requirements, execution).run();
        JobReport report = new JobReport(execution.task().name(), spec.shards(), outcome);
        log(log, outcome);
        List<String> artifacts = List.of();
        if (report.hasResult()) {
            artifacts = writeResult(execution, log, report.result());
        }
        TaskResult result = report.result(Duration.ofNanos(System.nanoTime() - started), artifacts);
        log.line("[dtf] " + result.status() + " in " + result.duration().toMillis() + " ms"
                + (result.message() == null ? "" : ": " + result.message()));
        return result;
    }

    /** The script: inline, from its file (a relative path from {@code base}), or the page's own functions. */
    static String source(BrowserSpec spec, Path base) throws IOException {
        if (spec.script() != null) {
            return spec.script();
        }
        if (spec.scriptFile() == null) {
            return Harness.PAGE_FUNCTIONS;
        }
        Path file = base.resolve(spec.scriptFile()).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a file");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static TaskResult refused(LogSink log, TaskState status, String message) {
        log.line("[dtf] " + message);
        return TaskResult.of(status, message);
    }

    private static void log(LogSink log, ShardedRun.Outcome outcome) {
        List<Step> steps = new ArrayList<>(outcome.parts());
        if (outcome.merge() != null) {
            steps.add(outcome.merge());
        }
        for (Step step : steps) {
            String where = step.browser() == null ? "" : " in " + step.browser();
            if (step.outcome() == null) {
                log.line("[dtf] " + step.prefix() + step.problem() + where);
                continue;
            }
            String prefix = step.label() == null ? "" : "[" + step.label() + "] ";
            step.outcome().logs().forEach(line -> log.line(prefix + line));
            long passed = step.outcome().checks().stream().filter(c -> c.passed()).count();
            log.line("[dtf] " + step.prefix() + "ran" + where + " in " + step.took().toMillis() + " ms: " + passed
                    + " of " + step.outcome().checks().size() + " checks passed"
                    + (step.outcome().error() == null ? "" : "; the script threw: " + step.outcome().error()));
        }
    }

    private static List<String> writeResult(TaskExecution execution, LogSink log, Object result) {
        try {
            String json = JSON.writeValueAsString(result);
            log.line("[dtf] result: " + TestCaseResult.excerpt(json.replaceAll("\\s*\\n\\s*", " "), LOGGED_RESULT));
            Path file = execution.workDir().resolve(RESULT_FILE);
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
            return List.of(file.toAbsolutePath().toString());
        } catch (IOException unwritable) {
            log.line("[dtf] cannot keep the result in " + RESULT_FILE + ": " + unwritable.getMessage());
            return List.of();
        }
    }

    /** The pool's browsers in a line: {@code chrome: chrome 156, webgpu swiftshader (fallback), webnn none}. */
    static String describe(List<BrowserCapabilities> browsers) {
        return browsers.stream().map(c -> c.profile() + ": " + c.browserName() + " " + c.version()
                + ", webgpu " + (c.webgpu().available() ? c.webgpu().architecture()
                + (c.webgpu().fallbackAdapter() ? " (fallback)" : "") : "none")
                + ", webnn " + (c.webnn().devices().isEmpty() ? "none" + errors(c.webnn().errors())
                : String.join("/", c.webnn().devices())))
                .collect(Collectors.joining("; "));
    }

    /** {@code (cpu, gpu, npu: not supported)}: the devices that failed alike, together. */
    private static String errors(Map<String, String> errors) {
        Map<String, List<String>> byError = new TreeMap<>();
        errors.forEach((device, error) -> byError.computeIfAbsent(error, e -> new ArrayList<>()).add(device));
        return errors.isEmpty() ? "" : " (" + byError.entrySet().stream()
                .map(e -> e.getValue().stream().sorted().collect(Collectors.joining(", ")) + ": " + e.getKey())
                .collect(Collectors.joining("; ")) + ")";
    }
}
