package io.dtf.testkit;

import io.dtf.api.worker.Capabilities;
import java.util.Set;

/**
 * A worker's {@link Capabilities} for tests: a Linux x86_64 machine with 4 CPUs, 8 GiB and Java 17, no labels,
 * browsers or accelerators, running every task type, unless the test says otherwise:
 * {@code linux().cpus(16).labels("gpu")}.
 */
public final class CapabilitiesBuilder {
    private String os = "linux";
    private String arch = "x86_64";
    private int cpus = 4;
    private long memoryMb = 8192;
    private String javaVersion = "17";
    private Set<String> labels = Set.of();
    private Set<String> browsers = Set.of();
    private boolean webgpu;
    private boolean webnn;
    private Set<String> taskTypes = Set.of();

    private CapabilitiesBuilder() {
    }

    public static CapabilitiesBuilder linux() {
        return new CapabilitiesBuilder();
    }

    public CapabilitiesBuilder os(String value) {
        this.os = value;
        return this;
    }

    public CapabilitiesBuilder arch(String value) {
        this.arch = value;
        return this;
    }

    public CapabilitiesBuilder cpus(int value) {
        this.cpus = value;
        return this;
    }

    public CapabilitiesBuilder memoryMb(long value) {
        this.memoryMb = value;
        return this;
    }

    public CapabilitiesBuilder javaVersion(String value) {
        this.javaVersion = value;
        return this;
    }

    public CapabilitiesBuilder labels(String... values) {
        this.labels = Set.of(values);
        return this;
    }

    public CapabilitiesBuilder browsers(String... values) {
        this.browsers = Set.of(values);
        return this;
    }

    public CapabilitiesBuilder webgpu() {
        this.webgpu = true;
        return this;
    }

    public CapabilitiesBuilder webnn() {
        this.webnn = true;
        return this;
    }

    /** The task types the worker runs; every type when none are named. */
    public CapabilitiesBuilder taskTypes(String... values) {
        this.taskTypes = Set.of(values);
        return this;
    }

    public Capabilities build() {
        return new Capabilities(os, arch, cpus, memoryMb, javaVersion, labels, browsers, webgpu, webnn, taskTypes);
    }
}
