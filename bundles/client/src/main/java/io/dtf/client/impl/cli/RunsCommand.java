package io.dtf.client.impl.cli;

import io.dtf.api.Durations;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskState;
import io.dtf.client.DtfClient;
import io.dtf.client.ItemPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dtf runs [--tenant T] [--label NAME=VALUE]... [--provider P] [--repository R] [--commit C] [--branch B]
 * [--pull-request N] [--limit N] [--offset N]}.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists runs, newest first, as a table; the options find runs by labels and CI context.")
final class RunsCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "T", description = "Only the runs of this tenant.")
    String tenant;

    @Option(names = "--label", paramLabel = "NAME=VALUE",
            description = "Only runs with this label; repeat it for more (all must hold).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--provider", paramLabel = "P", description = "Only runs from this CI system, e.g. github.")
    String provider;

    @Option(names = "--repository", paramLabel = "R", description = "Only runs of this repository, e.g. acme/shop.")
    String repository;

    @Option(names = "--commit", paramLabel = "C", description = "Only runs of this commit (its full id).")
    String commit;

    @Option(names = "--branch", paramLabel = "B", description = "Only runs of this branch.")
    String branch;

    @Option(names = "--pull-request", paramLabel = "N", description = "Only runs of this pull or merge request.")
    Integer pullRequest;

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
            runs = client.runs(new RunQuery(tenant, page, labels, provider, repository, commit, branch,
                    pullRequest == null ? null : Usage.inRange(spec, "--pull-request", pullRequest, 1,
                            Integer.MAX_VALUE)));
        }
        // the CI column only when a run has a CI context: a table of runs submitted by hand stays as narrow
        boolean withCi = runs.items().stream().anyMatch(r -> r.run().ci() != null);
        List<String> headers = new ArrayList<>(List.of("ID", "NAME", "TENANT", "STATE", "TASKS", "PASSED", "FAILED",
                "TESTS", "SUBMITTED", "TOOK"));
        if (withCi) {
            headers.add("CI");
        }
        Table table = new Table(headers.toArray(String[]::new));
        for (RunSummary r : runs.items()) {
            List<Object> row = new ArrayList<>(Arrays.asList(r.run().id(), r.run().name(), r.run().tenant(), r.state(),
                    r.counts().finished() + "/" + r.counts().total(), r.counts().get(TaskState.PASSED),
                    RunTexts.failed(r), r.testCases() == 0 ? null : r.testCases() + (r.failedTestCases() > 0
                            ? " (" + r.failedTestCases() + " failed)" : ""),
                    cli.time(r.run().submittedAt()), r.finishedAt() == null || r.run().submittedAt() == null ? null
                            : Durations.format(Duration.between(r.run().submittedAt(), r.finishedAt()))));
            if (withCi) {
                row.add(r.run().ci() == null ? null : RunTexts.ci(r.run().ci()));
            }
            table.row(row.toArray());
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
