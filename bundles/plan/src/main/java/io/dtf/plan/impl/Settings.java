package io.dtf.plan.impl;

import io.dtf.api.task.Requirements;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The settings a task and the plan's {@code defaults} share, as far as the plan sets them ({@code null}:
 * not set). A task's settings win over the defaults, key by key, requirements included.
 */
public final class Settings {
    Duration timeout;
    Integer maxAttempts;
    Integer priority;
    Instant deadline;
    String os;
    String arch;
    Integer cpus;
    Long memoryMb;
    Set<String> labels;
    String browser;
    Boolean webgpu;
    Boolean webnn;

    /** These settings, with the unset ones taken from {@code under}. */
    Settings over(Settings under) {
        Settings s = new Settings();
        s.timeout = timeout != null ? timeout : under.timeout;
        s.maxAttempts = maxAttempts != null ? maxAttempts : under.maxAttempts;
        s.priority = priority != null ? priority : under.priority;
        s.deadline = deadline != null ? deadline : under.deadline;
        s.os = os != null ? os : under.os;
        s.arch = arch != null ? arch : under.arch;
        s.cpus = cpus != null ? cpus : under.cpus;
        s.memoryMb = memoryMb != null ? memoryMb : under.memoryMb;
        s.labels = labels != null ? labels : under.labels;
        s.browser = browser != null ? browser : under.browser;
        s.webgpu = webgpu != null ? webgpu : under.webgpu;
        s.webnn = webnn != null ? webnn : under.webnn;
        return s;
    }

    Requirements requirements() {
        Requirements r = new Requirements(os, arch, cpus, memoryMb, labels, browser, webgpu, webnn);
        return r.equals(Requirements.NONE) ? Requirements.NONE : r;
    }
}
