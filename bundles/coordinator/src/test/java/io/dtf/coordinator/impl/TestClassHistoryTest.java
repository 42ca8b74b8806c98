package io.dtf.coordinator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestClassHistoryTest {
    /** Two shards of a suite, as a junit split makes them (the junit bundle's tests split by these estimates). */
    private static final String PLAN = """
            name: lib
            tasks:
              - {name: unit-1, type: junit, classpath: [lib.jar], select: {classes: [p.ATest, p.CTest, p.ETest]}}
              - {name: unit-2, type: junit, classpath: [lib.jar], select: {classes: [p.BTest, p.DTest, p.FTest]}}
            """;
    /** How long each class takes in the runs the test records, in seconds. */
    private static final Map<String, Integer> SECONDS = Map.of("p.ATest", 30, "p.BTest", 10, "p.CTest", 8,
            "p.DTest", 6, "p.ETest", 4, "p.FTest", 2);

    @TempDir
    Path dir;
    private JdbcTaskStore store;
    /** junit tasks as written: their keys are the junit bundle's, which these tests do not need. */
    private final PlanParser parser = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(Set.of("command", "junit")));

    @BeforeEach
    void open() {
        store = JdbcTaskStore.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 2);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachClassIsExpectedToTakeWhatItTookInTheRunsRecorded() {
        TestClassHistory history = new TestClassHistory(store);
        List<String> classes = List.copyOf(new TreeSet<>(SECONDS.keySet()));
        assertEquals(Map.of(), history.of(classes), "no history: no estimate");
        run(parser.parse(PLAN, "lib.yaml"));
        Map<String, Duration> expected = new HashMap<>();
        SECONDS.forEach((c, seconds) -> expected.put(c, Duration.ofSeconds(seconds)));
        assertEquals(expected, history.of(classes));
        assertEquals(Map.of("p.ATest", Duration.ofSeconds(30)), history.of(List.of("p.ATest", "p.Unknown")));
    }

    @Test
    void aStoreThatFailsToAnswerLeavesTheSplitToEqualCounts() {
        TestClassHistory history = new TestClassHistory(new JdbcTaskStore() {
            @Override
            public Map<String, Duration> testClassDurations(Collection<String> classNames, int runs) {
                throw new DtfException(ErrorCode.STORE_UNAVAILABLE, "the database is gone");
            }
        });
        assertEquals(Map.of(), history.of(List.of("p.ATest")));
    }

    /** Stores the plan as a run and ends each task PASSED, with one test case per class of its shard. */
    private void run(Plan plan) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        RunId id = store.nextRunId();
        List<Task> tasks = store.createRun(plan.toRun(id, now, PLAN), plan.toTasks(id, now));
        for (Task task : tasks) {
            List<TestCaseResult> cases = new ArrayList<>();
            for (String c : classes(task.spec())) {
                cases.add(new TestCaseResult("JUnit Jupiter", c, "works()", TestCaseStatus.PASSED,
                        Duration.ofSeconds(SECONDS.get(c)), null, null, false));
            }
            TaskAttempt attempt = new TaskAttempt(task.id(), 1);
            assertTrue(store.transition(Transition.lease(task, WorkerId.of("w1"), now)));
            assertTrue(store.transition(Transition.start(attempt, now)));
            assertTrue(store.transition(Transition.finish(attempt, new TaskResult(TaskState.PASSED,
                    Duration.ofSeconds(40), 0, null, cases, List.of(), Map.of(), null, null), false, now)));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> classes(Map<String, Object> spec) {
        return (List<String>) ((Map<String, Object>) spec.get("select")).get("classes");
    }
}
