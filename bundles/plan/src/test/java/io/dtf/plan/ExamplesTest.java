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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files users copy from: docs/examples and the plans in docs/plan-format.md. */
class ExamplesTest {
    private static final Path DOCS = Path.of("../../docs");
    private static final Path EXAMPLES = DOCS.resolve("examples");
    private static final Pattern YAML_BLOCK = Pattern.compile("```(yaml|json)\\n(.*?)```", Pattern.DOTALL);
    /** A DTF with the junit plugin, as the distribution runs. */
    private static final PlanParser WITH_JUNIT = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(
            Set.of("command", "junit")));

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().matches(".*\\.(yaml|yml|json)")).sorted().toList();
        }
    }

    @Test
    void everyExampleButTheInvalidOneIsValid() throws IOException {
        List<Path> files = examples();
        assertTrue(files.size() >= 4, "examples found: " + files);
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith("invalid")) {
                assertThrows(DtfException.class, () -> Plans.PARSER.parse(read(file), name), name);
            } else {
                Plan plan = WITH_JUNIT.parse(read(file), name);
                assertFalse(plan.tasks().isEmpty(), name);
            }
        }
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
    void theCommonsLangSuiteIsSplitIntoFourShardsOfAllItsClasses() throws IOException {
        String text = read(EXAMPLES.resolve("split-commons-lang3.yaml"));
        Plan plan = WITH_JUNIT.parse(text, "split-commons-lang3.yaml");
        assertEquals(List.of("lang3-1", "lang3-2", "lang3-3", "lang3-4"),
                plan.tasks().stream().map(PlannedTask::name).toList());
        List<Object> classes = new ArrayList<>();
        for (PlannedTask t : plan.tasks()) {
            classes.addAll((List<?>) ((Map<?, ?>) t.spec().get("select")).get("classes"));
        }
        assertEquals(227, classes.size(), "each class in one shard");
        assertEquals(227, Set.copyOf(classes).size());
    }

    @Test
    void theInvalidExampleShowsManyMistakesAtOnce() throws IOException {
        DtfException e = assertThrows(DtfException.class,
                () -> Plans.PARSER.parse(read(EXAMPLES.resolve("invalid.yaml")), "invalid.yaml"));
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
              - tasks[2].type: task type 'junit' is not available yet in this DTF version (supported: command)
              - tasks[3].name: 'smoke test' is not a valid task name (use 1 to 100 letters, digits, '.', '_' or '-')
              - tasks[3].type: unknown task type 'shell' (supported: command)
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

    /**
     * Every complete plan in the reference (a yaml or json block with a name and tasks) is valid, with the
     * announced task types taken as runnable (their keys are then passed on unchecked).
     */
    @Test
    void thePlansInTheReferenceAreValid() throws IOException {
        PlanParser parser = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(Set.of("command", "junit", "browser")));
        String doc = read(DOCS.resolve("plan-format.md"));
        Matcher m = YAML_BLOCK.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String block = m.group(2);
            boolean plan = block.contains("name:") && block.contains("tasks:")
                    || block.contains("\"name\"") && block.contains("\"tasks\"");
            if (!plan || block.contains("wrong on purpose")) {
                continue;
            }
            String source = "plan-format.md block " + (checked.size() + 1) + "." + m.group(1);
            parser.parse(block, source);
            checked.add(source);
        }
        assertTrue(checked.size() >= 3, "plans checked: " + checked);
    }
}
