package io.dtf.client.impl.cli;

import io.dtf.api.task.CIContext;
import io.dtf.client.impl.ci.CiDetector;
import io.dtf.client.impl.ci.TextFiles;
import io.dtf.client.impl.report.ReportPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --junit-xml FILE} and {@code --report KIND}: the reports of a followed run ({@link ReportPlan}). */
final class ReportOptions {
    @Option(names = "--junit-xml", paramLabel = "FILE",
            description = "Write every test case of the run as JUnit XML to FILE (with submit: implies --wait).")
    Path junitXml;

    @Option(names = "--report", paramLabel = "KIND", split = ",",
            description = {"What to write when the run ends: auto (default), junit, teamcity, github-summary, none; "
                    + "repeat it or separate by commas.",
                "auto: TeamCity service messages on TeamCity, the job summary on GitHub Actions, JUnit XML in "
                        + "test-results/dtf-junit.xml on GitLab, CircleCI, Jenkins, Azure, Travis and Bitbucket; "
                        + "outside CI nothing. A named report makes submit wait."})
    List<String> reports = new ArrayList<>();

    /** Whether the options ask for a report by name, which makes {@code submit} follow the run. */
    boolean named() {
        return junitXml != null || ReportPlan.named(reports);
    }

    /**
     * The reports for this environment.
     *
     * @throws ParameterException when a value is not valid
     */
    ReportPlan plan(CommandSpec spec, Cli cli) {
        Path file = Usage.reportFile(spec, junitXml);
        String provider = CiDetector.detect(cli.env, TextFiles.LOCAL).map(CIContext::provider).orElse(null);
        try {
            return ReportPlan.choose(reports, file, provider, cli.env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
