package io.dtf.api.executor;

import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Everything an executor gets for one attempt of a task. */
@ProviderType
public interface TaskExecution {
    Task task();

    TaskAttempt attempt();

    /** The working directory: the task's {@code workdir}, or a fresh folder of the attempt's own. */
    Path workDir();

    /** The environment of the worker, with the task's {@code env} on top. */
    Map<String, String> environment();

    /** The attempt's log. */
    LogSink log();

    /** The attempt's full log file (what {@link #log()} writes to). */
    Path logFile();

    /** When the attempt times out; the executor must stop its work then and report TIMED_OUT. */
    Instant deadline();

    Cancellation cancellation();

    /**
     * Tells the worker about a process the executor started for this attempt; an executor that starts
     * processes calls it right after each start. The worker records it (its PID and start time) until the
     * attempt ends, so that if the worker dies meanwhile ({@code kill -9}), its next start ends the process
     * and its descendants before it takes tasks again, rather than letting them run on beside a second
     * attempt. A worker that keeps no such records ignores it.
     */
    default void processStarted(ProcessHandle process) {
    }
}
