package io.dtf.coordinator.impl.engine;

import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What follows every way an attempt ends (reported, lost, overdue, preempted) once the store took
 * it: the task is queued again for another attempt, or counted as finished, and the event says
 * which. Called with the engine's lock held.
 */
public final class AttemptEnds {
    private final EngineState state;

    public AttemptEnds(EngineState state) {
        this.state = state;
    }

    /** After an attempt's end was stored: queue it again, or count the task as finished. */
    public void ended(Task task, int attempt, TaskResult result, boolean retry, List<RunId> completedRuns) {
        state.runs().counted(task, retry ? TaskState.QUEUED : result.status(), result);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(EventData.NAME.name(), task.name());
        data.put(EventData.TASK_TYPE.name(), task.type());
        data.put(EventData.ATTEMPT.name(), attempt);
        data.put(EventData.STATE.name(), result.status().name());
        if (result.exitCode() != null) {
            data.put(EventData.EXIT_CODE.name(), result.exitCode());
        }
        if (result.message() != null) {
            data.put(EventData.MESSAGE.name(), result.message());
        }
        data.put(EventData.DURATION_MILLIS.name(), result.duration().toMillis());
        data.put(EventData.TEST_CASES.name(), result.testCases().size());
        HookType type = HookType.ofAttemptEnd(result.status(), retry, false);
        if (retry) {
            state.enqueue(task.withState(TaskState.QUEUED, attempt, null));
        }
        state.publish(type, task.runId(), task.id(), task.worker(), type.attemptEndSeverity(), data);
        if (!retry) {
            state.runs().finished(task, completedRuns);
        }
    }
}
