package io.dtf.testkit;

import io.dtf.api.task.Requirements;
import java.util.Set;

/** {@link Requirements} for tests, naming only what matters: {@code requirements().labels("gpu").cpus(4)}. */
public final class RequirementsBuilder {
    private String os;
    private String arch;
    private Integer cpus;
    private Long memoryMb;
    private Set<String> labels = Set.of();
    private String browser;
    private Boolean webgpu;
    private Boolean webnn;
    private String taskType;

    private RequirementsBuilder() {
    }

    /** Requirements of nothing: any worker will do. */
    public static RequirementsBuilder requirements() {
        return new RequirementsBuilder();
    }

    public RequirementsBuilder os(String value) {
        this.os = value;
        return this;
    }

    public RequirementsBuilder arch(String value) {
        this.arch = value;
        return this;
    }

    public RequirementsBuilder cpus(int value) {
        this.cpus = value;
        return this;
    }

    public RequirementsBuilder memoryMb(long value) {
        this.memoryMb = value;
        return this;
    }

    /** Labels a worker must all have. */
    public RequirementsBuilder labels(String... values) {
        this.labels = Set.of(values);
        return this;
    }

    public RequirementsBuilder browser(String value) {
        this.browser = value;
        return this;
    }

    public RequirementsBuilder webgpu() {
        this.webgpu = true;
        return this;
    }

    public RequirementsBuilder webnn() {
        this.webnn = true;
        return this;
    }

    /** The task type a worker must run, as the coordinator adds it to every task's requirements. */
    public RequirementsBuilder taskType(String value) {
        this.taskType = value;
        return this;
    }

    public Requirements build() {
        return new Requirements(os, arch, cpus, memoryMb, labels, browser, webgpu, webnn, taskType);
    }
}
