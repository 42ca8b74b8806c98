package io.dtf.connector.prometheus.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.Transition;
import io.dtf.api.task.Page;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the metrics hook costs per ended attempt, on the real store (H2 in memory) with 10,000 passed tasks of the
 * {@code noop} load: the event alone (it carries the task's type and the attempt's duration) against the event and a
 * read of the task, as the coordinator's {@code task(id)} reads it. Prints events per second and microseconds per
 * event of each, best of five rounds, and checks both measured every task. Run with
 * {@code mvn -B -o -pl bundles/connectors/prometheus test -Dtest=HookCostBenchmark -Ddtf.prometheus.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "dtf.prometheus.benchmark", matches = "true")
class HookCostBenchmark {
    private static final int TASKS = 10_000;
    private static final int ROUNDS = 5;
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void anEndedAttemptMeasuredFromItsEventCostsNoStoreRead() {
        JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", 4);
        try {
            List<TaskId> ended = passedTasks(store);
            EventMetrics.AttemptSource fromStore = new EventMetrics.AttemptSource() {
                @Override
                public Optional<Task> task(TaskId id) {
                    return store.task(id);
                }

                @Override
                public List<TestCaseResult> testCases(TaskId id, int attempt) {
                    return store.testCases(new TestCaseQuery(null, id, null, new Page(0, Page.MAX_LIMIT), true)).stream()
                            .filter(test -> test.attempt() == attempt).map(test -> test.result()).toList();
                }
            };
            double withRead = best(ended, false, fromStore);
            double fromEvent = best(ended, true, fromStore);
            System.out.printf("metrics hook, %d ended attempts: event + task read %.0f events/s (%.1f us each), "
                    + "event alone %.0f events/s (%.1f us each)%n", TASKS, withRead, 1e6 / withRead, fromEvent,
                    1e6 / fromEvent);
        } finally {
            store.close();
        }
    }

    /** The best rate of {@link #ROUNDS} rounds over every ended task, on fresh metrics each round. */
    private static double best(List<TaskId> ended, boolean eventCarriesFacts, EventMetrics.AttemptSource source) {
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            PrometheusRegistry registry = new PrometheusRegistry();
            EventMetrics metrics = new EventMetrics(registry, new double[] {0.05, 1, 10}, new double[] {0.01, 1});
            long start = System.nanoTime();
            for (TaskId task : ended) {
                metrics.record(event(task, eventCarriesFacts), source);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, TASKS / seconds);
            String text = new String(Exposition.text().bytes(registry.scrape()), StandardCharsets.UTF_8);
            assertEquals(TASKS, TextFormat.parse(text)
                    .value("dtf_task_duration_seconds_count{outcome=\"passed\",type=\"noop\"}"), "every task measured");
        }
        return best;
    }

    private static DtfEvent event(TaskId task, boolean carriesFacts) {
        Map<String, Object> data = new HashMap<>(Map.of(EventData.NAME.name(), task.toString(),
                EventData.ATTEMPT.name(), 1, EventData.STATE.name(), "PASSED"));
        if (carriesFacts) {
            data.put(EventData.TASK_TYPE.name(), "noop");
            data.put(EventData.DURATION_MILLIS.name(), 3L);
            data.put(EventData.TEST_CASES.name(), 0);
        }
        return new DtfEvent(HookType.TASK_COMPLETED, T0, task.runId(), task, null, null, data);
    }

    /** {@link #TASKS} tasks of one run, each leased, started and passed in 3 ms without test cases. */
    private static List<TaskId> passedTasks(JdbcTaskStore store) {
        RunId run = store.nextRunId();
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= TASKS; i++) {
            tasks.add(new Task(TaskId.of(run, i), run, "task-" + i, "noop", Map.of(),
                    new Requirements(null, null, 1, null, Set.of(), null, null, null), 0, "default", null,
                    Duration.ofMinutes(10), 1, 0, TaskState.QUEUED, 0, null, T0, null, null, null));
        }
        List<Task> stored = store.createRun(new TestRun(run, "load", Map.of(), "default", null, T0, "name: load", null),
                tasks);
        WorkerId worker = WorkerId.of("w1");
        store.transitionAll(stored.stream().map(task -> Transition.lease(task, worker, T0)).toList());
        store.transitionAll(stored.stream().map(task -> Transition.start(new TaskAttempt(task.id(), 1), T0)).toList());
        store.transitionAll(stored.stream().map(task -> Transition.finish(new TaskAttempt(task.id(), 1),
                new TaskResult(TaskState.PASSED, Duration.ofMillis(3), 0, null, List.of(), List.of(), Map.of(), null, null), false, T0.plusMillis(3))).toList());
        return stored.stream().map(Task::id).toList();
    }
}
