package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskState;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "runs", description = "Lists test runs, newest first; the options find runs by "
        + "labels and the CI build they come from.")
@Service
public class RunsCommand extends DtfAction {
    @Option(name = "--limit", aliases = "-n", description = "How many runs to show (1-1000)")
    int limit = 20;

    @Option(name = "--tenant", description = "Only the runs of this tenant")
    String tenant;

    @Option(name = "--label", aliases = "-l", multiValued = true,
            description = "Only runs with this label, name=value; repeat it for more (all must hold)")
    List<String> labels;

    @Option(name = "--provider", description = "Only runs from this CI system, e.g. github")
    String provider;

    @Option(name = "--repository", description = "Only runs of this repository, e.g. acme/shop")
    String repository;

    @Option(name = "--commit", description = "Only runs of this commit (its full id)")
    String commit;

    @Option(name = "--branch", description = "Only runs of this branch")
    String branch;

    @Option(name = "--pull-request", description = "Only runs of this pull or merge request number")
    Integer pullRequest;

    @Override
    void run(PrintStream out) {
        if (pullRequest != null && pullRequest < 1) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "--pull-request must be 1 or more, not " + pullRequest);
        }
        RunQuery query = new RunQuery(tenant, Format.page("--limit", limit), Format.labelOptions(labels), provider,
                repository, commit, branch, pullRequest);
        boolean filtered = !query.equals(RunQuery.all(query.page()));
        List<RunSummary> runs = coordinator.runs(query);
        ShellTable table = new ShellTable().emptyTableText(filtered ? "No runs match."
                : "No runs yet. Submit one with dtf:submit <plan-file>");
        table.column("ID");
        table.column("Name").maxSize(40);
        table.column("State");
        table.column("Passed").alignRight();
        table.column("Failed").alignRight();
        table.column("Tasks").alignRight();
        table.column("Tests").alignRight();
        table.column("Submitted");
        table.column("Duration").alignRight();
        // the CI column only when a run has a CI context: a list of runs submitted by hand stays as narrow
        boolean withCi = runs.stream().anyMatch(s -> s.run().ci() != null);
        if (withCi) {
            table.column("CI").maxSize(40);
        }
        Instant now = now();
        for (RunSummary s : runs) {
            Row row = table.addRow();
            row.addContent(s.run().id(), s.run().name(), s.state(),
                    s.counts().get(TaskState.PASSED), Format.failed(s.counts()), s.counts().total(),
                    Format.tests(s.testCases(), s.failedTestCases()),
                    Format.timestamp(s.run().submittedAt(), clock.getZone()),
                    Format.duration(Format.runDuration(s, now)));
            if (withCi) {
                row.addContent(s.run().ci() == null ? Format.NONE : Format.ci(s.run().ci()));
            }
        }
        table.print(out);
    }
}
