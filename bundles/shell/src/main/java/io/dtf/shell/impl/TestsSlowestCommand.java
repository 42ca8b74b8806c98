package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.RunId;
import io.dtf.api.task.SlowTest;
import io.dtf.api.task.SlowestTestsQuery;
import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "tests-slowest", description = "Lists the slowest tests, by mean duration in the "
        + "latest result of each task: of one run, or of the latest runs.")
@Service
public class TestsSlowestCommand extends DtfAction {
    @Option(name = "--run", aliases = "-r", description = "Only this run")
    @Completion(RunIdCompleter.class)
    String run;

    @Option(name = "--runs", description = "How many of the latest runs to look at, without --run (1-100)")
    int runs = SlowestTestsQuery.DEFAULT_RECENT_RUNS;

    @Option(name = "--limit", aliases = "-n", description = "How many tests to show (1-1000)")
    int limit = 20;

    @Override
    void run(PrintStream out) {
        if (runs < 1 || runs > SlowestTestsQuery.MAX_RECENT_RUNS) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "--runs must be between 1 and "
                    + SlowestTestsQuery.MAX_RECENT_RUNS + ", not " + runs);
        }
        RunId runId = run == null ? null : requireRun(run).run().id();
        List<SlowTest> slowest = coordinator.slowestTests(new SlowestTestsQuery(runId, runs,
                Format.page("--limit", limit).limit()));
        ShellTable table = new ShellTable().emptyTableText("No test durations are kept"
                + (runId == null ? "" : " for run " + runId));
        table.column("Test");
        table.column("Class").maxSize(50);
        table.column("Name").maxSize(40);
        table.column("Mean").alignRight();
        table.column("Max").alignRight();
        table.column("Results").alignRight();
        for (SlowTest t : slowest) {
            table.addRow().addContent(t.test(), Format.orNone(t.className()), t.name(), Format.duration(t.mean()),
                    Format.duration(t.max()), t.executions());
        }
        table.print(out);
    }
}
