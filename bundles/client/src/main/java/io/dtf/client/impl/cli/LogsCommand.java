package io.dtf.client.impl.cli;

import io.dtf.api.task.TaskId;
import io.dtf.client.DtfClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dtf logs TASK [--attempt N] [--tail N]}. */
@Command(name = "logs", aliases = "log", mixinStandardHelpOptions = true,
        description = "Prints a task's log: the latest attempt's unless --attempt.")
final class LogsCommand implements Callable<Integer> {
    static final int MAX_TAIL = 1_000_000;

    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TASK", description = "The task, e.g. r12.3.")
    TaskId task;

    @Option(names = "--attempt", paramLabel = "N", description = "The attempt (from 1).")
    Integer attempt;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines (1-" + MAX_TAIL + ").")
    Integer tail;

    @Override
    public Integer call() {
        if (attempt != null) {
            Usage.inRange(spec, "--attempt", attempt, 1, Integer.MAX_VALUE);
        }
        if (tail != null) {
            Usage.inRange(spec, "--tail", tail, 1, MAX_TAIL);
        }
        Cli cli = dtf.cli();
        try (DtfClient client = dtf.connect()) {
            if (tail == null) {
                client.downloadLog(task, attempt, cli.out);
                cli.out.flush();
            } else {
                String text = client.log(task, attempt, tail);
                cli.out.print(text);
                if (!text.isEmpty() && !text.endsWith("\n")) {
                    cli.out.println();
                }
            }
        }
        return DtfCli.OK;
    }
}
