package io.dtf.executor.junit.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.executor.TaskExecution;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.testkit.TestTaskExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the executor asks of the {@code command} executor for a task. The worker's tests run real test JVMs
 * through the real command executor (io.dtf.worker.impl.standalone.JUnitTasksTest), as the standalone worker
 * and Karaf do.
 */
class JUnitTaskExecutorTest {
    @TempDir
    static Path root;
    static Path project;
    static Path launcherBase;

    /** A command executor that takes the task it is given and answers {@code answer}. */
    private static final class Command implements TaskExecutor {
        final CompletableFuture<TaskExecution> given = new CompletableFuture<>();
        final TaskResult answer;

        Command(TaskResult answer) {
            this.answer = answer;
        }

        @Override
        public TaskResult execute(TaskExecution execution) {
            given.complete(execution);
            return answer;
        }

        @SuppressWarnings("unchecked")
        List<String> argv() throws Exception {
            return (List<String>) given.get(1, TimeUnit.SECONDS).task().spec().get("command");
        }
    }

    @BeforeAll
    static void layOut() throws Exception {
        project = Files.createDirectories(root.resolve("project"));
        Files.createDirectories(project.resolve("classes"));
        launcherBase = root.resolve("launcher");
    }

    private static Command run(Map<String, Object> spec) throws Exception {
        Command command = new Command(TaskResult.of(TaskState.PASSED, null));
        new JUnitTaskExecutor(command, launcherBase, root.resolve("no-repo"))
                .execute(TestProject.execution(project, spec, Duration.ofMinutes(1)));
        return command;
    }

    @Test
    void runsTheConsoleLauncherOnThisJavaThroughTheCommandExecutor() throws Exception {
        Command command = run(Map.of("classpath", List.of("classes"), "env", Map.of("LANG", "C")));
        TaskExecution given = command.given.get(1, TimeUnit.SECONDS);
        assertEquals("command", given.task().type());
        assertEquals(Map.of("LANG", "C"), given.task().spec().get("env"));
        assertEquals(project.toString(), given.task().spec().get("workdir"));
        assertEquals(List.of("junit-reports/TEST-*.xml"), given.task().spec().get("reports"));
        List<String> argv = command.argv();
        assertEquals(JUnitTaskExecutor.javaCommand().toString(), argv.get(0));
        assertEquals(List.of("-jar", LauncherJar.extract(launcherBase).toString(), "execute"), argv.subList(1, 4));
        assertTrue(argv.contains("--class-path=" + project.resolve("classes")), argv.toString());
        assertTrue(argv.contains("--scan-class-path=" + project.resolve("classes")), "no selection: all: " + argv);
    }

    @Test
    void givesTheJvmArgsToTheTestJvm() throws Exception {
        List<String> argv = run(Map.of("classpath", List.of("classes"),
                "jvmArgs", List.of("-Dfoo=bar", "--add-opens", "java.base/java.lang=ALL-UNNAMED"))).argv();
        assertEquals(List.of("-Dfoo=bar", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-jar"), argv.subList(1, 5),
                "options of the JVM, before the launcher: " + argv);
    }

    @Test
    void selectsPackagesClassesMethodsAndTags() throws Exception {
        List<String> argv = run(Map.of("classpath", List.of("classes"), "select", Map.of("packages", List.of("p"),
                "classes", List.of("p.ATest"), "methods", List.of("p.BTest#m"), "tags", List.of("!slow")))).argv();
        assertTrue(argv.containsAll(List.of("--select-package=p", "--select-class=p.ATest", "--select-method=p.BTest#m",
                "--include-tag=!slow")), argv.toString());
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("--scan-class-path")), argv.toString());
    }

    @Test
    void saysWhenNoTestWasFound() throws Exception {
        Command command = new Command(new TaskResult(TaskState.FAILED, Duration.ofSeconds(1), 2, "exit code 2",
                List.of(), List.of(), Map.of(), null, null));
        TaskResult result = new JUnitTaskExecutor(command, launcherBase, root.resolve("no-repo"))
                .execute(TestProject.execution(project, Map.of("classpath", List.of("classes")), Duration.ofMinutes(1)));
        assertEquals(TaskState.FAILED, result.status());
        assertTrue(result.message().contains("no tests found"), result.message());
    }

    @Test
    void refusesAnEmptyClassPath() throws Exception {
        Command command = new Command(TaskResult.of(TaskState.PASSED, null));
        TaskResult result = new JUnitTaskExecutor(command, launcherBase, root.resolve("no-repo"))
                .execute(TestProject.execution(project, Map.of("classpath", List.of("missing/*.jar")), Duration.ofMinutes(1)));
        assertEquals(TaskState.ERROR, result.status());
        assertTrue(result.message().contains("class path is empty"), result.message());
        assertTrue(!command.given.isDone(), "no test JVM");
    }

    @Test
    void tellsTheWorkerOfTheProcessesTheCommandExecutorStarts() throws Exception {
        JUnitTaskExecutor delegating = new JUnitTaskExecutor(execution -> {
            execution.processStarted(ProcessHandle.current());
            return TaskResult.of(TaskState.PASSED, null);
        }, launcherBase, root.resolve("no-repo"));
        TestTaskExecution execution = TestProject.execution(project, Map.of("classpath", List.of("classes")),
                Duration.ofMinutes(1));
        delegating.execute(execution);
        assertEquals(List.of(ProcessHandle.current()), execution.processesStarted());
    }

    @Test
    void extractsTheLauncherOnce() {
        Path jar = LauncherJar.extract(launcherBase);
        assertTrue(Files.isRegularFile(jar));
        assertEquals(jar, LauncherJar.extract(launcherBase));
    }
}
