package io.dtf.executor.junit.impl;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs a {@code junit} task: JUnit Platform tests in a JVM of their own (the console launcher embedded in
 * this bundle, on the worker's own {@code java}), through the {@code command} executor, which owns the
 * process, its log, the kill of its tree on timeout or cancellation and the reading of the JUnit XML reports.
 */
@Component(service = TaskExecutor.class, property = TaskExecutor.PROPERTY + "=junit")
public final class JUnitTaskExecutor implements TaskExecutor {
    /** Where the launcher writes its reports, relative to the working directory. */
    static final String REPORTS_DIR = "junit-reports";
    /** The console launcher's exit code when no test was found ({@code --fail-if-no-tests}). */
    private static final int NO_TESTS = 2;

    private final TaskExecutor command;
    private final Supplier<Path> launcher;
    private final Supplier<Path> repository;
    private final Path java;

    @Activate
    public JUnitTaskExecutor(@Reference(target = "(" + TaskExecutor.PROPERTY + "=command)") TaskExecutor command) {
        this(command, LauncherJar.defaultBase(), MavenResolver.defaultRepository());
    }

    /**
     * An executor outside OSGi (the standalone worker), resolving {@code maven} coordinates from the local
     * repository of this JVM.
     *
     * @param command the {@code command} executor that runs the test JVM
     * @param launcherBase the folder under which the console launcher is extracted
     */
    public JUnitTaskExecutor(TaskExecutor command, Path launcherBase) {
        this(command, launcherBase, MavenResolver.defaultRepository());
    }

    JUnitTaskExecutor(TaskExecutor command, Path launcherBase, Path repository) {
        this.command = Objects.requireNonNull(command, "command");
        this.launcher = () -> LauncherJar.extract(launcherBase);
        this.repository = () -> repository;
        this.java = javaCommand();
    }

    /** The {@code java} of this JVM. */
    static Path javaCommand() {
        return ProcessHandle.current().info().command().map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Override
    public TaskResult execute(TaskExecution execution) throws InterruptedException {
        Map<String, Object> spec = execution.task().spec();
        LogSink log = execution.log();
        Path workDir = execution.workDir();
        if (!Files.isDirectory(workDir)) {
            log.line("[dtf] the working directory " + workDir + " does not exist");
            return TaskResult.of(TaskState.ERROR, "the working directory " + workDir + " does not exist");
        }
        List<String> argv;
        try {
            argv = commandLine(spec, workDir, line -> log.line("[dtf] " + line));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            log.line("[dtf] " + e.getMessage());
            return TaskResult.of(TaskState.ERROR, e.getMessage());
        }
        clearReports(workDir.resolve(REPORTS_DIR), log);
        Map<String, Object> commandSpec = new LinkedHashMap<>();
        commandSpec.put("command", argv);
        commandSpec.put("workdir", workDir.toString());
        if (spec.get("env") instanceof Map<?, ?> env) {
            commandSpec.put("env", env);
        }
        commandSpec.put("reports", List.of(REPORTS_DIR + "/TEST-*.xml"));
        Task t = execution.task();
        Task asCommand = new Task(t.id(), t.runId(), t.name(), "command", commandSpec, t.requirements(), t.priority(),
                t.tenant(), t.deadline(), t.timeout(), t.maxAttempts(), t.seq(), t.state(), t.attempt(), t.worker(),
                t.createdAt(), t.startedAt(), t.finishedAt(), t.result());
        TaskResult result = command.execute(new Delegated(asCommand, execution));
        if (result.status() == TaskState.FAILED && result.exitCode() != null && result.exitCode() == NO_TESTS
                && result.testCases().isEmpty()) {
            log.line("[dtf] no tests were found for the selection");
            return new TaskResult(result.status(), result.duration(), result.exitCode(),
                    "no tests found (exit code 2 of the JUnit console launcher)", result.testCases(),
                    result.artifacts(), result.metrics(), result.logPath(), result.logTail());
        }
        return result;
    }

    /** The launcher's command line for a task's spec. */
    List<String> commandLine(Map<String, Object> spec, Path workDir, java.util.function.Consumer<String> log) {
        List<Path> classPath = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        List<String> entries = strings(spec.get("classpath"));
        if (!entries.isEmpty()) {
            List<Path> expanded = ClassPath.expand(entries, workDir, log);
            classPath.addAll(expanded);
            roots.addAll(expanded);
        }
        List<String> coordinates = strings(spec.get("maven"));
        if (!coordinates.isEmpty()) {
            Path repo = repository.get();
            log.accept("resolving " + String.join(", ", coordinates) + " from " + repo);
            MavenResolver.Resolution resolution = new MavenResolver(repo, log).resolve(coordinates);
            roots.addAll(resolution.roots());
            for (Path p : resolution.classPath()) {
                if (!classPath.contains(p)) {
                    classPath.add(p);
                }
            }
        }
        if (classPath.isEmpty()) {
            throw new IllegalArgumentException("the class path is empty: nothing found for "
                    + (entries.isEmpty() ? "" : "classpath " + entries + " ")
                    + (coordinates.isEmpty() ? "" : "maven " + coordinates));
        }
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(strings(spec.get("jvmArgs"))); // as Surefire's argLine: options of the test JVM
        argv.add("-jar");
        argv.add(launcher.get().toString());
        argv.add("execute");
        argv.add("--disable-banner");
        argv.add("--disable-ansi-colors");
        argv.add("--details=tree");
        argv.add("--fail-if-no-tests");
        argv.add("--reports-dir=" + REPORTS_DIR);
        for (Path p : classPath) {
            argv.add("--class-path=" + p);
        }
        Map<?, ?> select = spec.get("select") instanceof Map<?, ?> m ? m : Map.of();
        List<String> packages = strings(select.get("packages"));
        List<String> classes = strings(select.get("classes"));
        List<String> methods = strings(select.get("methods"));
        packages.forEach(p -> argv.add("--select-package=" + p));
        classes.forEach(c -> argv.add("--select-class=" + c));
        methods.forEach(m -> argv.add("--select-method=" + m));
        if (packages.isEmpty() && classes.isEmpty() && methods.isEmpty()) {
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("nothing to scan for tests: no class path entry or artifact was found");
            }
            StringBuilder scan = new StringBuilder();
            for (Path root : roots) {
                scan.append(scan.isEmpty() ? "" : File.pathSeparator).append(root);
            }
            argv.add("--scan-class-path=" + scan);
        }
        strings(select.get("tags")).forEach(t -> argv.add("--include-tag=" + t));
        return argv;
    }

    /** Reports of an earlier attempt in the same folder must not count for this one. */
    private static void clearReports(Path dir, LogSink log) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.xml")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.line("[dtf] cannot remove old reports from " + dir + ": " + e.getMessage());
        }
    }

    static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<String> result = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o != null && !o.toString().isBlank()) {
                result.add(o.toString());
            }
        }
        return result;
    }

    /** The attempt as the command executor sees it: the same, but with the command task. */
    private record Delegated(Task task, TaskExecution outer) implements TaskExecution {
        @Override
        public TaskAttempt attempt() {
            return outer.attempt();
        }

        @Override
        public Path workDir() {
            return outer.workDir();
        }

        @Override
        public Map<String, String> environment() {
            return outer.environment();
        }

        @Override
        public LogSink log() {
            return outer.log();
        }

        @Override
        public Path logFile() {
            return outer.logFile();
        }

        @Override
        public Instant deadline() {
            return outer.deadline();
        }

        @Override
        public Cancellation cancellation() {
            return outer.cancellation();
        }

        @Override
        public void processStarted(ProcessHandle process) {
            outer.processStarted(process);
        }
    }
}
