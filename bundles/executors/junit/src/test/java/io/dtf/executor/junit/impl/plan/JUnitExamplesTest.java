package io.dtf.executor.junit.impl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The plans users copy from, docs/examples and docs/plan-format.md, read with the junit type's keys. */
class JUnitExamplesTest {
    private static final Path DOCS = Path.of("../../../docs");
    private static final Path EXAMPLES = DOCS.resolve("examples");
    private static final Pattern YAML_BLOCK = Pattern.compile("```(yaml|json)\\n(.*?)```", Pattern.DOTALL);
    /** A DTF with the junit type, as the distribution has it. */
    private static final PlanParser WITH_JUNIT = new PlanParser(PlanDefaults.STANDARD, JUnitTaskTypeTest.DEFINITIONS);

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
                assertThrows(DtfException.class, () -> WITH_JUNIT.parse(read(file), name), name);
            } else {
                Plan plan = WITH_JUNIT.parse(read(file), name);
                assertFalse(plan.tasks().isEmpty(), name);
            }
        }
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
            assertFalse(t.spec().containsKey("split"), "a shard is not split again");
        }
        assertEquals(227, classes.size(), "each class in one shard");
        assertEquals(227, Set.copyOf(classes).size());
    }

    /**
     * Every complete plan in the reference (a yaml or json block with a name and tasks) is valid, with the junit
     * type's keys checked, and the types no bundle defines yet (browser) taken as runnable, their keys unchecked.
     */
    @Test
    void thePlansInTheReferenceAreValid() throws IOException {
        PlanParser parser = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(Set.of("command", "browser")),
                JUnitTaskTypeTest.DEFINITIONS);
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
