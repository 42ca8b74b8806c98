package io.dtf.worker.impl.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.executor.junit.impl.TestProject;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.agent.InMemoryGateway;
import io.dtf.worker.impl.agent.WorkerAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone worker runs {@code junit} tasks: its agent with the executors of dtf-worker.jar, real test
 * JVMs through the real command executor, on tiny test classes compiled here.
 */
class JUnitTasksTest {
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
    /** Passes only with {@code -Dfoo=bar --add-opens java.base/java.lang=ALL-UNNAMED} on the test JVM. */
    static final String JVM_ARGS = """
            package args;
            import org.junit.jupiter.api.*;
            class JvmArgsTest {
                @Test void seesTheSystemProperty() { Assertions.assertEquals("bar", System.getProperty("foo")); }
                @Test void mayOpenJavaLang() throws Exception { String.class.getDeclaredField("value").setAccessible(true); }
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
    static Path classes;
    static Path sleepyClasses;
    static final InMemoryGateway GATEWAY = new InMemoryGateway();
    static WorkerAgent agent;
    static final AtomicInteger TASKS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        classes = TestProject.compile(root.resolve("project"), Map.of("demo/CalcTest.java", CALC,
                "demo/TaggedTest.java", TAGGED, "args/JvmArgsTest.java", JVM_ARGS), null);
        sleepyClasses = TestProject.compile(root.resolve("sleepy"), Map.of("sleepy/SleepTest.java", SLEEPY), null);
        // a local Maven repository with the tests as com.example:calc:1.0 (classifier tests), for maven coordinates
        Path repo = root.resolve("repo");
        Path calc = repo.resolve("com/example/calc/1.0");
        java.nio.file.Files.createDirectories(calc);
        TestProject.jar(classes, calc.resolve("calc-1.0-tests.jar"));
        java.nio.file.Files.writeString(calc.resolve("calc-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>com.example</groupId><artifactId>calc</artifactId><version>1.0</version></project>");
        String before = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", repo.toString());
        Map<String, TaskExecutor> executors;
        try {
            executors = WorkerMain.executors(root.resolve("worker"), null);
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
        WorkerInfo info = new WorkerInfo(WorkerId.of("test-junit"), "junit", "test",
                new Capabilities("linux", "x86_64", 2, 1024, "17", null, null, false, false, executors.keySet()), 2, 0);
        agent = new WorkerAgent(GATEWAY, info, executors::get, root.resolve("worker/work"), root.resolve("worker/logs"),
                Duration.ofSeconds(10));
        agent.start();
    }

    @AfterAll
    static void stop() {
        agent.shutdown();
    }

    private static TaskResult run(Map<String, Object> spec, Duration timeout) throws InterruptedException {
        Map<String, Object> withClasses = new HashMap<>(spec);
        withClasses.putIfAbsent("classpath", List.of(classes.toString()));
        Task task = TestTasks.task("r1." + TASKS.incrementAndGet(), "junit", withClasses, timeout);
        GATEWAY.submit(task);
        return GATEWAY.awaitResult(new TaskAttempt(task.id(), 1), timeout.plusSeconds(30));
    }

    private static Map<String, TestCaseStatus> byName(TaskResult result) {
        return result.testCases().stream().collect(Collectors.toMap(c -> c.className() + "#" + c.name(),
                TestCaseResult::status, (a, b) -> a, TreeMap::new));
    }

    @Test
    void runsATaskWithItsJvmArgsOnTheTestJvm() throws Exception {
        Map<String, Object> select = Map.of("classes", List.of("args.JvmArgsTest"));
        TaskResult with = run(Map.of("select", select,
                "jvmArgs", List.of("-Dfoo=bar", "--add-opens", "java.base/java.lang=ALL-UNNAMED")), Duration.ofMinutes(2));
        assertEquals(TaskState.PASSED, with.status(), with.logTail());
        assertEquals(Map.of("args.JvmArgsTest#mayOpenJavaLang()", TestCaseStatus.PASSED,
                "args.JvmArgsTest#seesTheSystemProperty()", TestCaseStatus.PASSED), byName(with));

        TaskResult without = run(Map.of("select", select), Duration.ofMinutes(2));
        assertEquals(Map.of("args.JvmArgsTest#mayOpenJavaLang()", TestCaseStatus.ERROR,
                "args.JvmArgsTest#seesTheSystemProperty()", TestCaseStatus.FAILED), byName(without),
                "the same tests fail without them");
    }

    @Test
    void runsEveryTestOfTheClassPathAndReportsEachOne() throws Exception {
        TaskResult result = run(Map.of("select", Map.of("packages", List.of("demo"))), Duration.ofMinutes(2));
        Map<String, TestCaseStatus> cases = byName(result);
        assertEquals(TaskState.FAILED, result.status(), result.logTail());
        assertEquals(Map.of("demo.CalcTest#adds()", TestCaseStatus.PASSED, "demo.CalcTest#fails()", TestCaseStatus.FAILED,
                "demo.CalcTest#skipped()", TestCaseStatus.SKIPPED, "demo.TaggedTest#slow()", TestCaseStatus.PASSED,
                "demo.TaggedTest#fast()", TestCaseStatus.PASSED), cases);
    }

    @Test
    void selectsClassesMethodsAndTags() throws Exception {
        TaskResult tagged = run(Map.of("select", Map.of("classes", List.of("demo.TaggedTest"), "tags", List.of("slow"))),
                Duration.ofMinutes(2));
        assertEquals(TaskState.PASSED, tagged.status(), tagged.logTail());
        assertEquals(Map.of("demo.TaggedTest#slow()", TestCaseStatus.PASSED), byName(tagged));
        TaskResult method = run(Map.of("select", Map.of("methods", List.of("demo.CalcTest#adds"))), Duration.ofMinutes(2));
        assertEquals(Map.of("demo.CalcTest#adds()", TestCaseStatus.PASSED), byName(method));
    }

    @Test
    void runsTheTestsOfMavenCoordinates() throws Exception {
        TaskResult result = run(Map.of("classpath", List.of(), "maven", List.of("com.example:calc:jar:tests:1.0"),
                "select", Map.of("classes", List.of("demo.TaggedTest"))), Duration.ofMinutes(2));
        assertEquals(TaskState.PASSED, result.status(), result.logTail());
        assertEquals(Map.of("demo.TaggedTest#slow()", TestCaseStatus.PASSED, "demo.TaggedTest#fast()",
                TestCaseStatus.PASSED), byName(result));
    }

    @Test
    void saysWhenNoTestWasFound() throws Exception {
        TaskResult result = run(Map.of("select", Map.of("packages", List.of("demo"), "tags", List.of("nonexistent"))),
                Duration.ofMinutes(2));
        assertEquals(TaskState.FAILED, result.status());
        assertTrue(result.message().contains("no tests found"), result.message());
    }

    @Test
    void killsTheTestJvmOnTimeout() throws Exception {
        long start = System.nanoTime();
        TaskResult result = run(Map.of("classpath", List.of(sleepyClasses.toString())), Duration.ofSeconds(4));
        assertEquals(TaskState.TIMED_OUT, result.status(), result.logTail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("")
                .contains(sleepyClasses.toString())), "the test JVM was killed");
    }
}
