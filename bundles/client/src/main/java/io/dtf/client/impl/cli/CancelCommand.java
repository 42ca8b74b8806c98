package io.dtf.client.impl.cli;

import io.dtf.api.DtfException;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.client.DtfClient;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dtf cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancels a run (r12) or one task (r12.3); running processes are killed.")
final class CancelCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A run id (r12) or a task id (r12.3).")
    String id;

    @Override
    public Integer call() {
        Cli cli = dtf.cli();
        boolean isTask = id.contains(".");
        TaskId task = isTask ? parse(TaskId::parse) : null;
        RunId run = isTask ? null : parse(RunId::parse);
        try (DtfClient client = dtf.connect()) {
            if (isTask) {
                boolean cancelled = client.cancel(task);
                cli.out.println(cancelled ? "cancelled task " + task : "task " + task + " had already finished");
            } else {
                int n = client.cancel(run);
                cli.out.println("cancelled " + n + " task" + (n == 1 ? "" : "s") + " of run " + run);
            }
        }
        return DtfCli.OK;
    }

    /** The id by the API's rule; bad usage naming it when it is none. */
    private <T> T parse(Function<String, T> rule) {
        try {
            return rule.apply(id);
        } catch (DtfException notAnId) {
            throw new ParameterException(spec.commandLine(), notAnId.getMessage());
        }
    }
}
