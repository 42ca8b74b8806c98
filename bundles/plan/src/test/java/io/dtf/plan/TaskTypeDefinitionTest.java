package io.dtf.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task types beyond command: their keys checked, and their tasks expanded, by their definitions. */
class TaskTypeDefinitionTest {

    /** A type of a plugin: a script run on N browsers, each shard a task of its own. */
    static class Sharded implements TaskTypeDefinition {
        @Override
        public List<String> keys() {
            return List.of("script", "shards", "env");
        }

        @Override
        public void checkTask(PlanValue task) {
            if (!task.has("script")) {
                task.problemAt("script", "required");
            }
        }

        @Override
        public Object read(String key, PlanValue value) {
            return switch (key) {
                case "script" -> value.path();
                case "shards" -> value.integer(1, 10);
                case "env" -> value.environment();
                default -> throw new IllegalArgumentException(key);
            };
        }

        @Override
        public List<PlannedTask> expand(PlannedTask task, TaskExpansion expansion) {
            Integer shards = (Integer) task.spec().get("shards");
            if (shards == null) {
                return List.of(task);
            }
            List<PlannedTask> made = new ArrayList<>();
            for (int i = 1; i <= shards; i++) {
                String name = task.name() + "-" + i;
                if (!expansion.claim(name)) {
                    expansion.problem("shards", "the shard name " + PlanValue.quote(name) + " is taken");
                    continue;
                }
                Map<String, Object> spec = new LinkedHashMap<>(task.spec());
                spec.remove("shards");
                spec.put("shard", i);
                made.add(task.withNameAndSpec(name, spec));
            }
            return made;
        }
    }

    private static final PlanParser WITH_SHARDED = new PlanParser(PlanDefaults.STANDARD, Map.of("sharded", new Sharded()));

    private static List<String> problems(PlanParser parser, String yaml) {
        DtfException e = assertThrows(DtfException.class, () -> parser.parse(yaml, "t.yaml"));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void theKeysOfATypeAreCheckedByItsDefinitionWhereTheyAre() {
        assertEquals(List.of(
                "tasks[0].script: required",
                "tasks[0].scirpt: unknown key (did you mean 'script'?)",
                "tasks[0].shards: must be between 1 and 10 (is 11)",
                "tasks[0].command: not a key of sharded tasks (it belongs to command tasks)",
                "tasks[0].env[\"A=B\"]: a variable name cannot contain '='",
                "tasks[1].script: not a key of command tasks (it belongs to sharded tasks)",
                "defaults.shards: cannot be set in defaults (only timeout, maxAttempts, priority, deadline, requirements)"),
                problems(WITH_SHARDED, """
                        name: p
                        tasks:
                          - {name: a, type: sharded, scirpt: x.js, shards: 11, command: [ls], env: {"A=B": x}}
                          - {name: b, command: [ls], script: x.js}
                        defaults: {shards: 2}
                        """));
    }

    @Test
    void aTaskIsExpandedByItsTypeWithItsSettings() {
        Plan plan = WITH_SHARDED.parse("""
                name: p
                defaults: {timeout: 2m}
                tasks:
                  - {name: w, type: sharded, script: " x.js", shards: 2, priority: 3}
                  - {name: one, type: sharded, script: y.js, env: {DEBUG: true}}
                """, "t.yaml");
        assertEquals(List.of("w-1", "w-2", "one"), plan.tasks().stream().map(PlannedTask::name).toList());
        assertEquals(Map.of("script", " x.js", "shard", 2), plan.tasks().get(1).spec());
        assertEquals(3, plan.tasks().get(1).priority());
        assertEquals(Duration.ofMinutes(2), plan.tasks().get(1).timeout());
        assertEquals(Map.of("script", "y.js", "env", Map.of("DEBUG", "true")), plan.tasks().get(2).spec());
    }

    @Test
    void namesTakenAndTooManyTasksOnceExpandedAreRefused() {
        assertEquals(List.of("tasks[0].shards: the shard name 'w-2' is taken"),
                problems(WITH_SHARDED, """
                        name: p
                        tasks:
                          - {name: w, type: sharded, script: x.js, shards: 3}
                          - {name: w-2, command: [ls]}
                        """));
        StringBuilder many = new StringBuilder("name: many\ntasks:\n");
        for (int i = 0; i < PlanParser.MAX_TASKS / 10 + 1; i++) {
            many.append("  - {name: t").append(i).append(", type: sharded, script: x.js, shards: 10}\n");
        }
        assertEquals(List.of("tasks: too many tasks once split: 10010 (at most 10000 in one plan)"),
                problems(WITH_SHARDED, many.toString()));
    }

    @Test
    void aTypeWhoseDefinitionIsAbsentIsRefusedNamingTheInstalledTypes() {
        String plan = "{name: p, tasks: [{name: a, type: sharded, script: x.js, scirpt: y, shards: 2}]}";
        assertEquals(List.of("tasks[0].type: task type 'sharded' is not installed (installed: command)"),
                problems(Plans.PARSER, plan));
        PlanParser others = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(Set.of("command", "k6")),
                Map.of("browser", new Sharded()));
        assertEquals(List.of("tasks[0].type: task type 'sharded' is not installed (installed: browser, command, k6)"),
                problems(others, plan));
        assertEquals(List.of("a-1", "a-2"), WITH_SHARDED.parse(plan.replace(", scirpt: y", ""), "t.yaml").tasks()
                .stream().map(PlannedTask::name).toList(), "the same plan, with the type installed");
    }

