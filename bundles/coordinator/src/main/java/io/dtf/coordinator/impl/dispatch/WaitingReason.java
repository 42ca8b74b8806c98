package io.dtf.coordinator.impl.dispatch;

import io.dtf.api.task.Requirements;
import io.dtf.api.worker.Capabilities;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Why a queued task waits when no connected worker can run it: the first of its requirements that
 * none of them meets, so that a user sees what to change (start a worker that runs the type, give
 * one the label). A task some worker can run waits for a free slot, which needs no saying.
 */
public final class WaitingReason {
    private WaitingReason() {
    }

    /**
     * The reason a task with these requirements (its type among them) waits, given what the connected
     * workers offer; {@code null} when one of them can run it.
     */
    public static String of(Requirements required, Collection<Capabilities> connected) {
        if (connected.stream().anyMatch(required::satisfiedBy)) {
            return null;
        }
        if (connected.isEmpty()) {
            return "no worker is connected";
        }
        if (required.taskType() != null && none(connected, c -> c.runs(required.taskType()))) {
            return "no connected worker runs " + required.taskType() + " tasks";
        }
        if (required.os() != null && none(connected, c -> required.os().equalsIgnoreCase(c.os()))) {
            return "no connected worker runs on " + required.os();
        }
        if (required.arch() != null && none(connected, c -> required.arch().equalsIgnoreCase(c.arch()))) {
            return "no connected worker has the " + required.arch() + " architecture";
        }
        if (required.cpus() != null && none(connected, c -> c.cpus() >= required.cpus())) {
            return "no connected worker has " + required.cpus() + " CPUs";
        }
        if (required.memoryMb() != null && none(connected, c -> c.memoryMb() >= required.memoryMb())) {
            return "no connected worker has " + required.memoryMb() + " MB of memory";
        }
        for (String label : required.labels().stream().sorted().toList()) {
            if (none(connected, c -> c.labels().contains(label))) {
                return "no connected worker has label " + label;
            }
        }
        if (required.browser() != null && none(connected, c -> c.browsers().contains(required.browser()))) {
            return "no connected worker has browser " + required.browser();
        }
        if (Boolean.TRUE.equals(required.webgpu()) && none(connected, Capabilities::webgpu)) {
            return "no connected worker has a browser with WebGPU";
        }
        if (Boolean.TRUE.equals(required.webnn()) && none(connected, Capabilities::webnn)) {
            return "no connected worker has a browser with WebNN";
        }
        return "no connected worker meets all its requirements at once";
    }

    /**
     * What a task with these requirements (its type among them) needs of a browser that the probed browsers of the
     * connected workers do not have: the browser, WebGPU or WebNN, named, with what those workers have; {@code null}
     * when one of them can run it, when it needs no browser capability, or when no connected worker with probed
     * browsers meets its other requirements (then nothing was probed that rules it out: it waits; an embedded
     * worker's pool is probed in the background for a second or two after it starts).
     */
    public static String missingBrowserCapability(Requirements required, Collection<Capabilities> connected) {
        if (required.browser() == null && !Boolean.TRUE.equals(required.webgpu())
                && !Boolean.TRUE.equals(required.webnn())) {
            return null;
        }
        Requirements otherwise = new Requirements(required.os(), required.arch(), required.cpus(), required.memoryMb(),
                required.labels(), null, null, null, required.taskType());
        List<Capabilities> withBrowsers = connected.stream().filter(Capabilities::browsersProbed)
                .filter(otherwise::satisfiedBy).toList();
        if (withBrowsers.isEmpty() || withBrowsers.stream().anyMatch(required::satisfiedBy)) {
            return null;
        }
        List<String> apis = new ArrayList<>();
        if (Boolean.TRUE.equals(required.webgpu())) {
            apis.add("WebGPU");
        }
        if (Boolean.TRUE.equals(required.webnn())) {
            apis.add("WebNN");
        }
        return "it needs a " + (required.browser() == null ? "" : required.browser() + " ") + "browser"
                + (apis.isEmpty() ? "" : " with " + String.join(" and ", apis)) + ", and the probed browsers of the "
                + withBrowsers.size() + (withBrowsers.size() == 1 ? " connected worker that could run it have "
                : " connected workers that could run it have ") + withBrowsers.stream().map(WaitingReason::browsers)
                .distinct().collect(Collectors.joining("; "));
    }

    private static String browsers(Capabilities c) {
        return String.join(", ", new TreeSet<>(c.browsers())) + " (WebGPU " + (c.webgpu() ? "yes" : "no") + ", WebNN "
                + (c.webnn() ? "yes" : "no") + ")";
    }

    private static boolean none(Collection<Capabilities> connected, Predicate<Capabilities> offers) {
        return connected.stream().noneMatch(offers);
    }
}
