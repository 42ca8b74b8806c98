package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;

/** What the {@code dtf:*} commands on the coordinator share: the coordinator and the tables several commands print. */
abstract class DtfAction extends DtfCommand {
    /** How many failed test cases a run or task shows at most. */
    static final int MAX_FAILED_TESTS = 100;

    @Reference
    Coordinator coordinator;

    /** The run of an id a person typed; {@code DTF-1002} when it is not a run id, {@code DTF-1004} when unknown. */
    RunSummary requireRun(String id) {
        RunId runId = RunId.parse(id);
        return coordinator.run(runId).orElseThrow(() -> DtfException.notFound("run", runId));
    }

    /** The task of an id a person typed; {@code DTF-1002} when it is not a task id, {@code DTF-1004} when unknown. */
    Task requireTask(String id) {
        TaskId taskId = TaskId.parse(id);
        return coordinator.task(taskId).orElseThrow(() -> DtfException.notFound("task", taskId));
    }

    /** Every task of a run, in order, page by page. */
    List<Task> allTasks(RunId run) {
        List<Task> tasks = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<Task> page = coordinator.tasks(TaskQuery.ofRun(run, new Page(offset, Page.MAX_LIMIT)));
            tasks.addAll(page);
            if (page.size() < Page.MAX_LIMIT) {
                return tasks;
            }
        }
    }

    /** {@code Run r3  api-tests  FAILED} and the run's facts, one per line. */
    void printRunHeader(PrintStream out, RunSummary s) {
        TestRun run = s.run();
        out.println("Run " + run.id() + "  " + run.name() + "  " + s.state());
        out.println("  tenant:    " + run.tenant()
                + (run.scheduler() != null ? "   scheduler: " + run.scheduler() : ""));
        out.println("  labels:    " + Format.labels(run.labels()));
        if (run.ci() != null) {
            CIContext ci = run.ci();
            out.println("  ci:        " + Format.ci(ci) + (ci.repository() == null ? "" : ", " + ci.repository())
                    + (ci.commit() == null ? "" : " at " + ci.commit()));
            if (ci.buildUrl() != null || ci.buildId() != null) {
                out.println("  build:     " + (ci.buildUrl() != null ? ci.buildUrl() : ci.buildId()));
            }
        }
        out.println("  submitted: " + Format.timestamp(run.submittedAt(), clock.getZone())
                + "   finished: " + Format.timestamp(s.finishedAt(), clock.getZone())
                + "   duration: " + Format.duration(Format.runDuration(s, now())));
        out.println("  tasks:     " + s.counts().total() + " (" + Format.counts(s.counts()) + ")");
        out.println("  tests:     " + Format.tests(s.testCases(), s.failedTestCases()));
    }

    /**
     * One row per task: id, name, type, state, attempt, worker, duration, exit code; and why it waits,
     * when one of them waits for a worker that can run it.
     */
    void printTasks(PrintStream out, List<Task> tasks, String emptyText) {
        ShellTable table = new ShellTable().emptyTableText(emptyText);
        table.column("ID");
        table.column("Name").maxSize(40);
        table.column("Type");
        table.column("State");
        table.column("Attempt").alignRight();
        table.column("Worker");
        table.column("Duration").alignRight();
        table.column("Exit").alignRight();
        boolean someWait = tasks.stream().anyMatch(t -> t.waiting() != null);
        if (someWait) {
            table.column("Waiting").maxSize(60);
        }
        Instant now = now();
        for (Task t : tasks) {
            Row row = table.addRow();
            row.addContent(t.id(), t.name(), t.type(), t.state(),
                    Format.attempt(t), Format.orNone(t.worker()),
                    Format.duration(Format.taskDuration(t, now)),
                    Format.orNone(t.result() == null ? null : t.result().exitCode()));
            if (someWait) {
                row.addContent(t.waiting() == null ? "" : t.waiting());
            }
        }
        table.print(out);
    }

    /**
     * The failed and errored test cases of a run or a task: task, class, name, message's first line.
     * Prints nothing when there are none.
     */
    void printFailedTests(PrintStream out, RunId run, TaskId task) {
        List<StoredTestCase> failed = coordinator.testCases(new TestCaseQuery(run, task,
                EnumSet.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR), new Page(0, MAX_FAILED_TESTS + 1)));
        if (failed.isEmpty()) {
            return;
        }
        out.println();
        out.println("Failed test cases" + (failed.size() > MAX_FAILED_TESTS ? " (first " + MAX_FAILED_TESTS + ")" : "")
                + ":");
        ShellTable table = new ShellTable();
        table.column("Task");
        table.column("Status");
        table.column("Class").maxSize(50);
        table.column("Name").maxSize(40);
        table.column("Message").maxSize(70);
        for (StoredTestCase tc : failed.subList(0, Math.min(failed.size(), MAX_FAILED_TESTS))) {
            table.addRow().addContent(tc.task(), tc.result().status(), Format.orNone(tc.result().className()),
                    tc.result().name(), Format.firstLine(tc.result().message(), 70));
        }
        table.print(out);
    }
}
