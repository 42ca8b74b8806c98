package io.dtf.shell.impl;

import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.worker.WorkerId;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "tasks", description = "Lists tasks in submission order, optionally filtered.")
@Service
public class TasksCommand extends DtfAction {
    @Option(name = "--state", aliases = "-s", description = "Only tasks in these states, e.g. FAILED,TIMED_OUT")
    @Completion(TaskStateCompleter.class)
    String states;

    @Option(name = "--run", aliases = "-r", description = "Only the tasks of this run")
    @Completion(RunIdCompleter.class)
    String run;

    @Option(name = "--worker", description = "Only tasks of this worker")
    String worker;

    @Option(name = "--limit", aliases = "-n", description = "How many tasks to show (1-1000)")
    int limit = 100;

    @Override
    void run(PrintStream out) {
        RunId runId = run == null ? null : requireRun(run).run().id();
        TaskQuery query = new TaskQuery(runId, Format.states(states), worker == null ? null : WorkerId.of(worker),
                Format.page("--limit", limit));
        printTasks(out, coordinator.tasks(query), "No matching tasks");
    }
}
