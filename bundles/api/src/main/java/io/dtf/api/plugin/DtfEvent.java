package io.dtf.api.plugin;

import io.dtf.api.notify.Severity;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened in DTF. {@code run}, {@code task} and {@code worker} are {@code null}
 * where they do not apply; {@code data} carries the details of the type, under the keys of
 * {@link EventData} (read them typed with {@link #get}).
 *
 * @param id stable: the same event delivered again (durable hooks receive each at least once) has the
 *     same id, so that a receiver can make its effect happen exactly once. Events of a task's attempt
 *     are named after it ({@code r12.3:2:TASK_FAILED}), a run's after the run ({@code r12:RUN_COMPLETED})
 */
public record DtfEvent(HookType type, Instant at, RunId run, TaskId task, WorkerId worker,
                       Severity severity, Map<String, Object> data, String id) {
    public DtfEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        severity = severity == null ? Severity.INFO : severity;
        data = data == null ? Map.of() : Map.copyOf(data);
        id = id == null ? defaultId(type, run, task, data) : id;
    }

    /** An event with the id its type, run, task and attempt give it ({@link #id}). */
    public DtfEvent(HookType type, Instant at, RunId run, TaskId task, WorkerId worker,
                    Severity severity, Map<String, Object> data) {
        this(type, at, run, task, worker, severity, data, null);
    }

    /** The value of a key of {@link EventData}, typed; {@code null} when the event has none. */
    public <T> T get(EventKey<T> key) {
        return key.from(data);
    }

    /**
     * A task's event is named by task, attempt and type, a run's by run and type: both happen once.
     * Other events (workers, the coordinator, plugins' own) are unique by a random id.
     */
    private static String defaultId(HookType type, RunId run, TaskId task, Map<String, Object> data) {
        if (task != null) {
            Integer attempt = EventData.ATTEMPT.from(data);
            return task.value() + ":" + (attempt == null ? 0 : attempt) + ":" + type;
        }
        if (run != null) {
            return run.value() + ":" + type;
        }
        return type + ":" + UUID.randomUUID();
    }
}
