package io.dtf.notify.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.impl.config.RulesParser;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.templates.Templates;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import io.dtf.testkit.FakeNotificationChannel;
import io.dtf.testkit.FakeNotificationChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of the notification hook: 10,000 failing tasks of one run, taken by four threads as the coordinator
 * calls a durable hook, on the real store (H2 in memory), each looked up for its failed tests; then 10,000 events
 * that need no lookup on one thread. Prints events per second and checks every event is accounted for and the
 * channel got a handful of messages. Run with
 * {@code mvn -B -o -pl bundles/notify test -Dtest=ThroughputBenchmark -Ddtf.notify.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "dtf.notify.benchmark", matches = "true")
class ThroughputBenchmark {
    private static final int TASKS = 10_000;
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path data;

    @Test
    void tenThousandFailingTasksGiveAHandfulOfMessagesAndEveryEventIsAccountedFor() throws Exception {
        JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", 4);
        RunId run = store.nextRunId();
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= TASKS; i++) {
            tasks.add(new Task(TaskId.of(run, i), run, "task-" + i, "command", Map.of("command", List.of("true")),
                    new Requirements(null, null, 1, null, Set.of(), null, null, null), 0, "default", null,
                    Duration.ofMinutes(10), 0, 0, TaskState.QUEUED, 0, null, T0, null, null, null));
        }
        store.createRun(new TestRun(run, "big", Map.of(), "default", null, T0, "name: big", null), tasks);
        TestClock clock = new TestClock(T0);
        FakeNotificationChannel slack = new FakeNotificationChannel();
        String routes = "route:\n  channels: [team]\n  group_by: [run]\n  group_wait: 30s\n  group_interval: 5m\n";
        Notifier notifier = new Notifier(clock, store, new FakeNotificationChannels().add("team", "slack", slack),
                new DataFiles(data), RulesParser.parse(routes, "benchmark"), new Templates(null), 1000);
        long start = System.nanoTime();
        ExecutorService hookThreads = Executors.newFixedThreadPool(4);
        List<Future<?>> calls = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t + 1;
            calls.add(hookThreads.submit(() -> {
                for (int i = first; i <= TASKS; i += 4) {
                    notifier.accept(event(HookType.TASK_FAILED, run, i, "FAILED"));
                }
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        hookThreads.shutdown();
        double failedPerSecond = TASKS * 1e9 / (System.nanoTime() - start);
        start = System.nanoTime();
        for (int i = 1; i <= TASKS; i++) {
            notifier.accept(event(HookType.TASK_TIMED_OUT, run, i, "TIMED_OUT"));
        }
        double plainPerSecond = TASKS * 1e9 / (System.nanoTime() - start);
        clock.advance(Duration.ofSeconds(30));
        notifier.tick();
        clock.advance(Duration.ofMinutes(5));
        notifier.tick();
        System.out.printf("TASK_FAILED with test lookups, 4 threads: %.0f events/s; TASK_TIMED_OUT, 1 thread: %.0f"
                + " events/s; messages: %d, the first '%s' (%d characters)%n", failedPerSecond, plainPerSecond,
                slack.delivered().size(), slack.delivered().get(0).title(), slack.delivered().get(0).text().length());
        assertEquals(2L * TASKS, notifier.counters().get(DeliveryOutcome.GROUPED));
        assertEquals(2L * TASKS, notifier.eventsSent(), "every event is in a message");
        assertTrue(slack.delivered().size() <= 2, slack.delivered().size() + " messages");
        notifier.close();
        store.close();
    }

    private static DtfEvent event(HookType type, RunId run, int task, String state) {
        return new DtfEvent(type, T0, run, TaskId.of(run, task), null, Severity.ERROR,
                Map.of("name", "task-" + task, "attempt", 1, "state", state));
    }
}
