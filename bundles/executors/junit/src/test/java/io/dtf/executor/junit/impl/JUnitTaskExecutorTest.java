package io.dtf.executor.junit.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.worker.impl.command.CommandTaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real JUnit tests in real processes through the real command executor. */
class JUnitTaskExecutorTest {
    static final String CALC = """
            package demo;
            import org.junit.jupiter.api.*;
            class CalcTest {
                @Test void adds() { Assertions.assertEquals(4, 2 + 2); }
                @Test void fails() { Assertions.assertEquals(5, 2 + 2, "arithmetic"); }
                @Disabled("not today") @Test void skipped() { }
            }
            """;
    static final String TAGGED = """
            package demo;
            import org.junit.jupiter.api.*;
            class TaggedTest {
                @Tag("slow") @Test void slow() { }
                @Test void fast() { }
            }
            """;
    static final String SLEEPY = """
            package sleepy;
            import org.junit.jupiter.api.*;
            class SleepTest {
                @Test void sleeps() throws Exception { Thread.sleep(120_000); }
            }
            """;

    @TempDir
    static Path root;
    static Path launcherBase;
    static JUnitTaskExecutor executor;

    @BeforeAll
    static void compile() throws IOException {
        TestProject.compile(root.resolve("project"), Map.of("demo/CalcTest.java", CALC,
                "demo/TaggedTest.java", TAGGED), null);
        TestProject.compile(root.resolve("sleepy"), Map.of("sleepy/SleepTest.java", SLEEPY), null);
        launcherBase = root.resolve("launcher");
        executor = new JUnitTaskExecutor(new CommandTaskExecutor(), launcherBase, root.resolve("no-repo"));
    }

    private static TaskResult run(Map<String, Object> spec, Duration timeout) throws Exception {
        return executor.execute(TestProject.execution(root.resolve("project"), spec, timeout));
    }

    private static Map<String, TestCaseStatus> byName(TaskResult result) {
        return result.testCases().stream().collect(Collectors.toMap(c -> c.className() + "#" + c.name(),
                TestCaseResult::status, (a, b) -> a, TreeMap::new));
    }

    @Test
    void runsEveryTestOfTheClassPathAndReportsEachOne() throws Exception {
        TaskResult result = run(Map.of("classpath", List.of("classes")), Duration.ofMinutes(2));
        Map<String, TestCaseStatus> cases = byName(result);
        assertEquals(TaskState.FAILED, result.status(), result.logTail());
        assertEquals(TestCaseStatus.PASSED, cases.get("demo.CalcTest#adds()"), cases.toString());
        assertEquals(TestCaseStatus.FAILED, cases.get("demo.CalcTest#fails()"), cases.toString());
        assertEquals(TestCaseStatus.SKIPPED, cases.get("demo.CalcTest#skipped()"), cases.toString());
        assertEquals(TestCaseStatus.PASSED, cases.get("demo.TaggedTest#slow()"), cases.toString());
        assertEquals(TestCaseStatus.PASSED, cases.get("demo.TaggedTest#fast()"), cases.toString());
        assertEquals(5, cases.size(), cases.toString());
    }

    @Test
    void selectsClassesAndTags() throws Exception {
        TaskResult result = run(Map.of("classpath", List.of("classes"),
                "select", Map.of("classes", List.of("demo.TaggedTest"), "tags", List.of("slow"))), Duration.ofMinutes(2));
        assertEquals(TaskState.PASSED, result.status(), result.logTail());
        assertEquals(Map.of("demo.TaggedTest#slow()", TestCaseStatus.PASSED), byName(result));
    }

    @Test
    void selectsMethodsAndPackages() throws Exception {
        TaskResult result = run(Map.of("classpath", List.of(root.resolve("project/classes").toString()),
                "select", Map.of("methods", List.of("demo.CalcTest#adds"), "packages", List.of("nothing.here"))),
                Duration.ofMinutes(2));
        assertEquals(TaskState.PASSED, result.status(), result.logTail());
        assertEquals(Map.of("demo.CalcTest#adds()", TestCaseStatus.PASSED), byName(result));
    }

    @Test
    void killsTheTestJvmOnTimeout() throws Exception {
        long start = System.nanoTime();
        TaskResult result = run(Map.of("classpath", List.of("../sleepy/classes")), Duration.ofSeconds(4));
        assertEquals(TaskState.TIMED_OUT, result.status(), result.logTail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("sleepy")), "the test JVM was killed");
    }

    @Test
    void saysWhenNoTestWasFound() throws Exception {
        TaskResult result = run(Map.of("classpath", List.of("classes"),
                "select", Map.of("packages", List.of("demo"), "tags", List.of("nonexistent"))), Duration.ofMinutes(2));
        assertEquals(TaskState.FAILED, result.status());
        assertTrue(result.message().contains("no tests found"), result.message());
    }

    @Test
    void refusesAnEmptyClassPath() throws Exception {
        TaskResult result = run(Map.of("classpath", List.of("missing/*.jar")), Duration.ofMinutes(1));
        assertEquals(TaskState.ERROR, result.status());
        assertTrue(result.message().contains("class path is empty"), result.message());
    }

    @Test
    void tellsTheWorkerOfTheProcessesTheCommandExecutorStarts() throws Exception {
        JUnitTaskExecutor delegating = new JUnitTaskExecutor(execution -> {
            execution.processStarted(ProcessHandle.current());
            return TaskResult.of(TaskState.PASSED, null);
        }, launcherBase, root.resolve("no-repo"));
        TestProject.Execution execution = TestProject.execution(root.resolve("project"),
                Map.of("classpath", List.of("classes")), Duration.ofMinutes(1));
        delegating.execute(execution);
        assertEquals(List.of(ProcessHandle.current()), execution.processes);
    }

    @Test
    void extractsTheLauncherOnce() {
        Path jar = LauncherJar.extract(launcherBase);
        assertTrue(Files.isRegularFile(jar));
        assertEquals(jar, LauncherJar.extract(launcherBase));
    }
}
