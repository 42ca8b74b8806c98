package io.dtf.notify.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TestRun;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSelectorTest {
    private static final TestRun NIGHTLY_ON_MAIN = run("nightly-api", "main");
    private static final TestRun NIGHTLY_ON_A_BRANCH = run("nightly-api", "feature/login");

    @Test
    void aRunIsSelectedWhenEveryMatcherOfEveryValueMatchesItsLabels() {
        RunSelector selector = RunSelector.parse("reportRuns", "run_name=~nightly-.*, branch=main", "team=web");

        assertEquals("run_name=~nightly-.*, branch=main, team=web", selector.toString());
        assertTrue(selector.matches(NIGHTLY_ON_MAIN));
        assertFalse(selector.matches(NIGHTLY_ON_A_BRANCH), "branch=main");
        assertFalse(RunSelector.parse("reportRuns", "run_name=nightly").matches(NIGHTLY_ON_MAIN), "equal means equal");
    }

    @Test
    void noMatcherSelectsNoRun() {
        RunSelector none = RunSelector.parse("reportRuns", "", " , ");

        assertTrue(none.none());
        assertEquals("no runs", none.toString());
        assertFalse(none.matches(NIGHTLY_ON_MAIN));
        assertTrue(RunSelector.parse("reportRuns", (String[]) null).none());
    }

    @Test
    void aMistakeNamesTheSettingAndTheText() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RunSelector.parse("io.dtf.connector.jira: reportRuns", "branch=main, nightly"));

        assertTrue(bad.getMessage().startsWith("io.dtf.connector.jira: reportRuns: 'nightly' is no matcher"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunSelector.parse("reportRuns", "run_name=~(unclosed"));
    }

    private static TestRun run(String name, String branch) {
        return new TestRun(RunId.of("r7"), name, Map.of("team", "web"), "default", null, Instant.EPOCH, null,
                new CIContext("github", "acme/shop", "4f2c9e1", branch, null, "1", URI.create("https://ci.example/1"),
                        Map.of()));
    }
}
