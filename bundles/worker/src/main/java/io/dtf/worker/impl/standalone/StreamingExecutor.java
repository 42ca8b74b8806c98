package io.dtf.worker.impl.standalone;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** An executor whose attempts' logs are streamed to the coordinator while they run. */
final class StreamingExecutor implements TaskExecutor {
    private final TaskExecutor delegate;
    private final LogStreamer streamer;

    StreamingExecutor(TaskExecutor delegate, LogStreamer streamer) {
        this.delegate = delegate;
        this.streamer = streamer;
    }

    @Override
    public TaskResult execute(TaskExecution execution) throws InterruptedException {
        LogSink sink = streamer.follow(execution.attempt(), execution.logFile(), execution.log());
        return delegate.execute(new Streamed(execution, sink));
    }

    /** The execution with the streaming sink as its log. */
    private record Streamed(TaskExecution execution, LogSink log) implements TaskExecution {
        @Override
        public Task task() {
            return execution.task();
        }

        @Override
        public TaskAttempt attempt() {
            return execution.attempt();
        }

        @Override
        public Path workDir() {
            return execution.workDir();
        }

        @Override
        public Map<String, String> environment() {
            return execution.environment();
        }

        @Override
        public Path logFile() {
            return execution.logFile();
        }

        @Override
        public Instant deadline() {
            return execution.deadline();
        }

        @Override
        public Cancellation cancellation() {
            return execution.cancellation();
        }
    }
}
