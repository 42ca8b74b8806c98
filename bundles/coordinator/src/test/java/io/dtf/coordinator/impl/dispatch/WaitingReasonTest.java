package io.dtf.coordinator.impl.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtf.api.task.Requirements;
import io.dtf.api.worker.Capabilities;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitingReasonTest {
    private static final Capabilities COMMAND_ONLY = new Capabilities("linux", "x86_64", 4, 8192, "17",
            Set.of("docker"), Set.of("chrome"), false, false, Set.of("command"));
    private static final Capabilities JUNIT_ON_MAC = new Capabilities("mac", "aarch64", 8, 16384, "17",
            Set.of("gpu"), Set.of(), true, false, Set.of("command", "junit"));

    private static Requirements of(String os, Integer cpus, Set<String> labels, String browser, Boolean webgpu,
                                   String type) {
        return new Requirements(os, null, cpus, null, labels, browser, webgpu, null, type);
    }

    @Test
    void aTaskSomeConnectedWorkerCanRunNeedsNoReason() {
        assertNull(WaitingReason.of(of("linux", null, Set.of("docker"), null, null, "command"),
                List.of(COMMAND_ONLY, JUNIT_ON_MAC)));
        assertNull(WaitingReason.of(Requirements.NONE.withTaskType("junit"), List.of(JUNIT_ON_MAC)));
    }

    @Test
    void namesTheFirstRequirementNoConnectedWorkerMeets() {
        assertEquals("no worker is connected", WaitingReason.of(Requirements.NONE.withTaskType("command"), List.of()));
        assertEquals("no connected worker runs browser tasks",
                WaitingReason.of(Requirements.NONE.withTaskType("browser"), List.of(COMMAND_ONLY, JUNIT_ON_MAC)));
        assertEquals("no connected worker runs on windows",
                WaitingReason.of(of("windows", null, Set.of(), null, null, "command"), List.of(COMMAND_ONLY)));
        assertEquals("no connected worker has 16 CPUs",
                WaitingReason.of(of(null, 16, Set.of(), null, null, "command"), List.of(COMMAND_ONLY, JUNIT_ON_MAC)));
        assertEquals("no connected worker has label gpu",
                WaitingReason.of(of(null, null, Set.of("gpu", "docker"), null, null, "command"), List.of(COMMAND_ONLY)));
        assertEquals("no connected worker has browser firefox",
                WaitingReason.of(of(null, null, Set.of(), "firefox", null, null), List.of(COMMAND_ONLY)));
        assertEquals("no connected worker has a browser with WebGPU",
                WaitingReason.of(of(null, null, Set.of(), null, true, null), List.of(COMMAND_ONLY)));
    }

    @Test
    void requirementsEachMetByAWorkerButNotAllByOneSaySo() {
        assertEquals("no connected worker meets all its requirements at once",
                WaitingReason.of(of("linux", null, Set.of("gpu"), null, null, "junit"),
                        List.of(COMMAND_ONLY, JUNIT_ON_MAC)));
    }

    @Test
    void aBrowserCapabilityTheProbedBrowsersOfTheWorkersThatCouldRunTheTaskLackIsNamed() {
        Capabilities chromeWithWebGpu = new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of("gpu"),
                Set.of("chrome"), true, false, Set.of("command", "browser"), true);
        Requirements webnn = new Requirements(null, null, null, null, Set.of(), null, null, true, "browser");
        assertEquals("it needs a browser with WebNN, and the probed browsers of the 1 connected worker that could run "
                + "it have chrome (WebGPU yes, WebNN no)", WaitingReason.missingBrowserCapability(webnn,
                List.of(chromeWithWebGpu, COMMAND_ONLY, JUNIT_ON_MAC)));
        assertEquals("it needs a firefox browser with WebGPU, and the probed browsers of the 1 connected "
                + "worker that could run it have chrome (WebGPU yes, WebNN no)", WaitingReason.missingBrowserCapability(
                new Requirements(null, null, null, null, Set.of(), "firefox", true, null, "browser"),
                List.of(chromeWithWebGpu)));

        assertNull(WaitingReason.missingBrowserCapability(webnn.withTaskType("browser"), List.of(COMMAND_ONLY)),
                "no connected worker runs browser tasks: nothing was probed, it waits");
        assertNull(WaitingReason.missingBrowserCapability(new Requirements(null, null, null, null, Set.of("lab"), null,
                null, true, "browser"), List.of(chromeWithWebGpu)), "the worker could not run it anyway: it waits");
        assertNull(WaitingReason.missingBrowserCapability(new Requirements(null, null, null, null, Set.of(), null, true,
                null, "browser"), List.of(chromeWithWebGpu)), "one has what it needs");
        assertNull(WaitingReason.missingBrowserCapability(Requirements.NONE.withTaskType("browser"),
                List.of(chromeWithWebGpu)), "it needs no browser capability");
        Capabilities notProbedYet = new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(), Set.of("chrome"),
                false, false, Set.of("browser"));
        assertNull(WaitingReason.missingBrowserCapability(webnn, List.of(notProbedYet)),
                "a pool not probed yet (the PATH's chrome) rules nothing out: it waits");
    }

    @Test
    void aWorkerThatDoesNotSayWhichTypesItRunsRunsThemAll() {
        Capabilities unsaid = new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(), Set.of(), false, false);
        assertNull(WaitingReason.of(Requirements.NONE.withTaskType("junit"), List.of(unsaid)));
    }
}
