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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestClassHistoryTest {
    private static final String PLAN = """
            name: lib
            tasks:
              - name: unit
                type: junit
                classpath: [lib.jar]
                select: {classes: [p.ATest, p.BTest, p.CTest, p.DTest, p.ETest, p.FTest]}
                split: {by: class, shards: 2}
            """;
    /** How long each class takes in the runs the test records, in seconds. */
    private static final Map<String, Integer> SECONDS = Map.of("p.ATest", 30, "p.BTest", 10, "p.CTest", 8,
            "p.DTest", 6, "p.ETest", 4, "p.FTest", 2);

    @TempDir
    Path dir;
    private JdbcTaskStore store;
    private PlanParser parser;

    @BeforeEach
    void open() {
        store = JdbcTaskStore.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 2);
        parser = new PlanParser(PlanDefaults.STANDARD.withTaskTypes(Set.of("command", "junit"))
                .withTestClassEstimates(new TestClassHistory(store)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theFirstSplitHasEqualCountsAndTheNextIsBalancedByTheClassesRecordedDurations() {
        Plan first = parser.parse(PLAN, "lib.yaml");
        assertEquals(List.of(3, 3), first.tasks().stream().map(t -> classes(t.spec()).size()).toList(),
                "no history: equal counts");
        assertEquals(List.of(42, 18), first.tasks().stream().map(t -> seconds(t.spec())).toList(),
                "by count, the shards are far apart");
        run(first);

        Plan second = parser.parse(PLAN, "lib.yaml");
        // longest first into the least loaded shard: A 30 | B 10, C 8, D 6, E 4 -> 28 | F 2 -> 30
        assertEquals(List.of(List.of("p.ATest"), List.of("p.BTest", "p.CTest", "p.DTest", "p.ETest", "p.FTest")),
                second.tasks().stream().map(t -> classes(t.spec())).toList());
        assertEquals(List.of(30, 30), second.tasks().stream().map(t -> seconds(t.spec())).toList());
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

    private static int seconds(Map<String, Object> spec) {
        return classes(spec).stream().mapToInt(SECONDS::get).sum();
    }
}
