package io.dtf.executor.junit.impl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.Problem;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import io.dtf.plan.TestClassEstimates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** junit tasks, read by a plan parser with this type's definition: their keys checked, and split by class. */
class JUnitTaskTypeTest {
    static final Map<String, JUnitTaskType> DEFINITIONS = Map.of("junit", new JUnitTaskType());
    static final PlanParser PARSER = new PlanParser(PlanDefaults.STANDARD, DEFINITIONS);

    @TempDir
    static Path root;

    /** classes/ holds a.ATest, a.BTest, a.CTests, b.DTestCase, b.TestE, and non-tests; lib/x.jar holds x.XTest. */
    @BeforeAll
    static void compile() throws IOException {
        Map<String, String> sources = Map.of(
                "a/ATest.java", "package a; public class ATest { static class InnerTest {} }",
                "a/BTest.java", "package a; class BTest {}",
                "a/CTests.java", "package a; public class CTests {}",
                "a/AbstractBaseTest.java", "package a; public abstract class AbstractBaseTest {}",
                "a/HelperTest.java", "package a; interface HelperTest {}",
                "a/Helper.java", "package a; class Helper {}",
                "b/DTestCase.java", "package b; class DTestCase { long l = 1L; double d = 2.0; String s = \"x\"; }",
                "b/TestE.java", "package b; class TestE {}",
                "x/XTest.java", "package x; public class XTest {}");
        Path src = root.resolve("src");
        List<String> args = new ArrayList<>(List.of("-d", root.resolve("classes").toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
        Files.createDirectories(root.resolve("lib"));
        Path x = root.resolve("classes/x/XTest.class");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(root.resolve("lib/x.jar")))) {
            jar.putNextEntry(new JarEntry("x/XTest.class"));
            Files.copy(x, jar);
            jar.closeEntry();
        }
        Files.delete(x);
    }

