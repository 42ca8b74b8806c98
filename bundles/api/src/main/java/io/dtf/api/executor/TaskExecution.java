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
}
