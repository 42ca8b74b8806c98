package io.dtf.client.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's {@code bin/setenv}, which Karaf's scripts ({@code bin/client}, {@code bin/start})
 * source first: without a JAVA_HOME it takes the home of the java on the PATH, so that they do not warn
 * "JAVA_HOME not set; results may vary" on every call.
 */
@DisabledOnOs(OS.WINDOWS)
class SetenvTest {
    private static final Path SETENV = Path.of("../../karaf-distribution/src/main/resources/assembly/bin/setenv");

    @TempDir
    Path dir;

    /** JAVA_HOME after sourcing setenv with this PATH and JAVA_HOME (null: unset). */
    private String javaHomeAfterSetenv(String path, String javaHome) throws Exception {
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", ". \"$1\"; printf %s \"$JAVA_HOME\"", "sh",
                SETENV.toAbsolutePath().toString()).redirectErrorStream(true);
        Map<String, String> env = sh.environment();
        env.remove("JAVA_HOME");
        env.remove("JAVA");
        env.put("PATH", path);
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        Process p = sh.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("setenv did not end");
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** A JDK folder with bin/java, reached from another folder through a relative and an absolute link. */
    private Path fakeJdk() throws IOException {
        Path jdk = Files.createDirectories(dir.resolve("jvm/jdk-17/bin")).getParent();
        Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Path alternatives = Files.createDirectories(dir.resolve("alternatives"));
        Files.createSymbolicLink(alternatives.resolve("java"), java);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of("../alternatives/java"));
        return jdk;
    }

    @Test
    void withoutJavaHomeItIsTheHomeOfTheJavaOnThePath() throws Exception {
        Path jdk = fakeJdk();
        String javaHome = javaHomeAfterSetenv(dir.resolve("bin") + ":/usr/bin:/bin", null);
        assertEquals(jdk.toRealPath().toString(), javaHome);
    }

    @Test
    void aJavaHomeThatIsSetIsKept() throws Exception {
        fakeJdk();
        assertEquals("/opt/my-jdk", javaHomeAfterSetenv(dir.resolve("bin") + ":/usr/bin:/bin", "/opt/my-jdk"));
    }
}
