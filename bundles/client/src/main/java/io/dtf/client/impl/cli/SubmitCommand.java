package io.dtf.client.impl.cli;

import io.dtf.api.task.CIContext;
import io.dtf.api.task.RunSummary;
import io.dtf.client.DtfClient;
import io.dtf.client.impl.ci.CiDetector;
import io.dtf.client.impl.ci.TextFiles;
import io.dtf.client.impl.report.ReportPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dtf submit PLAN [--wait] [--junit-xml FILE] [--report KIND]... [--label NAME=VALUE]... [--no-ci-context]
 * [--ci-context KEY=VALUE]... [--forward-ci-token]}.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submits a plan (a YAML or JSON file, or - for standard input) and prints the run's id.",
            "An invalid plan is refused with every problem, named by its file.",
            "In a CI job the run carries the build's context (system, repository, commit, branch, pull request, "
                    + "build link), detected from the job's environment."})
final class SubmitCommand implements Callable<Integer> {
    @ParentCommand
    DtfCommand dtf;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PLAN", description = "The plan file; - reads standard input.")
    String plan;

    @Option(names = "--wait", description = "Follow the run to its end; exit 0 only when every task passed.")
    boolean wait;

    @Mixin
    ReportOptions reports;

    @Option(names = "--label", paramLabel = "NAME=VALUE",
            description = "A label of the run, added to the plan's (this value wins); repeat it for more.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--no-ci-context", description = "Send no CI context, though this runs in a CI job.")
    boolean noCiContext;

    @Option(names = "--ci-context", paramLabel = "KEY=VALUE",
            description = {"Sets a part of the CI context: provider, repository, commit, branch, pullRequest, "
                    + "buildId, buildUrl, or an attribute of any other name; repeat it for more.",
                "Outside a detected CI job, provider is needed."})
    Map<String, String> ciOverrides = new LinkedHashMap<>();

    @Option(names = "--forward-ci-token",
            description = {"Forward this CI job's own token with the run, so that the coordinator reports it with the "
                    + "job's rights: GITHUB_TOKEN on GitHub Actions, SYSTEM_ACCESSTOKEN on Azure Pipelines.",
                "The coordinator holds it in memory for this run's report only."})
    boolean forwardCiToken;

    /** The variable that holds a CI system's job token, by provider. */
    static final Map<String, String> JOB_TOKEN_VARIABLES = Map.of("github", "GITHUB_TOKEN", "azure", "SYSTEM_ACCESSTOKEN");

    @Override
    public Integer call() throws IOException {
        ReportPlan report = reports.plan(spec, dtf.cli());
        if (noCiContext && !ciOverrides.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--no-ci-context and --ci-context do not go together");
        }
        CIContext ci = noCiContext ? null : CiContexts.of(spec, CiDetector.detect(dtf.cli().env, TextFiles.LOCAL),
                ciOverrides);
        String jobToken = forwardCiToken ? jobToken(ci) : null;
        String text;
        String file = null;
        if (plan.equals("-")) {
            text = new String(dtf.cli().stdin.readAllBytes(), StandardCharsets.UTF_8);
        } else {
            Path path = Path.of(plan);
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "no plan file " + plan);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read the plan " + plan + ": " + e.getMessage());
            }
            file = path.getFileName().toString();
        }
        Cli cli = dtf.cli();
        try (DtfClient client = dtf.connect()) {
            RunSummary run;
            if (jobToken == null) {
                run = client.submit(text, file, labels, ci);
            } else {
                DtfClient.Submitted submitted = client.submit(text, file, labels, ci, jobToken);
                run = submitted.run();
                if (!submitted.jobToken().equals("held")) {
                    cli.err.println("warning: the CI job token was not forwarded: " + submitted.jobToken());
                }
            }
            cli.out.println("submitted run " + run.run().id() + " (" + run.run().name() + "): " + run.counts().total()
                    + " task" + (run.counts().total() == 1 ? "" : "s") + (ci == null ? "" : ", from " + RunTexts.ci(ci)));
            if (!wait && !reports.named()) {
                cli.out.println("follow it with: dtf wait " + run.run().id());
                return DtfCli.OK;
            }
            return new RunFollower(cli, client).follow(run, report);
        }
    }

    /** The job's token, from the variable its CI system documents; bad usage naming what is missing. */
    private String jobToken(CIContext ci) {
        if (ci == null) {
            throw new ParameterException(spec.commandLine(), "--forward-ci-token needs a CI context: none was detected "
                    + "or given");
        }
        String variable = JOB_TOKEN_VARIABLES.get(ci.provider());
        if (variable == null) {
            throw new ParameterException(spec.commandLine(), "--forward-ci-token works on GitHub Actions and Azure "
                    + "Pipelines only: " + ci.provider() + " gives a job no token DTF can use");
        }
        String token = dtf.cli().env.get(variable);
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--forward-ci-token needs the variable " + variable
                    + ", which is not set here; map " + (variable.equals("GITHUB_TOKEN") ? "github.token"
                    : "System.AccessToken") + " to " + variable + " in the step's environment (see docs/ci.md)");
        }
        return token.strip();
    }
}