    private static List<String> problems(PlanParser parser, String yaml) {
        DtfException e = assertThrows(DtfException.class, () -> parser.parse(yaml, "t.yaml"));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void acceptsTheJunitKeys() {
        Plan plan = PARSER.parse("""
                name: p
                tasks:
                  - name: t
                    type: junit
                    classpath: [classes, "lib/*.jar"]
                    maven: [" org.example:lib:1.0 ", "org.example:lib:jar:tests:1.0"]
                    select: {packages: [a], classes: [], tags: [fast]}
                    workdir: /srv
                    env: {A: 1}
                """, "t.yaml");
        assertEquals(Map.of("classpath", List.of("classes", "lib/*.jar"), "maven", List.of("org.example:lib:1.0", "org.example:lib:jar:tests:1.0"),
                "select", Map.of("packages", List.of("a"), "tags", List.of("fast")), "workdir", "/srv",
                "env", Map.of("A", "1")), plan.tasks().get(0).spec());
    }

    @Test
    void jvmArgsAreSplitIntoWordsAsSurefiresArgLineIs() {
        String plan = """
                name: p
                tasks:
                  - {name: list, type: junit, classpath: [c], jvmArgs: ["--add-opens java.base/java.lang=ALL-UNNAMED", -Xmx1g]}
                  - {name: line, type: junit, classpath: [c], jvmArgs: "-Xmx1g  '-Dgreeting=hello world' -ea"}
                """;
        List<PlannedTask> tasks = PARSER.parse(plan, "t.yaml").tasks();
        assertEquals(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx1g"),
                tasks.get(0).spec().get("jvmArgs"));
        assertEquals(List.of("-Xmx1g", "-Dgreeting=hello world", "-ea"), tasks.get(1).spec().get("jvmArgs"));
    }

    @Test
    void refusesWhatIsNoJvmOptionWithTheReason() {
        assertEquals(List.of(
                "tasks[0].jvmArgs: 'Xmx1g' is not a JVM option (those start with '-')",
                "tasks[1].jvmArgs: '-cp' is set by DTF: the test classes come from 'classpath' or 'maven'",
                "tasks[2].jvmArgs[1]: the quote \" is not closed",
                "tasks[3].jvmArgs: '--add-opens' needs a value after it",
                "tasks[4].jvmArgs: must be a list of strings"),
                problems(PARSER, """
                        name: p
                        tasks:
                          - {name: a, type: junit, classpath: [c], jvmArgs: [-ea, Xmx1g]}
                          - {name: b, type: junit, classpath: [c], jvmArgs: "-cp other.jar"}
                          - {name: c, type: junit, classpath: [c], jvmArgs: [-ea, '"-Dx=a b']}
                          - {name: d, type: junit, classpath: [c], jvmArgs: [-ea, --add-opens]}
                          - {name: e, type: junit, classpath: [c], jvmArgs: {Xmx: 1g}}
                        """));
    }

    @Test
    void refusesWrongJunitKeysWithTheirLocations() {
        assertEquals(List.of(
                "tasks[0].classpath: required, or 'maven' (a junit task needs one of them)",
                "tasks[0].select.tag: unknown key (did you mean 'tags'?)",
                "tasks[0].select.classes: must be a list of strings",
                "tasks[0].split.by: must be 'class' (the only way a junit task is split)",
                "tasks[0].split.shards: must be between 1 and 1000 (is 0)",
                "tasks[1].maven[1]: 'org.example:lib' is not groupId:artifactId[:extension[:classifier]]:version",
                "tasks[1].split.shards: required (1 to 1000)",
                "tasks[2].classpath: must not be empty",
                "tasks[2].command: not a key of junit tasks (it belongs to command tasks)"),
                problems(PARSER, """
                        name: p
                        tasks:
                          - {name: a, type: junit, select: {tag: [x], classes: {}}, split: {by: method, shards: 0}}
                          - {name: b, type: junit, maven: ["g:a:1", "org.example:lib"], split: {by: class}}
                          - {name: c, type: junit, classpath: [], command: [x]}
                        """));
        // without the junit bundle, the type is refused
        assertEquals(List.of("tasks[0].type: task type 'junit' is not installed (installed: command)"),
                problems(new PlanParser(PlanDefaults.STANDARD), "{name: p, tasks: [{name: d, type: junit, classpath: [x]}]}"));
    }

    @Test
    void splitsByClassFromTheScannedClassPathWithEqualCountsWithoutHistory() {
        Plan plan = PARSER.parse("""
                name: p
                tasks:
                  - name: t
                    type: junit
                    classpath: [classes, "lib/*.jar"]
                    workdir: %s
                    select: {tags: [fast]}
                    split: {by: class, shards: 3}
                    timeout: 5m
                """.formatted(root), "t.yaml");
        assertEquals(List.of("t-1", "t-2", "t-3"), plan.tasks().stream().map(PlannedTask::name).toList());
        List<Object> selects = plan.tasks().stream().map(t -> t.spec().get("select")).map(Object.class::cast).toList();
        assertEquals(List.of(
                Map.of("classes", List.of("a.ATest", "b.DTestCase"), "tags", List.of("fast")),
                Map.of("classes", List.of("a.BTest", "b.TestE"), "tags", List.of("fast")),
                Map.of("classes", List.of("a.CTests", "x.XTest"), "tags", List.of("fast"))), selects);
        assertEquals(Duration.ofMinutes(5), plan.tasks().get(2).timeout());
        assertEquals(List.of("classes", "lib/*.jar"), plan.tasks().get(0).spec().get("classpath"));
    }

    @Test
    void splitsWithinPackagesAndBalancesByEstimates() {
        Map<String, Duration> history = Map.of("a.ATest", Duration.ofSeconds(100), "a.BTest", Duration.ofSeconds(60),
                "a.CTests", Duration.ofSeconds(50));
        PlanParser parser = new PlanParser(PARSER.defaults().withTestClassEstimates(classes -> history), DEFINITIONS);
        Plan plan = parser.parse("""
                name: p
                tasks:
                  - {name: t, type: junit, classpath: ["%s/classes"], select: {packages: [a, b]}, split: {by: class, shards: 2}}
                """.formatted(root), "t.yaml");
        // unknown classes count as the mean (70 s); longest first: A 100 | D 70, E 70 | B 60 -> 160 | C 50 -> 190
        assertEquals(List.of(Map.of("classes", List.of("a.ATest", "a.BTest")),
                Map.of("classes", List.of("a.CTests", "b.DTestCase", "b.TestE"))),
                plan.tasks().stream().map(t -> t.spec().get("select")).toList());
    }

    @Test
    void splitsListedClassesWithoutScanningAndCapsTheShards() {
        Plan plan = PARSER.parse("""
                {name: p, tasks: [{name: t, type: junit, maven: ["g:a:1"], select: {classes: [p.A, p.B]},
                  split: {by: class, shards: 5}}]}
                """, "t.yaml");
        assertEquals(List.of("t-1", "t-2"), plan.tasks().stream().map(PlannedTask::name).toList());
    }

    @Test
    void refusesASplitItCannotDo() {
        assertEquals(List.of(
                "tasks[0].split: split by class needs the test classes when the plan is read: list them in"
                        + " select.classes, or give a 'classpath' this machine can read (Maven coordinates are only"
                        + " resolved on the worker)",
                "tasks[1].split: cannot find the test classes to split by class when the plan is read: the class path"
                        + " entry 'classes' is relative and the task has no 'workdir'",
                "tasks[2].split: cannot find the test classes to split by class when the plan is read: /nowhere/x does"
                        + " not exist here",
                "tasks[3].split: no test classes (named Test*, *Test, *Tests or *TestCase) found to split in zzz",
                "tasks[4].split: cannot be combined with select.methods (split by class selects whole classes)",
                "tasks[5].split: the shard name 'taken-1' is taken by another task"),
                problems(PARSER, """
                        name: p
                        tasks:
                          - {name: m, type: junit, maven: ["g:a:1"], split: {by: class, shards: 2}}
                          - {name: r, type: junit, classpath: [classes], split: {by: class, shards: 2}}
                          - {name: n, type: junit, classpath: [/nowhere/x], split: {by: class, shards: 2}}
                          - {name: e, type: junit, classpath: [%1$s/classes], select: {packages: [zzz]}, split: {by: class, shards: 2}}
                          - {name: f, type: junit, classpath: [x], select: {methods: ["a.B#c"]}, split: {by: class, shards: 2}}
                          - {name: taken, type: junit, classpath: [x], select: {classes: [a.B]}, split: {by: class, shards: 2}}
                          - {name: taken-1, type: command, command: [x]}
                        """.formatted(root)));
    }

    @Test
    void balancesLongestFirst() {
        Map<String, Duration> d = Map.of("a", Duration.ofSeconds(9), "b", Duration.ofSeconds(5),
                "c", Duration.ofSeconds(4), "d", Duration.ofSeconds(3), "e", Duration.ofSeconds(1));
        // a 9 | b 5, c 4 -> 9 | d 3 -> 12 (tie: fewer classes) | e 1 -> 10
        assertEquals(List.of(List.of("a", "d"), List.of("b", "c", "e")),
                TestClasses.balance(List.of("a", "b", "c", "d", "e"), 2, classes -> d));
        assertEquals(List.of(List.of("a", "c", "e"), List.of("b", "d")),
                TestClasses.balance(List.of("a", "b", "c", "d", "e"), 2, TestClassEstimates.NONE));
    }

    @Test
    void scansOnlyTopLevelConcreteTestClasses() throws Exception {
        assertEquals(List.of("a.ATest", "a.BTest", "a.CTests", "b.DTestCase", "b.TestE"),
                TestClasses.scan(List.of(root.resolve("classes").toString()), null));
        try (Stream<Path> s = Files.list(root.resolve("lib"))) {
            assertEquals(1, s.count());
        }
    }
}
