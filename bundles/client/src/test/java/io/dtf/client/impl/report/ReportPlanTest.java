package io.dtf.client.impl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code --report} writes, by the CI system detected ({@code docs/ci.md}: "Reports from inside the CI job"). */
class ReportPlanTest {
    private static final Map<String, String> GITHUB_STEP = Map.of("GITHUB_STEP_SUMMARY", "/home/runner/_work/_temp/"
            + "_runner_file_commands/step_summary_1");
    private static final Path MINE = Path.of("out/dtf.xml");

    private static ReportPlan auto(String provider, Map<String, String> env) {
        return ReportPlan.choose(List.of(), null, provider, env);
    }

    @Test
    void autoPicksWhatEachDetectedSystemReads() {
        for (String system : List.of("gitlab", "circleci", "jenkins", "azure", "travis", "bitbucket")) {
            assertEquals(new ReportPlan(ReportPlan.DEFAULT_JUNIT_XML, false, null), auto(system, Map.of()), system);
            assertEquals(new ReportPlan(MINE, false, null), ReportPlan.choose(List.of(), MINE, system, Map.of()),
                    "--junit-xml names the file on " + system);
        }
        assertEquals(new ReportPlan(null, true, null), auto("teamcity", Map.of()));
        assertEquals(new ReportPlan(null, false, Path.of(GITHUB_STEP.get("GITHUB_STEP_SUMMARY"))),
                auto("github", GITHUB_STEP));
        assertEquals(new ReportPlan(null, false, null), auto("github", Map.of()),
                "GitHub Enterprise Server before 3.6 has no job summary");
        assertEquals(new ReportPlan(null, false, null), auto(null, GITHUB_STEP), "outside CI nothing is written");
        assertEquals(new ReportPlan(null, false, null), auto("buildkite", Map.of()), "a system DTF does not report to");
        assertEquals(new ReportPlan(MINE, false, null), ReportPlan.choose(List.of(), MINE, null, Map.of()));
        assertEquals(Path.of("test-results", "dtf-junit.xml"), ReportPlan.DEFAULT_JUNIT_XML,
                "Bitbucket Pipelines finds test-results folders by itself; docs/ci.md names this path");
    }

    @Test
    void namedReportsOverrideTheChoice() {
        assertEquals(new ReportPlan(null, false, null), ReportPlan.choose(List.of("none"), null, "gitlab", Map.of()));
        assertEquals(new ReportPlan(MINE, false, null), ReportPlan.choose(List.of("none"), MINE, "teamcity", Map.of()),
                "--junit-xml still writes its file");
        assertEquals(new ReportPlan(ReportPlan.DEFAULT_JUNIT_XML, true, null),
                ReportPlan.choose(List.of("teamcity", "junit"), null, null, Map.of()));
        assertEquals(new ReportPlan(ReportPlan.DEFAULT_JUNIT_XML, true, Path.of(GITHUB_STEP.get("GITHUB_STEP_SUMMARY"))),
                ReportPlan.choose(List.of("auto", "teamcity, github-summary"), null, "gitlab", GITHUB_STEP));
        assertEquals(new ReportPlan(null, true, null), ReportPlan.choose(List.of("teamcity"), null, "github",
                GITHUB_STEP), "a named report replaces auto");

        assertTrue(ReportPlan.named(List.of("auto", "teamcity")));
        assertFalse(ReportPlan.named(List.of("auto")));
        assertFalse(ReportPlan.named(List.of("none")));
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("--report xml is not a report; the reports are auto, junit, teamcity, github-summary, none",
                assertThrows(IllegalArgumentException.class, () -> ReportPlan.choose(List.of("junit,xml"), null, null,
                        Map.of())).getMessage());
        assertEquals("--report none goes with no other report", assertThrows(IllegalArgumentException.class,
                () -> ReportPlan.choose(List.of("none", "junit"), null, null, Map.of())).getMessage());
        assertEquals("--report github-summary needs GITHUB_STEP_SUMMARY, the file GitHub Actions gives each step",
                assertThrows(IllegalArgumentException.class, () -> ReportPlan.choose(List.of("github-summary"), null,
                        "github", Map.of())).getMessage());
    }
}
