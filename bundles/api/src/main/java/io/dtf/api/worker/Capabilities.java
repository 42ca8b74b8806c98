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
 */
public record Capabilities(String os, String arch, int cpus, long memoryMb, String javaVersion, Set<String> labels,
                           Set<String> browsers, boolean webgpu, boolean webnn) {
    public Capabilities {
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        browsers = browsers == null ? Set.of() : Set.copyOf(browsers);
    }
}
