package io.dtf.client.impl.cli;

import io.dtf.api.Durations;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskState;
import io.dtf.client.DtfClient;
import io.dtf.client.ItemPage;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dtf runs [--tenant T] [--limit N] [--offset N]}. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists runs, newest first, as a table.")
final class RunsCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "T", description = "Only the runs of this tenant.")
    String tenant;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N runs (1-" + Page.MAX_LIMIT + "; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the N newest runs.")
    int offset;

    @Override
    public Integer call() {
        Page page = new Page(Usage.inRange(spec, "--offset", offset, 0, Integer.MAX_VALUE),
                Usage.inRange(spec, "--limit", limit, 1, Page.MAX_LIMIT));
        Cli cli = dtf.cli();
        ItemPage<RunSummary> runs;
        try (DtfClient client = dtf.connect()) {
            runs = client.runs(new RunQuery(tenant, page));
        }
        Table table = new Table("ID", "NAME", "TENANT", "STATE", "TASKS", "PASSED", "FAILED", "TESTS", "SUBMITTED",
                "TOOK");
        for (RunSummary r : runs.items()) {
            table.row(r.run().id(), r.run().name(), r.run().tenant(), r.state(),
                    r.counts().finished() + "/" + r.counts().total(), r.counts().get(TaskState.PASSED),
                    RunTexts.failed(r), r.testCases() == 0 ? null : r.testCases() + (r.failedTestCases() > 0
                            ? " (" + r.failedTestCases() + " failed)" : ""),
                    cli.time(r.run().submittedAt()), r.finishedAt() == null || r.run().submittedAt() == null ? null
                            : Durations.format(Duration.between(r.run().submittedAt(), r.finishedAt())));
        }
        if (table.isEmpty()) {
            cli.out.println(page.offset() == 0 ? "no runs" : "no runs from offset " + page.offset());
            return DtfCli.OK;
        }
        table.print(cli.out);
        cli.more(runs, "runs");
        return DtfCli.OK;
    }
}
