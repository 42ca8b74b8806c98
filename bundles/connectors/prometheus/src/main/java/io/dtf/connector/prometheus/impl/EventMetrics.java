package io.dtf.connector.prometheus.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TestCaseResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metrics DTF's events feed: ended attempts, task and test durations, finished runs. Each
 * label takes values from a small fixed set (states, outcomes, task types), never ids, so
 * that a busy DTF does not grow Prometheus' series without bound.
 */
final class EventMetrics {
    /** Seconds: from a minute's run to a nightly one. */
    static final double[] RUN_BUCKETS = {1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800};

    /** What the metrics of an ended attempt read beyond its event. */
    interface AttemptSource {
        /** The task as stored now, with its latest result and that result's test cases; empty when not known. */
        Optional<Task> task(TaskId id);

        /** The test cases that attempt {@code attempt} of the task reported. */
        List<TestCaseResult> testCases(TaskId id, int attempt);
    }

    private final Counter attempts;
    private final Histogram taskDuration;
    private final Histogram testDuration;
    private final Counter runs;
    private final Histogram runDuration;

    EventMetrics(PrometheusRegistry registry, double[] taskBuckets, double[] testBuckets) {
        attempts = Counter.builder().name("dtf_task_attempts")
                .help("Task attempts that ended, by outcome: passed, failed, error, timed_out, cancelled, or retried and "
                        + "preempted for attempts that are tried again")
                .labelNames("outcome").register(registry);
        taskDuration = Histogram.builder().name("dtf_task_duration_seconds")
                .help("How long ended task attempts ran, by task type and the attempt's result")
                .labelNames("type", "outcome").classicOnly().classicUpperBounds(taskBuckets).register(registry);
        testDuration = Histogram.builder().name("dtf_test_duration_seconds")
                .help("How long the test cases reported by ended task attempts took, by test status")
                .labelNames("status").classicOnly().classicUpperBounds(testBuckets).register(registry);
        runs = Counter.builder().name("dtf_runs_completed")
                .help("Runs that finished, by state: passed, failed, cancelled").labelNames("state").register(registry);
        runDuration = Histogram.builder().name("dtf_run_duration_seconds")
                .help("How long finished runs took from submission to their last task's end, by state")
                .labelNames("state").classicOnly().classicUpperBounds(RUN_BUCKETS).register(registry);
    }

    /**
     * Records an event.
     *
     * @param tasks what an attempt's end reads beyond its event: only its test cases when the event says their number
     *     (and it is not 0), the whole task when the event carries no duration (a cancel)
     */
    void record(DtfEvent event, AttemptSource tasks) {
        switch (event.type()) {
            case TASK_COMPLETED, TASK_FAILED, TASK_TIMED_OUT, TASK_CANCELLED, TASK_RETRIED, TASK_PREEMPTED ->
                    attemptEnded(event, tasks);
            case RUN_COMPLETED -> runCompleted(event);
            default -> {
                // not asked for
            }
        }
    }

    private void attemptEnded(DtfEvent event, AttemptSource tasks) {
        attempts.labelValues(attemptOutcome(event)).inc();
        if (event.task() == null) {
            return;
        }
        Integer attempt = event.get(EventData.ATTEMPT);
        String type = event.get(EventData.TASK_TYPE);
        Long millis = event.get(EventData.DURATION_MILLIS);
        String state = event.get(EventData.STATE);
        if (type != null && millis != null && state != null && attempt != null) {
            taskDuration.labelValues(label(type), lower(state)).observe(millis / 1e3);
            Integer testCases = event.get(EventData.TEST_CASES);
            if (testCases != null && testCases > 0) {
                tasks.testCases(event.task(), attempt).forEach(this::testEnded);
            }
            return;
        }
        // an end the coordinator did not measure (a cancel): the task as stored
        Optional<Task> stored = tasks.task(event.task());
        // the stored result is this attempt's only while no later attempt was leased: otherwise it is skipped,
        // not counted twice (a dropped observation is what a metrics hook may afford)
        if (stored.isEmpty() || stored.get().result() == null || attempt == null || stored.get().attempt() != attempt) {
            return;
        }
        Task task = stored.get();
        TaskResult result = task.result();
        taskDuration.labelValues(label(task.type()), lower(result.status().name())).observe(seconds(result.duration()));
        result.testCases().forEach(this::testEnded);
    }

    private void testEnded(TestCaseResult test) {
        testDuration.labelValues(lower(test.status().name())).observe(seconds(test.duration()));
    }

    private static String attemptOutcome(DtfEvent event) {
        return switch (event.type()) {
            case TASK_RETRIED -> "retried";
            case TASK_PREEMPTED -> "preempted";
            default -> {
                String state = event.get(EventData.STATE);
                yield state == null ? lower(event.type().name().substring("TASK_".length())) : lower(state);
            }
        };
    }

    private void runCompleted(DtfEvent event) {
        String state = event.get(EventData.STATE);
        String label = state == null ? "unknown" : lower(state);
        runs.labelValues(label).inc();
        RunReport report = event.get(EventData.REPORT);
        if (report != null && report.duration() != null) {
            runDuration.labelValues(label).observe(seconds(report.duration()));
        }
    }

    private static String label(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static double seconds(Duration duration) {
        return duration == null ? 0 : duration.toNanos() / 1e9;
    }
}
