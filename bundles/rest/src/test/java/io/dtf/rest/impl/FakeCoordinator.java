package io.dtf.rest.impl;

import java.nio.file.Path;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerReports;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A coordinator and worker gateway that keep what the API hands them: enough to see every route do
 * the right call with the right arguments. A plan containing {@code invalid} is refused with two
 * problems; a poll gets the leases in {@link #nextLeases}.
 */
class FakeCoordinator implements Coordinator, WorkerGateway, PluginRegistry {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<RunId, RunSummary> runs = new LinkedHashMap<>();
    final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    final Map<WorkerId, WorkerInfo> workers = new LinkedHashMap<>();
    final List<Lease> nextLeases = new CopyOnWriteArrayList<>();
    volatile RuntimeException storeFailure;
    volatile Duration lastPollWait;

    /** Where {@link #logFile} puts logs, as the coordinator's log folder. */
    Path logRoot = Path.of("target", "fake-logs");

    @Override
    public Path logFile(TaskAttempt attempt) {
        return logRoot.resolve(attempt.task().runId().value()).resolve(attempt.task().value() + "-" + attempt.attempt() + ".log");
    }

    FakeCoordinator() {
        RunId r1 = RunId.of("r1");
        runs.put(r1, summary(r1, "first", Map.of(TaskState.PASSED, 1, TaskState.QUEUED, 1)));
        tasks.put(TaskId.of("r1.1"), task("r1.1", TaskState.PASSED, 1));
        tasks.put(TaskId.of("r1.2"), task("r1.2", TaskState.QUEUED, 0));
    }

    static RunSummary summary(RunId id, String name, Map<TaskState, Integer> counts) {
        TaskCounts taskCounts = new TaskCounts(counts);
        return new RunSummary(new TestRun(id, name, Map.of(), "default", null, NOW, "name: " + name), taskCounts.runState(),
                taskCounts, null, 0, 0);
    }

    static Task task(String id, TaskState state, int attempt) {
        TaskId taskId = TaskId.of(id);
        TaskResult result = state.isTerminal() ? new TaskResult(state, Duration.ofSeconds(1), 0, null, List.of(),
                List.of(), Map.of(), null, "one\ntwo\nthree") : null; // a tail, as workers keep it: no last line end
        return new Task(taskId, taskId.runId(), "t" + id, "command", Map.of("command", List.of("true")), null, 0,
                "default", null, Duration.ofMinutes(1), 1, 1, state, attempt, attempt > 0 ? WorkerId.of("w1") : null,
                NOW, null, null, result);
    }

    private void failIfBroken() {
        if (storeFailure != null) {
            throw storeFailure;
        }
    }

    @Override
    public synchronized RunSummary submit(String plan, String source) {
        calls.add("submit " + source);
        if (plan.contains("invalid")) {
            throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source + " is not valid", List.of(
                    new Problem("tasks[0].timeout", "must be positive"), new Problem("tasks[1].type", "unknown type")));
        }
        RunId id = RunId.of("r" + (runs.size() + 1));
        RunSummary summary = summary(id, "submitted", Map.of(TaskState.QUEUED, 1));
        runs.put(id, summary);
        return summary;
    }

    @Override
    public synchronized Optional<RunSummary> run(RunId id) {
        failIfBroken();
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized Optional<String> plan(RunId id) {
        return Optional.ofNullable(runs.get(id)).map(s -> "name: " + s.run().name() + "\n");
    }

    @Override
    public synchronized List<RunSummary> runs(RunQuery query) {
        failIfBroken();
        calls.add("runs " + query.tenant() + " " + query.page().offset() + " " + query.page().limit());
        List<RunSummary> all = new ArrayList<>(runs.values());
        Collections.reverse(all);
        return all;
    }

    @Override
    public synchronized Optional<Task> task(TaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized List<Task> tasks(TaskQuery query) {
        calls.add("tasks " + query.run() + " " + new java.util.TreeSet<>(query.states()) + " " + query.worker() + " "
                + query.page().offset() + " " + query.page().limit());
        return tasks.values().stream().filter(t -> query.run() == null || t.runId().equals(query.run()))
                .filter(t -> query.states().isEmpty() || query.states().contains(t.state())).toList();
    }

    @Override
    public List<AttemptRecord> attempts(TaskId id) {
        Task task = tasks.get(id);
        if (task == null || task.attempt() == 0) {
            return List.of();
        }
        return List.of(new AttemptRecord(new TaskAttempt(id, 1), WorkerId.of("w1"), task.state(), NOW, NOW, 0, null,
                null));
    }

    @Override
    public List<StoredTestCase> testCases(TestCaseQuery query) {
        calls.add("testcases " + query.run() + " " + query.task() + " " + new java.util.TreeSet<>(query.statuses()));
        return List.of();
    }

    @Override
    public synchronized int cancel(RunId id) {
        if (!runs.containsKey(id)) {
            throw DtfException.notFound("run", id);
        }
        calls.add("cancel " + id);
        return 1;
    }

    @Override
    public synchronized boolean cancel(TaskId id) {
        Task task = tasks.get(id);
        if (task == null) {
            throw DtfException.notFound("task", id);
        }
        calls.add("cancel " + id);
        return !task.state().isTerminal();
    }

    @Override
    public synchronized List<WorkerStatus> workers() {
        return workers.values().stream().map(w -> new WorkerStatus(w, WorkerState.IDLE, 0, NOW, NOW, 0)).toList();
    }

    @Override
    public List<SchedulerInfo> schedulers() {
        return List.of(new SchedulerInfo("fifo", true, "io.dtf.coordinator 0.1.0", 0, Map.of("decisions", 3L)));
    }

    @Override
    public void useScheduler(String name) {
        if (!name.equals("fifo")) {
            throw DtfException.notFound("scheduler", name);
        }
        calls.add("useScheduler " + name);
    }

    // ---------------------------------------------------------------- PluginRegistry

    @Override
    public List<PluginInfo> plugins() {
        return List.of(new PluginInfo("io.example.report", "1.0.0", PluginType.REPORTER, 42, PluginState.ACTIVE, 7, 1,
                0, "boom", List.of()), new PluginInfo("io.example.broken", "1.0.0", PluginType.CUSTOM, 43,
                PluginState.UNRESOLVED, 0, 0, 0, null, List.of("package org.missing")));
    }

    @Override
    public void enable(String name) {
        calls.add("enable " + name);
    }

    @Override
    public void disable(String name) {
        if (!name.startsWith("io.example")) {
            throw DtfException.notFound("plugin", name);
        }
        calls.add("disable " + name);
    }

    // ---------------------------------------------------------------- WorkerGateway

    static WorkerInfo worker(String id) {
        return new WorkerInfo(WorkerId.of(id), id, "localhost", new Capabilities("linux", "x86_64", 2, 1024, "17",
                Set.of(), Set.of(), false, false), 2);
    }

    private WorkerInfo registered(WorkerId id) {
        WorkerInfo info = workers.get(id);
        if (info == null) {
            throw new DtfException(ErrorCode.NOT_FOUND, "worker '" + id + "' is not registered; register it first");
        }
        return info;
    }

    @Override
    public synchronized void register(WorkerInfo worker) {
        calls.add("register " + worker.id());
        workers.put(worker.id(), worker);
    }

    @Override
    public PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                           Duration maxWait) throws InterruptedException {
        List<TaskAttempt> refused = report(worker, reports);
        synchronized (this) {
            registered(worker);
            calls.add("poll " + worker + " " + freeSlots + " " + running);
        }
        lastPollWait = maxWait;
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (nextLeases.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<Lease> leases = new ArrayList<>(nextLeases);
        nextLeases.clear();
        return new PollResult(leases, List.of(), refused);
    }

    /** Takes every report of attempt 1; refuses starts of other attempts. */
    @Override
    public synchronized List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        registered(worker);
        List<TaskAttempt> refused = new ArrayList<>();
        for (TaskAttempt attempt : reports.started()) {
            if (attempt.attempt() != 1) {
                refused.add(attempt);
            } else {
                calls.add("started " + worker + " " + attempt);
            }
        }
        for (AttemptResult ended : reports.completed()) {
            calls.add("completed " + worker + " " + ended.attempt() + " " + ended.result().status()
                    + (ended.logEnd() == null ? "" : " log " + ended.logEnd()));
        }
        for (TaskAttempt attempt : reports.returned()) {
            calls.add("returned " + worker + " " + attempt);
        }
        return refused;
    }

    /** Takes the reports, and answers free slots with the lease of r1.2 (at most that one). */
    @Override
    public synchronized PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        List<TaskAttempt> refused = report(worker, reports);
        calls.add("reports " + worker + " with " + freeSlots + " free");
        List<Lease> leases = freeSlots == 0 ? List.of() : List.of(new Lease(new TaskAttempt(TaskId.of("r1.2"), 1),
                tasks.get(TaskId.of("r1.2")), NOW.plusSeconds(30)));
        return new PollResult(leases, List.of(), refused);
    }

    @Override
    public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        registered(worker);
        calls.add("log " + worker + " " + attempt + " " + text);
    }

    @Override
    public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
        registered(worker);
        calls.add("log " + worker + " " + attempt + " @" + offset + " " + text);
    }

    @Override
    public synchronized void draining(WorkerId worker) {
        registered(worker);
        calls.add("draining " + worker);
    }

    @Override
    public synchronized void unregister(WorkerId worker) {
        calls.add("unregister " + worker);
        workers.remove(worker);
    }
}
