package io.dtf.worker.impl.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.worker.Capabilities;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityDetectorTest {
    @TempDir
    Path dir;

    private static CapabilityDetector detector(String os, String arch, String path) {
        Map<String, String> props = Map.of("os.name", os, "os.arch", arch, "java.version", "17.0.15");
        return new CapabilityDetector(props::get, path);
    }

    private Path bin(String folder, String... programs) throws Exception {
        Path bin = Files.createDirectories(dir.resolve(folder));
        for (String program : programs) {
            Path file = Files.writeString(bin.resolve(program), "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void namesOperatingSystemsAndArchitecturesTheWayRequirementsDo() {
        assertEquals("linux", detector("Linux", "amd64", "").os());
        assertEquals("mac", detector("Mac OS X", "aarch64", "").os());
        assertEquals("windows", detector("Windows 11", "amd64", "").os());
        assertEquals("freebsd", detector("FreeBSD", "amd64", "").os());
        assertEquals("x86_64", detector("Linux", "amd64", "").arch());
        assertEquals("aarch64", detector("Mac OS X", "arm64", "").arch());
        assertEquals("riscv64", detector("Linux", "riscv64", "").arch());
    }

    @Test
    void aBrowserCountsOnlyWithItsDriver() throws Exception {
        Path browsers = bin("browsers", "chromium", "firefox");
        Path drivers = bin("drivers", "chromedriver");
        Path notExecutable = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(notExecutable.resolve("geckodriver"), "not executable");

        String path = String.join(File.pathSeparator, browsers.toString(), "", notExecutable.toString(),
                drivers.toString());
        assertEquals(Set.of("chrome"), detector("Linux", "amd64", path).browsers());
        assertEquals(Set.of(), detector("Linux", "amd64", browsers.toString()).browsers());

        Path gecko = bin("gecko", "geckodriver");
        assertEquals(Set.of("chrome", "firefox"),
                detector("Linux", "amd64", path + File.pathSeparator + gecko).browsers());
        assertTrue(detector("Linux", "amd64", path).find("chromedriver").isPresent());
        assertFalse(detector("Linux", "amd64", path).find("geckodriver").isPresent());
    }

    @Test
    void googleChromeCountsAsChrome() throws Exception {
        Path bin = bin("bin", "google-chrome", "chromedriver");
        assertEquals(Set.of("chrome"), detector("Linux", "amd64", bin.toString()).browsers());
    }

    @Test
    void detectsThisMachine() {
        Capabilities c = new CapabilityDetector().detect(List.of("gpu", "linux-x64"));
        assertEquals(Runtime.getRuntime().availableProcessors(), c.cpus());
        assertTrue(c.memoryMb() > 0);
        assertEquals(System.getProperty("java.version"), c.javaVersion());
        assertEquals(Set.of("gpu", "linux-x64"), c.labels());
        assertFalse(c.webgpu());
        assertFalse(c.webnn());
        assertFalse(CapabilityDetector.hostName().isBlank());
        assertEquals(Set.of(), c.taskTypes(), "says nothing of the task types");
        assertEquals(Set.of("command", "junit"),
                new CapabilityDetector().detect(List.of(), Set.of("command", "junit")).taskTypes());
        // physical memory, not the heap: more than this test JVM may use
        assertTrue(c.memoryMb() >= Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
