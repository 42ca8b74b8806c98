package io.dtf.scheduler.resourceaware.impl;

import io.dtf.api.task.Requirements;

/**
 * What a task takes from a worker while it runs, and which scarce features it uses.
 *
 * @param cpus CPUs it takes: its requirement, else the configured default
 * @param memoryMb memory it takes: its requirement, else the configured default
 * @param gpu whether it needs a GPU: the GPU label, WebGPU or WebNN
 * @param browser whether it needs a browser
 * @param webgpu whether it needs WebGPU
 * @param webnn whether it needs WebNN
 */
record Claim(int cpus, long memoryMb, boolean gpu, boolean browser, boolean webgpu, boolean webnn) {

    static Claim of(Requirements requirements, ResourceAwareScheduler.Settings settings) {
        boolean webgpu = Boolean.TRUE.equals(requirements.webgpu());
        boolean webnn = Boolean.TRUE.equals(requirements.webnn());
        return new Claim(cpus(requirements, settings), memoryMb(requirements, settings),
                settings.gpuLabel() != null && requirements.labels().contains(settings.gpuLabel()) || webgpu || webnn,
                requirements.browser() != null, webgpu, webnn);
    }

    static int cpus(Requirements requirements, ResourceAwareScheduler.Settings settings) {
        return requirements.cpus() != null ? Math.max(0, requirements.cpus()) : settings.defaultCpus();
    }

    static long memoryMb(Requirements requirements, ResourceAwareScheduler.Settings settings) {
        return requirements.memoryMb() != null ? Math.max(0, requirements.memoryMb()) : settings.defaultMemoryMb();
    }
}
