package io.dtf.client.impl.cli;

import io.dtf.api.task.RunId;
import io.dtf.client.DtfClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dtf wait RUN [--junit-xml FILE]}. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = "Follows a submitted run to its end, like submit --wait; exit 0 only when every task passed.")
final class WaitCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run, e.g. r12.")
    RunId run;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Write every test case of the run as JUnit XML "
            + "to FILE.")
    Path junitXml;

    @Override
    public Integer call() throws IOException {
        Path report = Usage.reportFile(spec, junitXml);
        try (DtfClient client = dtf.connect()) {
            return new RunFollower(dtf.cli(), client).follow(client.run(run), report);
        }
    }
}
