package io.dtf.client.impl.cli;

import io.dtf.api.task.RunId;
import io.dtf.client.DtfClient;
import io.dtf.client.impl.report.ReportPlan;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dtf wait RUN [--junit-xml FILE] [--report KIND]...}. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = "Follows a submitted run to its end, like submit --wait; exit 0 only when every task passed.")
final class WaitCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run, e.g. r12.")
    RunId run;

    @Mixin
    ReportOptions reports;

    @Override
    public Integer call() throws IOException {
        ReportPlan report = reports.plan(spec, dtf.cli());
        try (DtfClient client = dtf.connect()) {
            return new RunFollower(dtf.cli(), client).follow(client.run(run), report);
        }
    }
}
