package io.dtf.plan;

import static io.dtf.plan.Plans.jsonProblems;
import static io.dtf.plan.Plans.yaml;
import static io.dtf.plan.Plans.yamlProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanParserTest {

    private static final String EVERY_KEY_YAML = """
            name: api-tests
            labels: {team: web, branch: main, build: 42}
            tenant: web-team
            scheduler: fair-share
            defaults:
              timeout: 10m
              maxAttempts: 2
              priority: 1
              deadline: 2026-11-27T10:00:00Z
              requirements: {os: linux, arch: x86_64, labels: [fast]}
            tasks:
              - name: unit
                type: command
                command: ["mvn", "-q", "test"]
                workdir: /srv/checkout
                env: {MAVEN_OPTS: "-Xmx1g", RETRIES: 3, DEBUG: false}
                reports: ["target/surefire-reports/*.xml"]
                priority: 5
                deadline: 2026-11-27T12:00:00+02:00
                timeout: 1h30m
                maxAttempts: 3
                requirements: {cpus: 2, memoryMb: 2048, labels: [linux-x64], browser: chrome, webgpu: true, webnn: false}
              - name: lint
                command: [sh, -c, "exit 0"]
            """;

    private static final String EVERY_KEY_JSON = """
            {
              "name": "api-tests",
              "labels": {"team": "web", "branch": "main", "build": 42},
              "tenant": "web-team",
              "scheduler": "fair-share",
              "defaults": {
                "timeout": "10m", "maxAttempts": 2, "priority": 1, "deadline": "2026-11-27T10:00:00Z",
                "requirements": {"os": "linux", "arch": "x86_64", "labels": ["fast"]}
              },
              "tasks": [
                {
                  "name": "unit", "type": "command", "command": ["mvn", "-q", "test"], "workdir": "/srv/checkout",
                  "env": {"MAVEN_OPTS": "-Xmx1g", "RETRIES": 3, "DEBUG": false},
                  "reports": ["target/surefire-reports/*.xml"], "priority": 5,
                  "deadline": "2026-11-27T12:00:00+02:00", "timeout": "1h30m", "maxAttempts": 3,
                  "requirements": {"cpus": 2, "memoryMb": 2048, "labels": ["linux-x64"], "browser": "chrome",
                                   "webgpu": true, "webnn": false}
                },
                {"name": "lint", "command": ["sh", "-c", "exit 0"]}
              ]
            }
            """;

    @Test
    void readsEveryKeyOfYaml() {
        assertEveryKey(yaml(EVERY_KEY_YAML));
    }

    @Test
    void readsEveryKeyOfJson() {
        assertEveryKey(Plans.PARSER.parse(EVERY_KEY_JSON, "plan.JSON"));
    }

    private static void assertEveryKey(Plan plan) {
        assertEquals("api-tests", plan.name());
        assertEquals(Map.of("team", "web", "branch", "main", "build", "42"), plan.labels());
        assertEquals("web-team", plan.tenant());
        assertEquals("fair-share", plan.scheduler());
        assertEquals(2, plan.tasks().size());

        PlannedTask unit = plan.tasks().get(0);
        assertEquals("unit", unit.name());
        assertEquals("command", unit.type());
        assertEquals(Map.of(
                "command", List.of("mvn", "-q", "test"),
                "workdir", "/srv/checkout",
                "env", Map.of("MAVEN_OPTS", "-Xmx1g", "RETRIES", "3", "DEBUG", "false"),
                "reports", List.of("target/surefire-reports/*.xml")), unit.spec());
        assertEquals(List.of("command", "workdir", "env", "reports"), List.copyOf(unit.spec().keySet()));
        assertEquals(5, unit.priority());
        assertEquals(Instant.parse("2026-11-27T10:00:00Z"), unit.deadline());
        assertEquals(Duration.ofMinutes(90), unit.timeout());
        assertEquals(3, unit.maxAttempts());
        // requirements merge key by key: os and arch from the defaults, labels replaced by the task's
        assertEquals(new Requirements("linux", "x86_64", 2, 2048L, Set.of("linux-x64"), "chrome", true, false),
                unit.requirements());

        PlannedTask lint = plan.tasks().get(1);
        assertEquals("command", lint.type(), "type defaults to command");
        assertEquals(Map.of("command", List.of("sh", "-c", "exit 0")), lint.spec());
        assertEquals(1, lint.priority());
        assertEquals(Instant.parse("2026-11-27T10:00:00Z"), lint.deadline());
        assertEquals(Duration.ofMinutes(10), lint.timeout());
        assertEquals(2, lint.maxAttempts());
        assertEquals(new Requirements("linux", "x86_64", null, null, Set.of("fast"), null, null, null),
                lint.requirements());
    }

    @Test
    void yamlAndJsonGiveTheSamePlan() {
        assertEquals(yaml(EVERY_KEY_YAML), Plans.PARSER.parse(EVERY_KEY_JSON, "plan.json"));
    }

    @Test
    void parserDefaultsApplyWhenThePlanSetsNothing() {
        Plan plan = yaml("name: x\ntasks:\n  - name: a\n    command: [true]\n");
        PlannedTask a = plan.tasks().get(0);
        assertEquals(Duration.ofMinutes(30), a.timeout());
        assertEquals(1, a.maxAttempts());
        assertEquals(0, a.priority());
        assertNull(a.deadline());
        assertEquals(Requirements.NONE, a.requirements());
        assertEquals(Map.of(), plan.labels());
        assertEquals("default", plan.tenant());
        assertNull(plan.scheduler());
        assertEquals(List.of("true"), a.spec().get("command"), "scalars in a command are taken as text");

        PlanParser custom = new PlanParser(PlanDefaults.STANDARD.withTimeout(Duration.ofSeconds(5)).withMaxAttempts(4));
        PlannedTask b = custom.parse("name: x\ntasks: [{name: b, command: [ls]}]", null).tasks().get(0);
        assertEquals(Duration.ofSeconds(5), b.timeout());
        assertEquals(4, b.maxAttempts());
    }

    @Test
    void planDefaultsOverParserDefaultsAndTaskOverPlanDefaults() {
        Plan plan = yaml("""
                name: merge
                defaults: {timeout: 2m, requirements: {os: linux, cpus: 4, webgpu: true}}
                tasks:
                  - {name: a, command: [ls], timeout: 5s, requirements: {cpus: 1}}
                  - {name: b, command: [ls], requirements: {os: mac, labels: [x]}}
                  - {name: c, command: [ls]}
                """);
        List<PlannedTask> t = plan.tasks();
        assertEquals(Duration.ofSeconds(5), t.get(0).timeout());
        assertEquals(Duration.ofMinutes(2), t.get(1).timeout());
        assertEquals(new Requirements("linux", null, 1, null, Set.of(), null, true, null), t.get(0).requirements());
        assertEquals(new Requirements("mac", null, 4, null, Set.of("x"), null, true, null), t.get(1).requirements());
        assertEquals(new Requirements("linux", null, 4, null, Set.of(), null, true, null), t.get(2).requirements());
    }

    @Test
    void makesTheRunAndItsTasks() {
        Plan plan = yaml(EVERY_KEY_YAML);
        RunId id = RunId.of("r42");
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        TestRun run = plan.toRun(id, now, EVERY_KEY_YAML);
        assertEquals(new TestRun(id, "api-tests", plan.labels(), "web-team", "fair-share", now, EVERY_KEY_YAML), run);

        List<Task> tasks = plan.toTasks(id, now);
        assertEquals(2, tasks.size());
        Task unit = tasks.get(0);
        assertEquals(TaskId.of("r42.1"), unit.id());
        assertEquals(TaskId.of("r42.2"), tasks.get(1).id());
        assertEquals(id, unit.runId());
        assertEquals("unit", unit.name());
        assertEquals("command", unit.type());
        assertEquals(plan.tasks().get(0).spec(), unit.spec());
        assertEquals(plan.tasks().get(0).requirements(), unit.requirements());
        assertEquals(5, unit.priority());
        assertEquals("web-team", unit.tenant());
        assertEquals(Duration.ofMinutes(90), unit.timeout());
        assertEquals(3, unit.maxAttempts());
        assertEquals(TaskState.QUEUED, unit.state());
        assertEquals(0, unit.attempt());
        assertEquals(0L, unit.seq());
        assertNull(unit.worker());
        assertEquals(now, unit.createdAt());
        assertNull(unit.startedAt());
        assertNull(unit.result());
    }

    @Test
    void specIsImmutable() {
        PlannedTask t = yaml(EVERY_KEY_YAML).tasks().get(0);
        assertThrows(UnsupportedOperationException.class, () -> t.spec().put("x", "y"));
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) t.spec().get("command");
        assertThrows(UnsupportedOperationException.class, () -> command.add("x"));
    }

    @Test
    void reportsEveryProblemInDocumentOrder() {
        String plan = """
                labels: {team: [web]}
                tenant: [web]
                scheduler: fair share
                timeout: 5m
                defaults:
                  timeout: 0s
                  env: {A: b}
                  maxAtempts: 2
                tasks:
                  - name: unit
                    type: command
                    comand: [mvn, test]
                    timeout: 10 minutes
                  - name: unit
                    command: mvn test
                    maxAttempts: 101
                    priority: high
                  - name: lang
                    type: junit
                    classpath: [a.jar]
                  - name: web
                    type: foo
                    command: [x]
                  - name: "bad name!"
                    command: []
                    env: {HOME: {nested: true}, "A=B": x}
                    reports: report.xml
                    deadline: next friday
                    timeout: 8d
                    requirements: {os: 7, cpus: 0, memoryMb: -1, labels: linux, webgpu: "yes", gpu: 1}
                  - name: smoke
                    command: [""]
                    script: pages/x.js
                    timeout: -5m
                  - just a string
                """;
        assertEquals(List.of(
                "name: required",
                "labels.team: must be a string",
                "tenant: must be a string",
                "scheduler: 'fair share' is not a scheduler name (letters, digits, '.', '_' or '-')",
                "timeout: not a key of the plan (put it in 'defaults' or in a task)",
                "defaults.timeout: must be positive",
                "defaults.env: cannot be set in defaults (only timeout, maxAttempts, priority, deadline, requirements)",
                "defaults.maxAtempts: unknown key (did you mean 'maxAttempts'?)",
                "tasks[0].command: required",
                "tasks[0].comand: unknown key (did you mean 'command'?)",
                "tasks[0].timeout: '10 minutes' is not a duration (use 10m, 90s, 2h or PT10M)",
                "tasks[1].name: duplicate name 'unit' (also tasks[0])",
                "tasks[1].command: must be a list of strings (a single string is not split into words:"
                        + " write [\"sh\", \"-c\", \"mvn test\"])",
                "tasks[1].maxAttempts: must be between 1 and 100 (is 101)",
                "tasks[1].priority: must be an integer",
                "tasks[2].type: task type 'junit' is not installed (installed: command)",
                "tasks[3].type: task type 'foo' is not installed (installed: command)",
                "tasks[4].name: 'bad name!' is not a valid task name (use 1 to 100 letters, digits, '.', '_' or '-')",
                "tasks[4].command: must not be empty",
                "tasks[4].env.HOME: must be a string",
                "tasks[4].env[\"A=B\"]: a variable name cannot contain '='",
                "tasks[4].reports: must be a list of strings",
                "tasks[4].deadline: 'next friday' is not an ISO-8601 instant (use e.g. 2026-11-27T10:00:00Z)",
                "tasks[4].timeout: must be at most 7d (is 8d)",
                "tasks[4].requirements.os: must be a string",
                "tasks[4].requirements.cpus: must be positive",
                "tasks[4].requirements.memoryMb: must be positive",
                "tasks[4].requirements.labels: must be a list of strings",
                "tasks[4].requirements.webgpu: must be true or false",
                "tasks[4].requirements.gpu: unknown key",
                "tasks[5].command[0]: the program must not be empty",
                "tasks[5].script: unknown key",
                "tasks[5].timeout: must be positive",
                "tasks[6]: a task must be a mapping with at least 'name' and 'type'"), yamlProblems(plan));
    }

    @Test
    void theExceptionNamesTheSourceAndListsTheProblems() {
        DtfException e = assertThrows(DtfException.class,
                () -> Plans.PARSER.parse("tasks: []", "nightly.yaml"));
        assertEquals(ErrorCode.INVALID_PLAN, e.code());
        assertEquals("""
                plan nightly.yaml is not valid:
                  - name: required
                  - tasks: at least one task is required""", e.getMessage());
        DtfException anonymous = assertThrows(DtfException.class, () -> Plans.PARSER.parse("tasks: []", null));
        assertTrue(anonymous.getMessage().startsWith("plan is not valid:\n"), anonymous.getMessage());
    }

    @Test
    void missingAndWronglyShapedTopLevel() {
        assertEquals(List.of("name: required", "tasks: at least one task is required"), yamlProblems("labels: {}"));
        assertEquals(List.of("tasks: must be a list of tasks"), yamlProblems("name: x\ntasks: {a: 1}"));
        assertEquals(List.of("name: required"), yamlProblems("name:\ntasks: [{name: a, command: [ls]}]"));
        assertEquals(List.of("a plan must be a mapping (a JSON object) with at least 'name' and 'tasks'"),
                yamlProblems("- name: x"));
        assertEquals(List.of("the plan is empty"), yamlProblems("# nothing here\n"));
        assertEquals(List.of("the plan is empty"), jsonProblems("  "));
        assertEquals(List.of("name: required", "nam: unknown key (did you mean 'name'?)"),
                yamlProblems("nam: x\ntasks: [{name: a, command: [ls]}]"));
    }

    @Test
    void unknownKeysAreMatchedAgainstTheTaskTypesKeys() {
        assertEquals(List.of("tasks[0].workdirr: unknown key (did you mean 'workdir'?)",
                        "tasks[0].Env: unknown key (did you mean 'env'?)",
                        "tasks[0].maxattempts: unknown key (did you mean 'maxAttempts'?)",
                        "tasks[0].requirements.memory: unknown key (did you mean 'memoryMb'?)"),
                yamlProblems("""
                        name: x
                        tasks:
                          - {name: a, command: [ls], workdirr: /tmp, Env: {}, maxattempts: 2, requirements: {memory: 1}}
                        """));
    }

    @Test
    void syntaxErrorsInYamlHaveLineAndColumn() {
        assertEquals(List.of("line 5, column 9: expected ',' or ']', but got : (while parsing a flow sequence"
                        + " started at line 4, column 14)"),
                yamlProblems("""
                        name: x
                        tasks:
                          - name: a
                            command: [a, b
                          - name: b
                        """));
        assertEquals(List.of("line 2, column 6: mapping values are not allowed here"),
                yamlProblems("name: x\n  bad: indent\n"));
        assertEquals(List.of("line 3, column 1: duplicate key 'name'"),
                yamlProblems("name: x\ntasks: [{name: a, command: [ls]}]\nname: y\n"));
        List<String> tab = yamlProblems("name: x\ntasks:\n\t- name: a\n");
        assertEquals(1, tab.size());
        assertTrue(tab.get(0).startsWith("line 3, column 1: "), tab.get(0));
        assertTrue(tab.get(0).contains("TAB"), tab.get(0));
    }

    @Test
    void syntaxErrorsInJsonHaveLineAndColumn() {
        assertEquals(List.of("line 3, column 1: Unexpected character ('}' (code 125)):"
                        + " was expecting double-quote to start field name"),
                jsonProblems("{\"name\": \"x\",\n \"tasks\": [],\n}"));
        assertEquals(List.of("line 3, column 1: Unexpected end-of-input: expected close marker for Object"
                        + " (start marker at line 1, column 1)"),
                jsonProblems("{\"name\": \"x\",\n \"tasks\": []\n"));
        assertEquals(List.of("line 1, column 21: duplicate key 'name'"),
                jsonProblems("{\"name\": \"x\", \"name\": \"y\"}"));
        assertEquals(List.of("line 1, column 15: unexpected content after the end of the plan"),
                jsonProblems("{\"name\": \"x\"} {}"));
        // YAML that is not JSON, in a .json file
        List<String> notJson = jsonProblems("name: x\ntasks: []\n");
        assertEquals(1, notJson.size());
        assertTrue(notJson.get(0).startsWith("line 1, column 1: Unrecognized token 'name'"), notJson.get(0));
        for (String problem : notJson) {
            assertTrue(!problem.contains("Source") && !problem.contains("com.fasterxml"), problem);
        }
    }

    @Test
    void yamlAliasesAndSeveralDocumentsAreRefused() {
        assertEquals(List.of("line 3, column 28: YAML aliases (*cmd) are not supported in a plan: write the value out"),
                yamlProblems("name: x\ncmd: &cmd [ls]\ntasks: [{name: b, command: *cmd}]\n"));
        assertEquals(List.of("line 4, column 1: a plan is one YAML document: remove the second one (after '---')"),
                yamlProblems("name: x\ntasks: [{name: a, command: [ls]}]\n---\nname: y\n"));
        // an empty document after the plan is harmless
        assertEquals("x", yaml("---\nname: x\ntasks: [{name: a, command: [ls]}]\n---\n").name());
    }

    @Test
    void limits() {
        StringBuilder many = new StringBuilder("name: many\ntasks:\n");
        for (int i = 0; i <= PlanParser.MAX_TASKS; i++) {
            many.append("  - {name: t").append(i).append(", command: [ls]}\n");
        }
        assertEquals(List.of("tasks: too many tasks: 10001 (at most 10000 in one plan)"), yamlProblems(many.toString()));

        StringBuilder exactly = new StringBuilder("name: many\ntasks:\n");
        for (int i = 0; i < PlanParser.MAX_TASKS; i++) {
            exactly.append("  - {name: t").append(i).append(", command: [ls]}\n");
        }
        assertEquals(PlanParser.MAX_TASKS, yaml(exactly.toString()).tasks().size());

        String huge = "name: x\n# " + "x".repeat(PlanParser.MAX_PLAN_BYTES) + "\n";
        assertEquals(List.of("the plan is too large (5.0 MiB; at most 5 MiB)"), yamlProblems(huge));
        // a plan just under the limit is read (snakeyaml's own limit is 3 MB by default)
        String line = "# " + "x".repeat(1000) + "\n";
        String big = "name: x\ntasks: [{name: a, command: [ls]}]\n"
                + line.repeat(PlanParser.MAX_PLAN_BYTES / line.length() - 1);
        assertEquals("x", yaml(big).name());
        String bigJson = "{\"name\": \"x\", \"labels\": {\"big\": \"" + "y".repeat(PlanParser.MAX_PLAN_BYTES - 100)
                + "\"}, \"tasks\": [{\"name\": \"a\", \"command\": [\"ls\"]}]}";
        assertEquals("x", Plans.PARSER.parse(bigJson, "big.json").name());

        // long YAML lines are refused: snakeyaml takes seconds on a line of a few MiB
        String longLine = "name: x\ntasks: [{name: a, command: [ls]}]\n# " + "x".repeat(PlanParser.MAX_YAML_LINE) + "\n";
        assertEquals(List.of("line 3 is longer than 65536 characters, the limit for a line of a YAML plan"
                + " (JSON plans have none)"), yamlProblems(longLine));
        assertEquals("x", yaml(longLine.replace("x".repeat(10), "x".repeat(8))).name());

        assertEquals(List.of("name: must be at most 200 characters (is 201)"),
                yamlProblems("name: " + "n".repeat(201) + "\ntasks: [{name: a, command: [ls]}]"));
        assertEquals(List.of("tasks[0].name: '" + "n".repeat(60) + "...' is not a valid task name"
                        + " (use 1 to 100 letters, digits, '.', '_' or '-')"),
                yamlProblems("name: x\ntasks: [{name: " + "n".repeat(101) + ", command: [ls]}]"));
    }

    @Test
    void problemsAreCappedButCounted() {
        StringBuilder plan = new StringBuilder("name: x\ntasks:\n");
        for (int i = 0; i < 600; i++) {
            plan.append("  - {name: t").append(i).append(", command: [ls], timeout: 0s, priority: x}\n");
        }
        List<String> problems = yamlProblems(plan.toString());
        assertEquals(PlanParser.MAX_PROBLEMS + 1, problems.size());
        assertEquals("and 200 more problems not shown", problems.get(PlanParser.MAX_PROBLEMS));
    }

    @Test
    void typesRunnableWithoutADefinitionGetTheirKeysAsWritten() {
        PlanParser parser = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(Set.of("command", "k6")));
        Plan plan = parser.parse("""
                name: load
                tasks:
                  - {name: a, type: k6, script: load.js, vus: 10, stages: [{duration: 30s, target: 5}], timeout: 2m}
                """, "load.yaml");
        PlannedTask a = plan.tasks().get(0);
        assertEquals("k6", a.type());
        assertEquals(Map.of("script", "load.js", "vus", 10, "stages", List.of(Map.of("duration", "30s", "target", 5))),
                a.spec());
        assertEquals(Duration.ofMinutes(2), a.timeout());
        assertEquals(List.of("tasks[0].type: task type 'k6' is not installed (installed: command)"),
                yamlProblems("name: load\ntasks: [{name: a, type: k6, script: load.js}]"));
        assertEquals(List.of("tasks[0].type: must be a string (installed: command, k6)"),
                assertThrows(DtfException.class, () -> parser.parse("name: x\ntasks: [{name: a, type: [k6]}]", "x"))
                        .problems().stream().map(Object::toString).toList());
    }
}
