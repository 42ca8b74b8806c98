package io.dtf.executor.junit.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coordinates resolved from a fake local repository laid out by the test. */
class MavenResolverTest {
    @TempDir
    static Path root;
    static Path repo;

    /**
     * com.example:demo-tests:1.0 (tests, parent com.example:parent:1) needs com.example:helper:${helper.version}
     * (the parent's property, 2.0), whose pom needs com.example:util (version from the parent's
     * dependencyManagement via ${project.version}) and excludes nothing; test, provided and optional
     * dependencies, a missing pom and an excluded one are left out.
     */
    @BeforeAll
    static void layOut() throws IOException {
        repo = root.resolve("repo");
        Path helper = TestProject.compile(root.resolve("helper"), Map.of("lib/Helper.java",
                "package lib; public class Helper { public static int answer() { return util.Util.FORTY_TWO; } }",
                "util/Util.java", "package util; public class Util { public static final int FORTY_TWO = 42; }"), null);
        // util is split out into a jar of its own
        Path utilClasses = root.resolve("util-classes/util");
        Files.createDirectories(utilClasses);
        Files.move(helper.resolve("util/Util.class"), utilClasses.resolve("Util.class"));
        TestProject.jar(root.resolve("util-classes"), artifact("com.example", "util", "1.0", "jar"));
        TestProject.jar(helper, artifact("com.example", "helper", "2.0", "jar"));
        Path tests = TestProject.compile(root.resolve("tests"), Map.of("mvn/UsesHelperTest.java", """
                package mvn;
                import org.junit.jupiter.api.*;
                class UsesHelperTest {
                    @Test void answers() { Assertions.assertEquals(42, lib.Helper.answer()); }
                }
                """), root.resolve("helper/classes") + java.io.File.pathSeparator + root.resolve("util-classes"));
        TestProject.jar(tests, artifact("com.example", "demo-tests", "1.0", "jar"));
        pom("com.example", "parent", "1", """
                <project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version>
                  <packaging>pom</packaging>
                  <properties><helper.version>2.0</helper.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>com.example</groupId><artifactId>util</artifactId><version>1.0</version></dependency>
                  </dependencies></dependencyManagement>
                </project>""");
        pom("com.example", "demo-tests", "1.0", """
                <project><modelVersion>4.0.0</modelVersion><parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version></parent>
                  <artifactId>demo-tests</artifactId><version>1.0</version>
                  <dependencies>
                    <dependency><groupId>${project.groupId}</groupId><artifactId>helper</artifactId>
                      <version>${helper.version}</version>
                      <exclusions><exclusion><groupId>com.example</groupId><artifactId>banned</artifactId></exclusion></exclusions>
                    </dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope></dependency>
                    <dependency><groupId>com.example</groupId><artifactId>container</artifactId><version>1</version><scope>provided</scope></dependency>
                    <dependency><groupId>com.example</groupId><artifactId>extra</artifactId><version>1</version><optional>true</optional></dependency>
                  </dependencies>
                </project>""");
        pom("com.example", "helper", "2.0", """
                <project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>helper</artifactId><version>2.0</version>
                  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version></parent>
                  <dependencies>
                    <dependency><groupId>com.example</groupId><artifactId>util</artifactId></dependency>
                    <dependency><groupId>com.example</groupId><artifactId>banned</artifactId><version>1</version></dependency>
                    <dependency><groupId>com.example</groupId><artifactId>absent</artifactId><version>9</version><scope>runtime</scope></dependency>
                  </dependencies>
                </project>""");
    }

    private static Path artifact(String g, String a, String v, String ext) {
        return repo.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + "." + ext);
    }

    private static void pom(String g, String a, String v, String xml) throws IOException {
        Path pom = artifact(g, a, v, "pom");
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, xml);
    }

    @Test
    void resolvesTheJarAndItsRuntimeDependencies() {
        List<String> log = new ArrayList<>();
        MavenResolver.Resolution r = new MavenResolver(repo, log::add)
                .resolve(List.of("com.example:demo-tests:1.0", "not-a-coordinate"));
        assertEquals(List.of(artifact("com.example", "demo-tests", "1.0", "jar")), r.roots());
        assertEquals(List.of(artifact("com.example", "demo-tests", "1.0", "jar"),
                artifact("com.example", "helper", "2.0", "jar"), artifact("com.example", "util", "1.0", "jar")),
                r.classPath());
        String all = String.join("\n", log);
        assertTrue(all.contains("'not-a-coordinate' is not groupId:artifactId[:extension[:classifier]]:version"), all);
        assertTrue(all.contains("absent"), all); // the missing runtime dependency is logged
        assertTrue(!all.contains("banned") && !all.contains("container") && !all.contains("extra"), all);
    }

    @Test
    void resolvesAClassifierAndTheDependenciesOfProfilesActiveOnThisJava() throws IOException {
        Files.copy(artifact("com.example", "demo-tests", "1.0", "jar"),
                repo.resolve("com/example/demo-tests/1.0/demo-tests-1.0-tests.jar"));
        TestProject.jar(root.resolve("util-classes"), artifact("com.example", "profiled", "1", "jar"));
        // as org.apache.karaf.features.core 4.4.10, whose java9-plus profile adds javax.activation
        pom("com.example", "profiled", "1", """
                <project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>profiled</artifactId>
                  <version>1</version>
                  <profiles><profile><id>java9-plus</id><activation><jdk>[9,)</jdk></activation>
                    <dependencies><dependency><groupId>com.example</groupId><artifactId>util</artifactId><version>1.0</version></dependency></dependencies>
                  </profile></profiles>
                </project>""");
        MavenResolver.Resolution r = new MavenResolver(repo, line -> { })
                .resolve(List.of("com.example:demo-tests:jar:tests:1.0", "com.example:profiled:1"));
        assertEquals(List.of(repo.resolve("com/example/demo-tests/1.0/demo-tests-1.0-tests.jar"),
                artifact("com.example", "profiled", "1", "jar")), r.roots());
        assertTrue(r.classPath().containsAll(List.of(artifact("com.example", "helper", "2.0", "jar"),
                artifact("com.example", "util", "1.0", "jar"))), r.classPath().toString());
    }

    @Test
    void theResolvedJarsAreTheTestJvmsClassPathAndTheRootsAreScanned() throws Exception {
        List<String> argv = new ArrayList<>();
        JUnitTaskExecutor executor = new JUnitTaskExecutor(execution -> null, root.resolve("launcher"), repo);
        argv.addAll(executor.commandLine(Map.of("maven", List.of("com.example:demo-tests:1.0")), root, l -> { }));
        assertTrue(argv.containsAll(List.of("--class-path=" + artifact("com.example", "demo-tests", "1.0", "jar"),
                "--class-path=" + artifact("com.example", "helper", "2.0", "jar"),
                "--class-path=" + artifact("com.example", "util", "1.0", "jar"),
                "--scan-class-path=" + artifact("com.example", "demo-tests", "1.0", "jar"))), argv.toString());
    }
}
