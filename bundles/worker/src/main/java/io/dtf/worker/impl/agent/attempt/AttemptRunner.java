package io.dtf.worker.impl.agent.attempt;

import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.worker.impl.log.AttemptLog;
import io.dtf.worker.impl.process.ProcessRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt on its slot's thread: its log, its working folder and environment, the executor of
 * its task's type, and the result to report (with the log's file or tail).
 */
public final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    /** The deadline of a task without a timeout. */
    private static final Duration NO_TIMEOUT = Duration.ofDays(3650);

    private final WorkerId worker;
    private final Function<String, TaskExecutor> executors;
    private final AttemptFolders folders;
    private final Path logRoot;
    private final Consumer<TaskAttempt> started;
    private volatile Map<String, String> environment = System.getenv();
    /** What executors write to: the attempt's log itself, or a sink that also sends it somewhere. */
    private volatile BiFunction<TaskAttempt, AttemptLog, LogSink> logFollower = (attempt, log) -> log;
    /** Where the processes of attempts are recorded while they run; {@code null}: nowhere. */
    private volatile ProcessRecords processes;

    /**
     * @param worker the worker, for its log
     * @param executors the executor for a task type, or {@code null}; asked for every attempt
     * @param workRoot where attempts without a {@code workdir} get their own folder
     * @param spareFolders how many empty attempt folders are kept for the next attempts (one per slot)
     * @param logRoot where attempt logs are written ({@code <runId>/<taskId>-<attempt>.log})
     * @param started told when the attempt's work starts, to report it
     */
    public AttemptRunner(WorkerId worker, Function<String, TaskExecutor> executors, Path workRoot, int spareFolders,
                         Path logRoot, Consumer<TaskAttempt> started) {
        this.worker = worker;
        this.executors = Objects.requireNonNull(executors, "executors");
        this.folders = new AttemptFolders(workRoot, spareFolders);
        this.logRoot = logRoot.toAbsolutePath();
        this.started = started;
    }

    /** The environment every attempt starts from; the task's {@code env} goes on top. */
    public void environment(Map<String, String> base) {
        this.environment = Map.copyOf(base);
    }

    /** Gets every attempt and its log at its start, and returns the sink its executor writes to. */
    public void logFollower(BiFunction<TaskAttempt, AttemptLog, LogSink> follower) {
        this.logFollower = Objects.requireNonNull(follower, "follower");
    }

    /** Records the processes of running attempts there, for the worker's next life to end them after a crash. */
    public void processRecords(ProcessRecords records) {
        this.processes = Objects.requireNonNull(records, "records");
    }

    /** Runs the attempt; {@code null} when there is nothing to report. */
    public TaskResult run(HeldAttempt r) {
        try {
            return attempt(r);
        } catch (RuntimeException | Error e) {
            LOG.error("Worker {}: attempt {} failed inside the worker", worker, r.attempt(), e);
            return TaskResult.of(TaskState.ERROR, "the worker failed: " + e);
        } finally {
            ProcessRecords records = processes;
            if (records != null) {
                records.forget(r.attempt());
            }
            folders.recycle(r);
        }
    }

    private TaskResult attempt(HeldAttempt r) {
        TaskAttempt attempt = r.attempt();
        if (r.isByShutdown()) {
            LOG.info("Worker {}: {} not started, the worker shuts down", worker, attempt);
            return null;
        }
        Path logFile = attempt.logFile(logRoot);
        Instant begin = Instant.now();
        try (AttemptLog log = new AttemptLog(logFile)) {
            TaskResult result = attempt(r, log, begin);
            if (result == null) {
                return null;
            }
            if (r.isByShutdown()) {
                // Not the task's fault: reporting nothing lets unregister() hand the attempt back as lost,
                // so the coordinator runs it again without spending one of the task's own attempts.
                LOG.info("Worker {}: {} stopped by shutdown; handed back to the coordinator", worker, attempt);
                return null;
            }
            if (result.status() != TaskState.PASSED) {
                // kept in full: an attempt that is retried is no longer the task's latest result, whose tail the
                // coordinator shows when there is no file
                log.file();
            }
            if (log.failure() != null) {
                LOG.warn("Worker {}: the log of {} is incomplete, it could not be written to {}: {}", worker,
                        attempt, logFile, log.failure().toString());
            }
            if (result.logPath() != null) {
                return result;
            }
            // a log that stayed in memory is all in the tail: no file to name
            return new TaskResult(result.status(), result.duration().isZero()
                    ? Duration.between(begin, Instant.now()) : result.duration(), result.exitCode(), result.message(),
                    result.testCases(), result.artifacts(), result.metrics(), log.inFile() ? logFile.toString() : null,
                    log.tail());
        }
    }

    private TaskResult attempt(HeldAttempt r, AttemptLog log, Instant begin) {
        Task task = r.lease().task();
        TaskAttempt attempt = r.attempt();
        log.line("[dtf] " + task.type() + " task " + task.id() + " (" + task.name() + ") attempt " + attempt.attempt()
                + " on worker " + worker + " at " + begin);
        if (r.cancellation().isCancelled()) {
            log.line("[dtf] cancelled before it started");
            return TaskResult.of(TaskState.CANCELLED, "cancelled before it started");
        }
        Path workDir;
        try {
            workDir = folders.workDir(r);
        } catch (IOException | RuntimeException e) {
            String message = "cannot prepare the working directory: " + e;
            log.line("[dtf] " + message);
            return TaskResult.of(TaskState.ERROR, message);
        }
        started.accept(attempt); // reported on the way: the process starts now, a refusal stops it
        Instant deadline = begin.plus(task.timeout() == null || task.timeout().isNegative()
                || task.timeout().isZero() ? NO_TIMEOUT : task.timeout());
        ProcessRecords records = processes;
        AttemptExecution execution = new AttemptExecution(task, attempt, workDir, environment(task),
                logFollower.apply(attempt, log), log, deadline, r.cancellation(),
                records == null ? process -> { } : process -> records.record(attempt, process));
        return execute(execution, log);
    }

    private TaskResult execute(AttemptExecution execution, AttemptLog log) {
        String type = execution.task().type();
        TaskExecutor executor = executors.apply(type);
        String failure;
        if (executor == null) {
            failure = "no executor for task type " + type + " on this worker";
        } else {
            try {
                TaskResult result = executor.execute(execution);
                if (result != null) {
                    return result;
                }
                failure = "the executor for task type " + type + " returned no result";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                failure = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
                LOG.warn("Worker {}: the {} executor threw for {}", worker, type, execution.attempt(), e);
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                trace.toString().lines().forEach(l -> log.line("[dtf] " + l));
            }
        }
        log.line("[dtf] " + failure);
        return TaskResult.of(TaskState.ERROR, failure);
    }

    private Map<String, String> environment(Task task) {
        Map<String, String> env = new HashMap<>(environment);
        if (task.spec().get("env") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> {
                if (v == null) {
                    env.remove(String.valueOf(k));
                } else {
                    env.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        return env;
    }
}
