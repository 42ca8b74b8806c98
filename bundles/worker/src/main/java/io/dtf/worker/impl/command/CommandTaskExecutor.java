package io.dtf.worker.impl.command;

import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.worker.impl.junit.JUnitXmlParser;
import io.dtf.worker.impl.junit.OutputBudget;
import io.dtf.worker.impl.process.ProcessTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;

/**
 * Runs a {@code command} task: one process, its output merged into the attempt's log, killed with
 * its whole tree on timeout or cancellation; JUnit XML reports it wrote are read into test cases.
 */
@Component(property = TaskExecutor.PROPERTY + "=command")
public final class CommandTaskExecutor implements TaskExecutor {
    /** How long a process tree may take to stop after it was asked to, before it is killed. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /** How long to wait for the rest of the output once the process ended. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    /** Longer lines are split: a process printing without newlines must not fill the memory. */
    private static final int MAX_LINE = 16 * 1024;
    /**
     * Threads that copy processes' output into their logs, kept between tasks: a thread started and
     * ended for every process cost the worker more than starting a short process does.
     */
    private static final ExecutorService OUTPUT_PUMPS = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "dtf-output-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    /**
     * The wait for a process's exit looks at the attempt's cancellation this often. The JDK's
     * {@code Process.onExit()} would wake the wait at once, but on a machine of 2 cores it starts a
     * thread for every process (its common pool has no threads there), which cost a worker of short
     * tasks more than this check.
     */
    private static final long CANCEL_CHECK_MILLIS = 50;

    private final JUnitXmlParser parser = new JUnitXmlParser();

    private enum End { EXITED, TIMED_OUT, CANCELLED }

    @Override
    public TaskResult execute(TaskExecution execution) throws InterruptedException {
        long start = System.nanoTime();
        LogSink log = execution.log();
        List<String> argv = strings(execution.task().spec().get("command"));
        if (argv.isEmpty()) {
            return finish(execution, start, TaskState.ERROR, null, "the task has no command", List.of(), List.of());
        }
        Path workDir = execution.workDir();
        if (!Files.isDirectory(workDir)) {
            return finish(execution, start, TaskState.ERROR, null, "the working directory " + workDir
                    + " does not exist", List.of(), List.of());
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(execution.environment());
        log.line("[dtf] $ " + String.join(" ", argv) + "   (in " + workDir + ")");

        if (execution.cancellation().isCancelled()) {
            return finish(execution, start, TaskState.CANCELLED, null, "cancelled before it started", List.of(),
                    List.of());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return finish(execution, start, TaskState.ERROR, null, e.getMessage(), List.of(), List.of());
        }
        execution.processStarted(process.toHandle());
        try {
            process.getOutputStream().close(); // no input: a command reading stdin sees its end
        } catch (IOException e) {
            // already closed
        }
        Future<?> reader = OUTPUT_PUMPS.submit(() -> pump(process.getInputStream(), log));

        End how;
        try {
            how = await(process, execution);
        } catch (InterruptedException e) {
            // the worker gives up on the attempt: its processes must not outlive it
            ProcessTree.kill(process.toHandle(), KILL_GRACE);
            throw e;
        }
        if (how != End.EXITED) {
            log.line(how == End.CANCELLED ? "[dtf] cancelled: stopping the process tree"
                    : "[dtf] timed out: stopping the process tree");
            if (!ProcessTree.kill(process.toHandle(), KILL_GRACE)) {
                log.line("[dtf] some processes of the task could not be stopped");
            }
        }
        if (!drained(reader)) {
            log.line("[dtf] the output is still open (a background process of the task holds it); not waiting");
        }
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);

        List<Path> reports = findReports(workDir, strings(execution.task().spec().get("reports")), log);
        List<TestCaseResult> cases = new ArrayList<>();
        for (Path report : reports) {
            try {
                cases.addAll(parser.parse(report));
            } catch (IOException e) {
                log.line("[dtf] cannot read the report " + report + ": " + e.getMessage());
            }
        }
        List<TestCaseResult> bounded = OutputBudget.apply(cases, OutputBudget.TASK_LIMIT);
        if (bounded != cases) {
            log.line("[dtf] the test cases printed more than " + OutputBudget.TASK_LIMIT + " characters in all: "
                    + "failed ones keep their output first, some passed ones keep none");
            cases = bounded;
        }
        List<String> artifacts = reports.stream().map(Path::toString).toList();
        return switch (how) {
            case CANCELLED -> finish(execution, start, TaskState.CANCELLED, null, "cancelled", cases, artifacts);
            case TIMED_OUT -> finish(execution, start, TaskState.TIMED_OUT, null, "timed out after "
                    + timeout(execution, start), cases, artifacts);
            case EXITED -> exited(execution, start, process.exitValue(), cases, artifacts);
        };
    }

