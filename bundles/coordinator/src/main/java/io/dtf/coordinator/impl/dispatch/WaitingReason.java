package io.dtf.coordinator.impl.dispatch;

import io.dtf.api.task.Requirements;
import io.dtf.api.worker.Capabilities;
import java.util.Collection;
import java.util.function.Predicate;

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

    private static boolean none(Collection<Capabilities> connected, Predicate<Capabilities> offers) {
        return connected.stream().noneMatch(offers);
    }
}
