package io.dtf.api.task;

import io.dtf.api.worker.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A unit of work and its current state. The definition fields come from the plan; {@code state},
 * {@code attempt}, {@code worker} and the times change as the task moves; {@code result} is the
 * outcome of the latest finished attempt, if any.
 *
 * @param id unique id ({@code r42.3})
 * @param runId the run it belongs to
 * @param name unique within the run
 * @param type task type: {@code command}, {@code junit}, {@code browser}
 * @param spec the type's own keys, normalized by the plan parser (for {@code command}: {@code command}
 *     a list of strings, {@code workdir} a string, {@code env} a string map, {@code reports} a list of globs)
 * @param requirements what a worker must offer
 * @param priority higher runs first
 * @param tenant fair-share tenant, from the run
 * @param deadline when the task should be finished, or {@code null}
 * @param timeout how long one attempt may run
 * @param maxAttempts how often the task may be attempted in all (1 = no retry)
 * @param seq submission order across all runs; FIFO order
 * @param state current state
 * @param attempt number of the current or last attempt; 0 before the first lease
 * @param worker the worker of the current or last attempt, or {@code null}
 * @param createdAt when it was accepted
 * @param startedAt when the current or last attempt started running, or {@code null}
 * @param finishedAt when it reached a terminal state, or {@code null}
 * @param result outcome of the latest finished attempt, or {@code null}
 * @param preemptedAttempts how many of its attempts a scheduler preempted: they spend none of
 *     {@code maxAttempts}
 * @param waiting why it waits, when it is queued and no connected worker can run it ({@code no
 *     connected worker runs junit tasks}); {@code null} otherwise. Not stored: the coordinator says it
 *     when asked about the task.
 */
public record Task(TaskId id, RunId runId, String name, String type, Map<String, Object> spec,
                   Requirements requirements, int priority, String tenant, Instant deadline, Duration timeout,
                   int maxAttempts, long seq, TaskState state, int attempt, WorkerId worker,
                   Instant createdAt, Instant startedAt, Instant finishedAt, TaskResult result,
                   int preemptedAttempts, String waiting) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        spec = spec == null ? Map.of() : spec;
        requirements = requirements == null ? Requirements.NONE : requirements;
        if (preemptedAttempts < 0 || preemptedAttempts > attempt) {
            throw new IllegalArgumentException("preemptedAttempts must be between 0 and attempt (" + attempt + "): "
                    + preemptedAttempts);
        }
    }

    /** A task none of whose attempts was preempted. */
    public Task(TaskId id, RunId runId, String name, String type, Map<String, Object> spec,
                Requirements requirements, int priority, String tenant, Instant deadline, Duration timeout,
                int maxAttempts, long seq, TaskState state, int attempt, WorkerId worker,
                Instant createdAt, Instant startedAt, Instant finishedAt, TaskResult result) {
        this(id, runId, name, type, spec, requirements, priority, tenant, deadline, timeout, maxAttempts, seq, state,
                attempt, worker, createdAt, startedAt, finishedAt, result, 0, null);
    }

    /** A task as stored: nothing said yet of why it waits. */
    public Task(TaskId id, RunId runId, String name, String type, Map<String, Object> spec,
                Requirements requirements, int priority, String tenant, Instant deadline, Duration timeout,
                int maxAttempts, long seq, TaskState state, int attempt, WorkerId worker,
                Instant createdAt, Instant startedAt, Instant finishedAt, TaskResult result, int preemptedAttempts) {
        this(id, runId, name, type, spec, requirements, priority, tenant, deadline, timeout, maxAttempts, seq, state,
                attempt, worker, createdAt, startedAt, finishedAt, result, preemptedAttempts, null);
    }

    /** How many of {@code maxAttempts} its attempts so far have used: all but the preempted ones. */
    public int attemptsSpent() {
        return attempt - preemptedAttempts;
    }

    /** Whether another attempt is allowed after the current one. */
    public boolean hasAttemptsLeft() {
        return attemptsSpent() < maxAttempts;
    }

    /** The key under which durations are remembered: the same task of the same plan across runs. */
    public String durationKey(String runName) {
        return runName + "/" + name;
    }

    public Task withState(TaskState newState, int newAttempt, WorkerId newWorker) {
        return new Task(id, runId, name, type, spec, requirements, priority, tenant, deadline, timeout, maxAttempts,
                seq, newState, newAttempt, newWorker, createdAt, startedAt, finishedAt, result, preemptedAttempts,
                null);
    }

    /** The task after a scheduler preempted its current attempt. */
    public Task withAttemptPreempted() {
        return new Task(id, runId, name, type, spec, requirements, priority, tenant, deadline, timeout, maxAttempts,
                seq, state, attempt, worker, createdAt, startedAt, finishedAt, result, preemptedAttempts + 1, waiting);
    }

    /** The task with other requirements, e.g. with its type among them. */
    public Task withRequirements(Requirements newRequirements) {
        return new Task(id, runId, name, type, spec, newRequirements, priority, tenant, deadline, timeout,
                maxAttempts, seq, state, attempt, worker, createdAt, startedAt, finishedAt, result, preemptedAttempts,
                waiting);
    }

    /** The task with the reason it waits ({@code null}: none worth saying). */
    public Task withWaiting(String reason) {
        return new Task(id, runId, name, type, spec, requirements, priority, tenant, deadline, timeout, maxAttempts,
                seq, state, attempt, worker, createdAt, startedAt, finishedAt, result, preemptedAttempts, reason);
    }
}
