package io.dtf.executor.junit.impl;

import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.testkit.TestTaskExecution;
import java.io.IOException;
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

    /** The task's first attempt in {@code workDir}: a junit task with this spec, timing out after {@code timeout}. */
    static TestTaskExecution execution(Path workDir, Map<String, Object> spec, Duration timeout) {
        RunId run = new RunId("r1");
        Task task = new Task(TaskId.of(run, 1), run, "lang", "junit", spec, null, 0, "default", null, timeout, 1, 1,
                TaskState.RUNNING, 1, null, Instant.now(), Instant.now(), null, null);
        return TestTaskExecution.of(task, workDir);
    }
}
