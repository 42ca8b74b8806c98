package io.dtf.shell.impl;

import io.dtf.api.task.RunSummary;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "run", description = "Shows a run: its state, tasks and failed test cases.")
@Service
public class RunCommand extends DtfAction {
    @Argument(index = 0, name = "run-id", required = true, description = "The run, e.g. r3")
    @Completion(RunIdCompleter.class)
    String runId;

    @Override
    void run(PrintStream out) {
        RunSummary s = requireRun(runId);
        printRunHeader(out, s);
        out.println();
        printTasks(out, allTasks(s.run().id()), "No tasks");
        printFailedTests(out, s.run().id(), null);
    }
}
