package io.dtf.testkit;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.executor.LogSink;
import io.dtf.api.executor.TaskExecution;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a worker hands a {@code TaskExecutor} for one attempt, for the executor's tests: the task, its working
 * directory, the environment (this process's unless set; the worker would add the task's {@code env}), a log
 * kept in memory ({@link #lines()}) and in a file, a deadline of the task's time-out from now unless set, a
 * cancellation the test triggers with {@link #cancel()}, and the processes the executor reported starting
 * ({@link #processesStarted()}). Thread safe: executors log from several threads.
 */
public final class TestTaskExecution implements TaskExecution {
    private final Task task;
    private final TaskAttempt attempt;
    private final Path workDir;
    private final Path logFile;
    private final List<String> lines = new ArrayList<>();
    private final List<Runnable> onCancel = new ArrayList<>();
    private final List<ProcessHandle> processes = new ArrayList<>();
    private volatile Map<String, String> environment = System.getenv();
    private volatile Instant deadline;
    private boolean cancelled;

    private TestTaskExecution(Task task, Path workDir) {
        this.task = Objects.requireNonNull(task, "task");
        this.attempt = new TaskAttempt(task.id(), Math.max(1, task.attempt()));
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.deadline = Instant.now().plus(task.timeout());
        try {
            this.logFile = Files.createTempFile("dtf-" + attempt.fileName() + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the attempt's log file", e);
        }
    }

    /** The task's attempt (its first, unless it has one) in {@code workDir}. */
    public static TestTaskExecution of(Task task, Path workDir) {
        return new TestTaskExecution(task, workDir);
    }

    /** The environment the executor gets instead of this process's. */
    public TestTaskExecution environment(Map<String, String> value) {
        this.environment = Map.copyOf(value);
        return this;
    }

    /** When the attempt times out, instead of the task's time-out from now. */
    public TestTaskExecution deadline(Instant value) {
        this.deadline = Objects.requireNonNull(value, "deadline");
        return this;
    }

    /** The lines the executor logged, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The processes the executor reported through {@link #processStarted}, in order. */
    public synchronized List<ProcessHandle> processesStarted() {
        return List.copyOf(processes);
    }

    /**
     * Cancels the attempt as a user would: the executor's {@link Cancellation#onCancel} actions run once, on
     * this thread (an action that throws fails the call). Returns {@code false} when it was cancelled already.
     */
    public boolean cancel() {
        List<Runnable> actions;
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            actions = List.copyOf(onCancel);
            onCancel.clear();
        }
        actions.forEach(Runnable::run);
        return true;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public TaskAttempt attempt() {
        return attempt;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public LogSink log() {
        return this::line;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public synchronized void processStarted(ProcessHandle process) {
        processes.add(process);
    }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            @Override
            public boolean isCancelled() {
                synchronized (TestTaskExecution.this) {
                    return cancelled;
                }
            }

            @Override
            public void onCancel(Runnable action) {
                synchronized (TestTaskExecution.this) {
                    if (!cancelled) {
                        onCancel.add(action);
                        return;
                    }
                }
                action.run();
            }
        };
    }

    private synchronized void line(String line) {
        lines.add(line);
        try {
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the attempt's log " + logFile, e);
        }
    }
}
