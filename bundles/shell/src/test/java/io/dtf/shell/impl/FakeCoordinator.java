package io.dtf.shell.impl;

import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.worker.WorkerStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A coordinator holding what a test puts into it; {@link #polls} feeds successive {@code run()} answers. */
class FakeCoordinator implements Coordinator {
    final Map<RunId, RunSummary> runs = new LinkedHashMap<>();
    final Deque<RunSummary> polls = new ArrayDeque<>();
    final List<Task> tasks = new ArrayList<>();
    final List<StoredTestCase> testCases = new ArrayList<>();
    final List<AttemptRecord> attempts = new ArrayList<>();
    final List<WorkerStatus> workers = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    RunSummary onSubmit;

    @Override
    public RunSummary submit(String plan, String source) {
        calls.add("submit " + source + " " + plan.length());
        if (onSubmit == null) {
            throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source + " is not valid",
                    List.of(new io.dtf.api.Problem("name", "is required")));
        }
        return onSubmit;
    }

    @Override
    public Optional<String> plan(RunId id) {
        return Optional.empty();
    }

    @Override
    public Optional<RunSummary> run(RunId id) {
        if (!polls.isEmpty()) {
            return Optional.of(polls.size() > 1 ? polls.poll() : polls.peek());
        }
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        return runs.values().stream().limit(query.page().limit()).collect(Collectors.toList());
    }

    @Override
    public Optional<Task> task(TaskId id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    @Override
    public List<Task> tasks(TaskQuery q) {
        return tasks.stream()
                .filter(t -> q.run() == null || t.runId().equals(q.run()))
                .filter(t -> q.states().isEmpty() || q.states().contains(t.state()))
                .skip(q.page().offset()).limit(q.page().limit()).collect(Collectors.toList());
    }

    @Override
    public List<AttemptRecord> attempts(TaskId id) {
        return attempts.stream().filter(a -> a.attempt().task().equals(id)).collect(Collectors.toList());
    }

    @Override
    public List<StoredTestCase> testCases(TestCaseQuery q) {
        return testCases.stream()
                .filter(c -> q.run() == null || c.task().runId().equals(q.run()))
                .filter(c -> q.task() == null || c.task().equals(q.task()))
                .filter(c -> q.statuses().isEmpty() || q.statuses().contains(c.result().status()))
                .limit(q.page().limit()).collect(Collectors.toList());
    }

    @Override
    public int cancel(RunId id) {
        calls.add("cancel run " + id);
        return (int) tasks.stream().filter(t -> t.runId().equals(id) && !t.state().isTerminal()).count();
    }

    @Override
    public boolean cancel(TaskId id) {
        calls.add("cancel task " + id);
        return task(id).map(t -> !t.state().isTerminal()).orElse(false);
    }

    @Override
    public List<WorkerStatus> workers() {
        return workers;
    }

    @Override
    public java.nio.file.Path logFile(io.dtf.api.task.TaskAttempt attempt) {
        return java.nio.file.Path.of("target", "logs", attempt.task() + "-" + attempt.attempt() + ".log");
    }

    @Override
    public List<SchedulerInfo> schedulers() {
        return List.of(new SchedulerInfo("fifo", true, "io.dtf.coordinator 0.1.0", 3, Map.of("decisions", 7L)));
    }

    @Override
    public void useScheduler(String name) {
        if (!name.equals("fifo")) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "scheduler '" + name + "' is not installed (installed: fifo)");
        }
    }

    static boolean unfinished(TaskState s) {
        return !s.isTerminal();
    }
}
