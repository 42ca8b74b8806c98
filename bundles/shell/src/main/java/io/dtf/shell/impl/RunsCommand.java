package io.dtf.shell.impl;

import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskState;
import java.io.PrintStream;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "runs", description = "Lists test runs, newest first.")
@Service
public class RunsCommand extends DtfAction {
    @Option(name = "--limit", aliases = "-n", description = "How many runs to show (1-1000)")
    int limit = 20;

    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No runs yet. Submit one with dtf:submit <plan-file>");
        table.column("ID");
        table.column("Name").maxSize(40);
        table.column("State");
        table.column("Passed").alignRight();
        table.column("Failed").alignRight();
        table.column("Tasks").alignRight();
        table.column("Tests").alignRight();
        table.column("Submitted");
        table.column("Duration").alignRight();
        Instant now = now();
        for (RunSummary s : coordinator.runs(RunQuery.all(Format.page("--limit", limit)))) {
            table.addRow().addContent(s.run().id(), s.run().name(), s.state(),
                    s.counts().get(TaskState.PASSED), Format.failed(s.counts()), s.counts().total(),
                    Format.tests(s.testCases(), s.failedTestCases()),
                    Format.timestamp(s.run().submittedAt(), clock.getZone()),
                    Format.duration(Format.runDuration(s, now)));
        }
        table.print(out);
    }
}
