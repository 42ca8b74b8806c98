package io.dtf.api.task;

import io.dtf.api.worker.Capabilities;
import java.util.Objects;
import java.util.Set;

/**
 * What a task needs from a worker. A {@code null} (or empty) field asks for nothing. Equal
 * requirements form one requirement class, which is how the queue is indexed.
 *
 * @param os operating system name as workers report it ({@code linux}, {@code mac}, {@code windows})
 * @param arch CPU architecture ({@code x86_64}, {@code aarch64})
 * @param cpus at least this many CPUs
 * @param memoryMb at least this much memory
 * @param labels every one of these labels
 * @param browser this browser installed ({@code chrome}, {@code firefox})
 * @param webgpu a browser with WebGPU
 * @param webnn a browser with WebNN
 * @param taskType the task's type ({@code command}, {@code junit}), which the worker must run; not a plan
 *     key: the coordinator sets it from the task, so that tasks of a type only some workers run form a
 *     requirement class of their own
 */
public record Requirements(String os, String arch, Integer cpus, Long memoryMb, Set<String> labels,
                           String browser, Boolean webgpu, Boolean webnn, String taskType) {

    public static final Requirements NONE = new Requirements(null, null, null, null, Set.of(), null, null, null);

    public Requirements {
        labels = labels == null ? Set.of() : Set.copyOf(labels);
    }

    /** Requirements that ask nothing of the task type. */
    public Requirements(String os, String arch, Integer cpus, Long memoryMb, Set<String> labels,
                        String browser, Boolean webgpu, Boolean webnn) {
        this(os, arch, cpus, memoryMb, labels, browser, webgpu, webnn, null);
    }

    /** These requirements, for a task of the given type. */
    public Requirements withTaskType(String type) {
        return Objects.equals(type, taskType) ? this
                : new Requirements(os, arch, cpus, memoryMb, labels, browser, webgpu, webnn, type);
    }

    /** Whether a worker with these capabilities may run the task. */
    public boolean satisfiedBy(Capabilities c) {
        return (os == null || os.equalsIgnoreCase(c.os()))
                && (arch == null || arch.equalsIgnoreCase(c.arch()))
                && (cpus == null || c.cpus() >= cpus)
                && (memoryMb == null || c.memoryMb() >= memoryMb)
                && c.labels().containsAll(labels)
                && (browser == null || c.browsers().contains(browser))
                && (webgpu == null || !webgpu || c.webgpu())
                && (webnn == null || !webnn || c.webnn())
                && c.runs(taskType);
    }
}