    @Test
    void commandStaysBuiltIn() {
        PlanParser replaced = new PlanParser(PlanDefaults.STANDARD, Map.of("command", new Sharded()));
        assertEquals(List.of("ls"), replaced.parse("{name: p, tasks: [{name: a, command: [ls]}]}", "t.yaml")
                .tasks().get(0).spec().get("command"));
    }

    /** A definition with a defect in one of its methods. */
    private static final class Failing extends Sharded {
        private final String where;

        Failing(String where) {
            this.where = where;
        }

        private void fail(String method) {
            if (method.equals(where)) {
                throw new IllegalStateException("defect in " + method);
            }
        }

        @Override
        public List<String> keys() {
            fail("keys");
            return super.keys();
        }

        @Override
        public void checkTask(PlanValue task) {
            fail("checkTask");
            super.checkTask(task);
        }

        @Override
        public Object read(String key, PlanValue value) {
            if (where.equals("read") && key.equals("shards")) {
                throw new NoClassDefFoundError("org/example/Gone");
            }
            return super.read(key, value);
        }

        @Override
        public List<PlannedTask> expand(PlannedTask task, TaskExpansion expansion) {
            fail("expand");
            return switch (where) {
                case "none" -> List.of();
                case "type" -> List.of(new PlannedTask("x", "command", Map.of(), null, 0, null, Duration.ofMinutes(1), 1));
                case "name" -> List.of(task.withNameAndSpec("other", Map.of()));
                default -> super.expand(task, expansion);
            };
        }
    }

    @Test
    void aDefinitionThatFailsIsAProblemNamingItsTypeAndTheParserGoesOn() {
        String plan = """
                name: p
                tasks:
                  - {name: a, command: [ls]}
                  - {name: w, type: sharded, script: x.js, shards: 2}
                  - {name: other, command: [ls]}
                """;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("keys", "tasks[1].type: the plugin of task type 'sharded' failed to say its keys: defect in keys");
        expected.put("checkTask", "tasks[1]: the plugin of task type 'sharded' failed to check this: defect in checkTask");
        expected.put("read", "tasks[1].shards: the plugin of task type 'sharded' failed to check this: org/example/Gone");
        expected.put("expand", "tasks[1]: the plugin of task type 'sharded' failed to check this: defect in expand");
        expected.put("none", "tasks[1]: the plugin of task type 'sharded' failed to check this: it made no task of it");
        expected.put("type", "tasks[1]: the plugin of task type 'sharded' failed to check this: it made a task of type"
                + " 'command' of it");
        expected.put("name", "tasks[1]: the plugin of task type 'sharded' failed to check this: it made a task named"
                + " 'other', a name another task has");
        expected.forEach((where, problem) -> {
            PlanParser parser = new PlanParser(PlanDefaults.STANDARD, Map.of("sharded", new Failing(where)));
            assertEquals(List.of(problem), problems(parser, plan), where);
            assertEquals(1, parser.parse("{name: q, tasks: [{name: a, command: [ls]}]}", "q.yaml").tasks().size(),
                    "the parser still reads plans after a failure in " + where);
        });
    }
}
