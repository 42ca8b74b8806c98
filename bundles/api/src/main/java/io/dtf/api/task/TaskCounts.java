package io.dtf.api.task;

import java.util.EnumMap;
import java.util.Map;

/** How many tasks of a run are in each state; the run's own state is derived from it. */
public record TaskCounts(Map<TaskState, Integer> byState) {
    public TaskCounts {
        EnumMap<TaskState, Integer> copy = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            copy.put(state, byState.getOrDefault(state, 0));
        }
        byState = Map.copyOf(copy);
    }

    public int get(TaskState state) {
        return byState.get(state);
    }

    public int total() {
        return byState.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int finished() {
        return TaskState.TERMINAL.stream().mapToInt(this::get).sum();
    }

    public RunState runState() {
        int total = total();
        if (finished() == total) {
            if (get(TaskState.PASSED) == total) {
                return RunState.PASSED;
            }
            boolean anyFailed = get(TaskState.FAILED) + get(TaskState.ERROR) + get(TaskState.TIMED_OUT) > 0;
            return anyFailed ? RunState.FAILED : RunState.CANCELLED;
        }
        return get(TaskState.QUEUED) == total ? RunState.QUEUED : RunState.RUNNING;
    }
}