    private TaskResult exited(TaskExecution execution, long start, int exitCode, List<TestCaseResult> cases,
                              List<String> artifacts) {
        execution.log().line("[dtf] exit code " + exitCode);
        long failed = cases.stream()
                .filter(c -> c.status().isFailure()).count();
        TaskState status;
        String message;
        if (exitCode != 0) {
            status = TaskState.FAILED;
            message = "exit code " + exitCode + (failed > 0 ? ", " + failed + " failed test cases" : "");
        } else if (failed > 0) {
            status = TaskState.FAILED;
            message = failed + " of " + cases.size() + " test cases failed";
        } else {
            status = TaskState.PASSED;
            message = null;
        }
        return new TaskResult(status, elapsed(start), exitCode, message, cases, artifacts, Map.of(), null, null);
    }

    /** A result without its log: the worker adds the log's file and tail once the attempt is over. */
    private static TaskResult finish(TaskExecution execution, long start, TaskState status, Integer exitCode,
                                     String message, List<TestCaseResult> cases, List<String> artifacts) {
        if (message != null) {
            execution.log().line("[dtf] " + message);
        }
        return new TaskResult(status, elapsed(start), exitCode, message, cases, artifacts, Map.of(), null, null);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The task's timeout as the plan gave it, else the time from start to the deadline. */
    private static Duration timeout(TaskExecution execution, long start) {
        Duration timeout = execution.task().timeout();
        if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
            return timeout;
        }
        Instant began = Instant.now().minus(elapsed(start));
        return Duration.ofSeconds(Math.max(0, Duration.between(began, execution.deadline()).toSeconds()));
    }

    /** Waits until the process exits, the attempt is cancelled or its deadline passes. */
    private static End await(Process process, TaskExecution execution) throws InterruptedException {
        long slice = 0; // a process that has already ended counts as exited, whatever came meanwhile
        while (true) {
            if (process.waitFor(slice, TimeUnit.MILLISECONDS)) {
                return End.EXITED;
            }
            if (execution.cancellation().isCancelled()) {
                return End.CANCELLED;
            }
            long left = Duration.between(Instant.now(), execution.deadline()).toMillis();
            if (left <= 0) {
                return End.TIMED_OUT;
            }
            slice = Math.min(left, CANCEL_CHECK_MILLIS);
        }
    }

    /** Whether the output was copied to its end within {@link #OUTPUT_DRAIN}. */
    private static boolean drained(Future<?> reader) throws InterruptedException {
        try {
            reader.get(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillOpen) {
            return false;
        } catch (ExecutionException failed) {
            return true; // the pump ended; what it could not copy it said in the log
        }
    }

    /** Copies the process output into the log line by line. */
    private static void pump(InputStream output, LogSink log) {
        StringBuilder line = new StringBuilder();
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(output, StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        emit(line, log);
                    } else {
                        line.append(c);
                        if (line.length() >= MAX_LINE) {
                            emit(line, log);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed under us: the process is gone
        }
        if (line.length() > 0) {
            emit(line, log);
        }
    }

    private static void emit(StringBuilder line, LogSink log) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        log.line(line.toString());
        line.setLength(0);
    }

    /**
     * The files under {@code workDir} matching any of the globs (relative to it, {@code /}-separated),
     * sorted. Each glob is walked only from its literal leading folders.
     */
    static List<Path> findReports(Path workDir, List<String> globs, LogSink log) {
        TreeSet<Path> found = new TreeSet<>();
        for (String glob : globs) {
            String pattern = glob.replace('\\', '/');
            while (pattern.startsWith("./")) {
                pattern = pattern.substring(2);
            }
            String[] parts = pattern.split("/");
            int literal = 0;
            while (literal < parts.length - 1 && !hasWildcard(parts[literal])) {
                literal++;
            }
            Path base = workDir.resolve(String.join("/", List.of(parts).subList(0, literal)));
            if (!Files.isDirectory(base)) {
                if (Files.isRegularFile(workDir.resolve(pattern))) {
                    found.add(workDir.resolve(pattern).normalize());
                }
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> files = Files.walk(base)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> matcher.matches(workDir.relativize(p)) || matcher.matches(p))
                        .forEach(p -> found.add(p.normalize()));
            } catch (IOException | RuntimeException e) {
                log.line("[dtf] cannot search reports " + glob + ": " + e);
            }
        }
        if (!globs.isEmpty() && found.isEmpty()) {
            log.line("[dtf] no report matches " + globs);
        }
        return List.copyOf(found);
    }

    private static boolean hasWildcard(String part) {
        return part.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value instanceof String s ? List.of(s) : List.of();
    }
}
