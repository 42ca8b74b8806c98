package io.dtf.worker.impl.agent;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** What the agent hands an executor for one attempt. */
public record AttemptExecution(Task task, TaskAttempt attempt, Path workDir, Map<String, String> environment,
                               LogSink log, Path logFile, Instant deadline, Cancellation cancellation)
        implements TaskExecution {
    public AttemptExecution {
        environment = Map.copyOf(environment);
    }
}
