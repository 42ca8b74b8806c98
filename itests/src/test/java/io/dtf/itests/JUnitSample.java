package io.dtf.itests;

import static org.junit.Assert.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JUnit 5 test classes of {@code src/test/resources/junit-sample}, compiled outside any container against
 * the JUnit console launcher (which holds the API) for junit tasks to run: {@code sample.CalculatorChecks} (two
 * pass, one fails, one is disabled) and {@code sample.JvmArgsChecks} (passes only in a JVM started with
 * {@code -Ddtf.sample.flag=on}).
 */
final class JUnitSample {
    private static final List<String> CLASSES = List.of("CalculatorChecks", "JvmArgsChecks");

    private JUnitSample() {
    }

    /** Compiles the sample into {@code target/junit-sample} and returns that class folder. */
    static String compile() throws Exception {
        Path out = Path.of("target", "junit-sample").toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("-cp", consoleLauncher().toString(), "-d", out.toString()));
        for (String name : CLASSES) {
            Path source = out.resolve("sample/" + name + ".java");
            Files.createDirectories(source.getParent());
            try (InputStream text = JUnitSample.class.getResourceAsStream("/junit-sample/" + name + ".java.txt")) {
                Files.write(source, text.readAllBytes());
            }
            args.add(source.toString());
        }
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertEquals("the sample compiles", 0, compiled);
        return out.toString();
    }

    private static Path consoleLauncher() {
        return Path.of(System.getProperty("maven.repo.local"), "org", "junit", "platform",
                "junit-platform-console-standalone", "1.14.1", "junit-platform-console-standalone-1.14.1.jar");
    }
}
