package io.dtf.client.impl.cli;

import io.dtf.api.Durations;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.client.DtfClient;
import io.dtf.client.impl.report.TaskMessages;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dtf run RUN [--state S,S]}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Shows a run and its tasks.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Parameters(paramLabel = "RUN", description = "The run, e.g. r12.")
    RunId id;

    @Option(names = "--state", paramLabel = "S", split = ",",
            description = "Only tasks in these states, any case, comma-separated: ${COMPLETION-CANDIDATES}.")
    Set<TaskState> states;

    @Override
    public Integer call() {
        Set<TaskState> states = this.states == null ? EnumSet.noneOf(TaskState.class) : this.states;
        RunSummary run;
        List<Task> tasks;
        try (DtfClient client = dtf.connect()) {
            run = client.run(id);
            tasks = client.allTasks(id, states);
        }
        Cli cli = dtf.cli();
        printSummary(cli, run);
        Table table = new Table("TASK", "NAME", "TYPE", "STATE", "ATTEMPT", "WORKER", "TOOK", "MESSAGE");
        for (Task t : tasks) {
            table.row(t.id(), t.name(), t.type(), t.state(), t.attempt(), t.worker(),
                    t.result() == null ? null : Durations.format(t.result().duration()), TaskMessages.of(t));
        }
        cli.out.println();
        if (table.isEmpty()) {
            cli.out.println("no tasks" + (states.isEmpty() ? "" : " in " + RunTexts.names(states)));
        } else {
            table.print(cli.out);
        }
        return DtfCli.OK;
    }

    private static void printSummary(Cli cli, RunSummary run) {
        PrintStream out = cli.out;
        out.println("run        " + run.run().id() + " (" + run.run().name() + ")");
        out.println("state      " + run.state());
        out.println("tenant     " + run.run().tenant());
        if (!run.run().labels().isEmpty()) {
            out.println("labels     " + new TreeMap<>(run.run().labels()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        CIContext ci = run.run().ci();
        if (ci != null) {
            out.println("ci         " + RunTexts.ci(ci) + (ci.repository() == null ? "" : ", " + ci.repository())
                    + (ci.commit() == null ? "" : " at " + ci.commit()));
            if (ci.buildUrl() != null || ci.buildId() != null) {
                out.println("build      " + (ci.buildUrl() != null ? ci.buildUrl() : ci.buildId()));
            }
        }
        out.println("submitted  " + cli.time(run.run().submittedAt()));
        if (run.finishedAt() != null) {
            out.println("finished   " + cli.time(run.finishedAt()) + " (took "
                    + Durations.format(Duration.between(run.run().submittedAt(), run.finishedAt())) + ")");
        }
        out.println("tasks      " + RunTexts.counts(run));
        if (run.testCases() > 0) {
            out.println("test cases " + run.testCases() + ", " + run.failedTestCases() + " failed");
        }
    }
}
