package io.dtf.worker.impl;

import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.Lease;
import io.dtf.worker.impl.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Tasks, leases and waiting, for the tests of this bundle. */
public final class TestTasks {
    private TestTasks() {
    }

    /** A task of run {@code r1} with this id ({@code r1.3}), type and spec. */
    public static Task task(String id, String type, Map<String, Object> spec, Duration timeout) {
        TaskId taskId = TaskId.of(id);
        return new Task(taskId, taskId.runId(), "task-" + id, type, spec, null, 0, "default", null, timeout, 1, 0,
                TaskState.LEASED, 1, null, Instant.now(), null, null, null);
    }

    /** A {@code command} task running {@code sh -c script}. */
    public static Task shell(String id, String script, Duration timeout) {
        return shell(id, script, timeout, Map.of());
    }

    /** A {@code command} task running {@code sh -c script}, with more spec keys. */
    public static Task shell(String id, String script, Duration timeout, Map<String, Object> more) {
        Map<String, Object> spec = new HashMap<>(more);
        spec.put("command", List.of("sh", "-c", script));
        return task(id, "command", spec, timeout);
    }

    public static Lease lease(Task task) {
        return new Lease(new TaskAttempt(task.id(), task.attempt()), task, Instant.now().plusSeconds(60));
    }

    /** Waits until the condition holds; fails the test after {@code max}. */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max + " waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    /** The PID a script wrote into a file, once it is there. */
    public static long readPid(Path file) {
        await(file + " is written", Duration.ofSeconds(5), () -> {
            try {
                return Files.exists(file) && Files.readString(file).strip().matches("\\d+");
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether a process ended (a zombie counts as ended). */
    public static boolean isGone(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::isGone).orElse(true);
    }
}
