package io.dtf.executor.junit.impl;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles tiny JUnit 5 test projects and runs tasks on them; the worker's tests use it too. */
public final class TestProject {
    private TestProject() {
    }

    /** Writes the sources ({@code "demo/CalcTest.java" -> text}) under {@code src} and compiles them into {@code out}. */
    public static Path compile(Path root, Map<String, String> sources, String extraClassPath) throws IOException {
        Path src = root.resolve("src");
        Path out = root.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp",
                System.getProperty("java.class.path") + (extraClassPath == null ? "" : java.io.File.pathSeparator
                        + extraClassPath), "-nowarn", "-proc:none"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + rc);
        }
        return out;
    }

    public static void jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    static Execution execution(Path workDir, Map<String, Object> spec, Duration timeout) throws IOException {
        RunId run = new RunId("r1");
        Task task = new Task(TaskId.of(run, 1), run, "lang", "junit", spec, null, 0, "default", null, timeout, 1, 1,
                TaskState.RUNNING, 1, null, Instant.now(), Instant.now(), null, null);
        return new Execution(task, workDir, Files.createTempFile("junit-task", ".log"), Instant.now().plus(timeout));
    }

    /** A task execution whose log is a file (and kept in memory for checks). */
    static final class Execution implements TaskExecution, LogSink, Cancellation {
        private final Task task;
        private final Path workDir;
        private final Path logFile;
        private final Instant deadline;
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** The processes the executor said it started. */
        final List<ProcessHandle> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

        Execution(Task task, Path workDir, Path logFile, Instant deadline) {
            this.task = task;
            this.workDir = workDir;
            this.logFile = logFile;
            this.deadline = deadline;
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public TaskAttempt attempt() {
            return new TaskAttempt(task.id(), 1);
        }

        @Override
        public Path workDir() {
            return workDir;
        }

        @Override
        public Map<String, String> environment() {
            return System.getenv();
        }

        @Override
        public LogSink log() {
            return this;
        }

        @Override
        public Path logFile() {
            return logFile;
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public Cancellation cancellation() {
            return this;
        }

        @Override
        public synchronized void line(String line) {
            lines.add(line);
            try (OutputStream out = Files.newOutputStream(logFile, java.nio.file.StandardOpenOption.APPEND)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void onCancel(Runnable action) {
            // never cancelled
        }

        @Override
        public void processStarted(ProcessHandle process) {
            processes.add(process);
        }
    }
}
