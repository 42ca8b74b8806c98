package io.dtf.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.http.DtfJson;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** API values and their JSON, as a DTF server would send them. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private Fixtures() {
    }

    public static String json(Object value) {
        try {
            return DtfJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A list answer: {@code {"items": [...], "offset", "limit", "total"}}. */
    public static String page(List<?> items, int offset, int limit, long total) {
        return json(Map.of("items", items, "offset", offset, "limit", limit, "total", total));
    }

    /** A run with these task counts (state, count, state, count, ...). */
    public static RunSummary run(String id, String name, Object... counts) {
        Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
        for (int i = 0; i < counts.length; i += 2) {
            byState.put((TaskState) counts[i], (Integer) counts[i + 1]);
        }
        TaskCounts c = new TaskCounts(byState);
        RunState state = c.runState();
        return new RunSummary(new TestRun(RunId.of(id), name, Map.of("team", "web"), "default", null, T0, "name: x"),
                state, c, state.isFinished() ? T0.plusSeconds(72) : null, 0, 0);
    }

    public static RunSummary withTestCases(RunSummary r, int testCases, int failed) {
        return new RunSummary(r.run(), r.state(), r.counts(), r.finishedAt(), testCases, failed);
    }

    public static Task task(String id, String name, TaskState state, Integer exitCode, String message) {
        TaskResult result = state.isTerminal() ? new TaskResult(state, Duration.ofMillis(1500), exitCode, message,
                List.of(), List.of(), Map.of(), null, "last line of " + name) : null;
        TaskId taskId = TaskId.of(id);
        return new Task(taskId, taskId.runId(), name, "command", Map.of("command", List.of("true")),
                Requirements.NONE, 0, "default", null, Duration.ofMinutes(10), 2, 1, state,
                state == TaskState.QUEUED ? 0 : 1, state == TaskState.QUEUED ? null : WorkerId.of("host-w1"),
                T0, state == TaskState.QUEUED ? null : T0.plusSeconds(1), state.isTerminal() ? T0.plusSeconds(3) : null,
                result);
    }

    public static StoredTestCase testCase(String taskId, String taskName, String className, String name,
                                          TestCaseStatus status, String message) {
        return new StoredTestCase(TaskId.of(taskId), taskName, 1, new TestCaseResult("suite", className, name, status,
                Duration.ofMillis(250), message, message == null ? null : "at " + className + "." + name + "(X.java:1)",
                false));
    }

    public static WorkerInfo worker(String id, int slots, String... labels) {
        return new WorkerInfo(WorkerId.of(id), id.substring(id.indexOf('-') + 1), "host",
                new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(labels), Set.of(), false, false), slots);
    }

    public static WorkerStatus workerStatus(String id, WorkerState state, int busy) {
        return new WorkerStatus(worker(id, 2, "linux-x64"), state, busy, T0, Instant.now().minusSeconds(2), 7);
    }
}
