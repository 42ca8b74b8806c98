package io.dtf.api.worker;

import java.util.Set;

/**
 * What a worker offers, matched against {@link io.dtf.api.task.Requirements}.
 *
 * @param os operating system ({@code linux}, {@code mac}, {@code windows})
 * @param arch CPU architecture ({@code x86_64}, {@code aarch64})
 * @param cpus available processors
 * @param memoryMb physical memory
 * @param javaVersion the worker's Java version
 * @param labels free labels given to the worker
 * @param browsers installed browsers with drivers ({@code chrome}, {@code firefox})
 * @param webgpu whether a browser offers WebGPU
 * @param webnn whether a browser offers WebNN
 * @param taskTypes the task types it runs ({@code command}, {@code junit}); empty when it does not say, which
 *     a worker of this version always does: then it is taken to run every type
 * @param browsersProbed whether {@code browsers}, {@code webgpu} and {@code webnn} come from a probe of the worker's
 *     browser pool, so that what they lack the worker's browsers lack (else they are what was found on the
 *     {@code PATH}, or a pool not probed yet)
 */
public record Capabilities(String os, String arch, int cpus, long memoryMb, String javaVersion, Set<String> labels,
                           Set<String> browsers, boolean webgpu, boolean webnn, Set<String> taskTypes,
                           boolean browsersProbed) {
    public Capabilities {
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        browsers = browsers == null ? Set.of() : Set.copyOf(browsers);
        taskTypes = taskTypes == null ? Set.of() : Set.copyOf(taskTypes);
    }

    /** Capabilities whose browsers were not probed. */
    public Capabilities(String os, String arch, int cpus, long memoryMb, String javaVersion, Set<String> labels,
                        Set<String> browsers, boolean webgpu, boolean webnn, Set<String> taskTypes) {
        this(os, arch, cpus, memoryMb, javaVersion, labels, browsers, webgpu, webnn, taskTypes, false);
    }

    /** Capabilities that do not say which task types the worker runs. */
    public Capabilities(String os, String arch, int cpus, long memoryMb, String javaVersion, Set<String> labels,
                        Set<String> browsers, boolean webgpu, boolean webnn) {
        this(os, arch, cpus, memoryMb, javaVersion, labels, browsers, webgpu, webnn, Set.of());
    }

    /** Whether the worker runs tasks of this type ({@code null}: any type will do). */
    public boolean runs(String taskType) {
        return taskType == null || taskTypes.isEmpty() || taskTypes.contains(taskType);
    }

    /** These capabilities, for a worker that runs exactly these task types. */
    public Capabilities withTaskTypes(Set<String> types) {
        return new Capabilities(os, arch, cpus, memoryMb, javaVersion, labels, browsers, webgpu, webnn, types,
                browsersProbed);
    }
}
