package io.dtf.coordinator.impl.scheduling;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Capabilities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tasks and capabilities for tests. */
final class Fixtures {
    static final RunId RUN = RunId.of("r1");

    private Fixtures() {
    }

    static Task task(int index, long seq, Requirements requirements) {
        return new Task(TaskId.of(RUN, index), RUN, "t" + index, "command",
                Map.of("command", List.of("true")), requirements, 0, "default", null, Duration.ofMinutes(1), 1, seq,
                TaskState.QUEUED, 0, null, Instant.EPOCH, null, null, null);
    }

    static Capabilities linux(String... labels) {
        return new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(labels), Set.of(), false, false);
    }

    static Requirements labels(String... labels) {
        return new Requirements(null, null, null, null, Set.of(labels), null, null, null);
    }
}
