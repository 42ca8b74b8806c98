package io.dtf.worker.impl.agent.attempt;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.worker.impl.log.AttemptLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the agent hands an executor for one attempt.
 *
 * @param log where the executor writes: {@code attemptLog}, or a sink that also streams it
 * @param attemptLog the attempt's log, whose file is written when the executor asks for it
 * @param processes told of each process the executor starts
 */
public record AttemptExecution(Task task, TaskAttempt attempt, Path workDir, Map<String, String> environment,
                               LogSink log, AttemptLog attemptLog, Instant deadline, Cancellation cancellation,
                               Consumer<ProcessHandle> processes)
        implements TaskExecution {
    public AttemptExecution {
        environment = Map.copyOf(environment);
    }

    @Override
    public Path logFile() {
        return attemptLog.file();
    }

    @Override
    public void processStarted(ProcessHandle process) {
        processes.accept(process);
    }
}
