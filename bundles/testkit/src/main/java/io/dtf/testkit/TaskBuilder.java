package io.dtf.testkit;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A queued {@link Task} for tests, with the values a plan would give it unless the test sets them: type
 * {@code command}, priority 0, tenant {@code default}, no requirements and no deadline, a 30-minute time-out,
 * one attempt. Its id, submission sequence and creation time are set by the {@link TestQueue} or
 * {@link SchedulerHarness} it is submitted to, unless the test sets them.
 *
 * <pre>{@code
 * Task urgent = queue.submit(TaskBuilder.task().priority(9).tenant("web").requirements(gpu));
 * }</pre>
 */
public final class TaskBuilder {
    /** When tasks are created and decisions made unless a test says otherwise: 2026-01-01T00:00:00Z. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private RunId run = RunId.of("r1");
    private TaskId id;
    private Long seq;
    private String name;
    private String type = "command";
    private Map<String, Object> spec = Map.of();
    private Requirements requirements = Requirements.NONE;
    private int priority;
    private String tenant = "default";
    private Instant deadline;
    private Duration timeout = Duration.ofMinutes(30);
    private int maxAttempts = 1;
    private Instant createdAt;
    private TaskResult result;

    private TaskBuilder() {
    }

    public static TaskBuilder task() {
        return new TaskBuilder();
    }

    /** The run the task belongs to; {@code r1} unless set. */
    public TaskBuilder run(String runId) {
        this.run = RunId.of(runId);
        return this;
    }

    /** A fixed id such as {@code r1.7}; also sets the run. */
    public TaskBuilder id(String taskId) {
        this.id = TaskId.of(taskId);
        this.run = id.runId();
        return this;
    }

    /** A fixed submission sequence: the order of submission across runs, which the queue's orders end on. */
    public TaskBuilder seq(long value) {
        this.seq = value;
        return this;
    }

    /** The task's name in its plan, the key of its duration history; {@code t<n>} after its id unless set. */
    public TaskBuilder name(String value) {
        this.name = value;
        return this;
    }

    public TaskBuilder type(String value) {
        this.type = Objects.requireNonNull(value, "type");
        return this;
    }

    /** The type's own keys, as the plan gives them ({@code command}, {@code env}, ...). */
    public TaskBuilder spec(Map<String, Object> value) {
        this.spec = Map.copyOf(value);
        return this;
    }

    public TaskBuilder requirements(Requirements value) {
        this.requirements = Objects.requireNonNull(value, "requirements");
        return this;
    }

    public TaskBuilder requirements(RequirementsBuilder value) {
        return requirements(value.build());
    }

    /** Higher runs first. */
    public TaskBuilder priority(int value) {
        this.priority = value;
        return this;
    }

    public TaskBuilder tenant(String value) {
        this.tenant = Objects.requireNonNull(value, "tenant");
        return this;
    }

    public TaskBuilder deadline(Instant value) {
        this.deadline = value;
        return this;
    }

    public TaskBuilder timeout(Duration value) {
        this.timeout = Objects.requireNonNull(value, "timeout");
        return this;
    }

    public TaskBuilder maxAttempts(int value) {
        this.maxAttempts = value;
        return this;
    }

    /** When it was submitted, what its wait counts from; {@link #T0}, or the harness's clock, unless set. */
    public TaskBuilder createdAt(Instant value) {
        this.createdAt = Objects.requireNonNull(value, "createdAt");
        return this;
    }

    /**
     * The task has ended with this result (as a hook sees it in the store): its state is the result's status,
     * after one attempt that started when it was created and took the result's duration.
     */
    public TaskBuilder result(TaskResult value) {
        this.result = Objects.requireNonNull(value, "result");
        return this;
    }

    /** The task, queued (ended, with a {@link #result}); without an id set, task 1 of its run, submitted first, at {@link #T0}. */
    public Task build() {
        return build(seq == null ? 1 : seq, 1, T0);
    }

    /**
     * The task with the id, sequence and creation time the test set, else these: what a queue gives the
     * {@code index}-th task of a run submitted {@code nextSeq}-th overall, at {@code submittedAt}.
     */
    Task build(long nextSeq, int index, Instant submittedAt) {
        TaskId taskId = id != null ? id : TaskId.of(run, index);
        String taskName = name != null ? name : "t" + taskId.value().substring(taskId.value().lastIndexOf('.') + 1);
        Instant created = createdAt != null ? createdAt : submittedAt;
        long sequence = seq != null ? seq : nextSeq;
        if (result == null) {
            return new Task(taskId, run, taskName, type, spec, requirements, priority, tenant, deadline, timeout,
                    maxAttempts, sequence, TaskState.QUEUED, 0, null, created, null, null, null);
        }
        return new Task(taskId, run, taskName, type, spec, requirements, priority, tenant, deadline, timeout,
                maxAttempts, sequence, result.status(), 1, null, created, created, created.plus(result.duration()),
                result);
    }

    /** Whether the test fixed the task's id. */
    boolean hasId() {
        return id != null;
    }

    RunId run() {
        return run;
    }
}
