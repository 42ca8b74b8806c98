package io.dtf.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The files users copy from: docs/examples and docs/plan-format.md, as far as command tasks go (the junit bundle's
 * tests read every example and every plan of the reference with the junit type's keys).
 */
class ExamplesTest {
    private static final Path DOCS = Path.of("../../docs");
    private static final Path EXAMPLES = DOCS.resolve("examples");
    /** A DTF with the junit task type installed, as the distribution has it (its keys are the junit bundle's). */
    private static final PlanParser AS_DISTRIBUTED = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(
            Set.of("command", "junit")));

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void quickstartPassesFailsAndTimesOutQuickly() throws IOException {
        Plan plan = Plans.PARSER.parse(read(EXAMPLES.resolve("quickstart.yaml")), "quickstart.yaml");
        assertEquals(List.of("passes", "fails", "times-out"), plan.tasks().stream().map(PlannedTask::name).toList());
        assertEquals(List.of("report.xml"), plan.tasks().get(0).spec().get("reports"));
        assertEquals(List.of("report.xml"), plan.tasks().get(1).spec().get("reports"));
        assertEquals(List.of("sleep", "30"), plan.tasks().get(2).spec().get("command"));
        assertEquals(Duration.ofSeconds(3), plan.tasks().get(2).timeout());
        for (PlannedTask t : plan.tasks()) {
            assertEquals(1, t.maxAttempts(), t.name() + " is not retried, so the quickstart stays fast");
            assertFalse(t.spec().containsKey("workdir"), "each attempt gets a fresh folder of its own");
        }
    }

    @Test
    void retriesIsJsonWithAFlakyTaskAttemptedTwice() throws IOException {
        Plan plan = Plans.PARSER.parse(read(EXAMPLES.resolve("retries.json")), "retries.json");
        PlannedTask flaky = plan.tasks().get(0);
        assertEquals(2, flaky.maxAttempts());
        assertEquals(Map.of("FLAKY_KEY", "retries-example"), flaky.spec().get("env"));
    }

    @Test
    void theInvalidExampleShowsManyMistakesAtOnce() throws IOException {
        DtfException e = assertThrows(DtfException.class,
                () -> AS_DISTRIBUTED.parse(read(EXAMPLES.resolve("invalid.yaml")), "invalid.yaml"));
        assertEquals(INVALID_OUTPUT, e.getMessage());
    }

    /** What DTF answers for docs/examples/invalid.yaml; docs/plan-format.md shows the same. */
    static final String INVALID_OUTPUT = """
            plan invalid.yaml is not valid:
              - name: required
              - defaults.timeout: '10 minutes' is not a duration (use 10m, 90s, 2h or PT10M)
              - tasks[0].command: required
              - tasks[0].comand: unknown key (did you mean 'command'?)
              - tasks[1].name: duplicate name 'unit' (also tasks[0])
              - tasks[1].command: must be a list of strings (a single string is not split into words: write ["sh", "-c", "mvn -q verify"])
              - tasks[1].maxAttempts: must be between 1 and 100 (is 0)
              - tasks[2].type: task type 'browser' is not installed (installed: command, junit)
              - tasks[3].name: 'smoke test' is not a valid task name (use 1 to 100 letters, digits, '.', '_' or '-')
              - tasks[3].type: task type 'shell' is not installed (installed: command, junit)
              - tasks[3].requirements.cpus: must be positive
              - tasks[3].requirements.gpu: unknown key
              - tasks[3].deadline: 'tomorrow' is not an ISO-8601 instant (use e.g. 2026-11-27T10:00:00Z)""";

    @Test
    void theReferenceShowsTheInvalidExampleAndTheExactErrorOutput() throws IOException {
        String doc = read(DOCS.resolve("plan-format.md"));
        String invalid = read(EXAMPLES.resolve("invalid.yaml"));
        assertTrue(doc.contains("```yaml\n" + invalid + "```"), "docs/plan-format.md must show invalid.yaml as it is");
        assertTrue(doc.contains("Error DTF-1001: " + INVALID_OUTPUT + "\n"),
                "docs/plan-format.md must show:\n" + INVALID_OUTPUT);
    }
}
