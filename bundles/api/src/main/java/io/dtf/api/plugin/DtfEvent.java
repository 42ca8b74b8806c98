package io.dtf.api.plugin;

import io.dtf.api.notify.Severity;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in DTF. {@code run}, {@code task} and {@code worker} are {@code null}
 * where they do not apply; {@code data} carries the details of the type (state, attempt, counts).
 */
public record DtfEvent(HookType type, Instant at, RunId run, TaskId task, WorkerId worker,
                       Severity severity, Map<String, Object> data) {
    public DtfEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        severity = severity == null ? Severity.INFO : severity;
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
