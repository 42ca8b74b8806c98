package io.dtf.client.impl.cli;

import io.dtf.client.DtfClient;
import io.dtf.http.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code dtf}: the command line a CI job runs against a coordinator. Its options {@code --url} and
 * {@code --token} stand anywhere on the line; without them {@code DTF_URL} and {@code DTF_TOKEN}.
 */
@Command(name = "dtf", mixinStandardHelpOptions = true, versionProvider = DtfCommand.Version.class,
        description = "Submits test plans to DTF, follows runs to their end and reports them (JUnit XML, TeamCity "
                + "service messages, the GitHub Actions job summary).",
        subcommands = {SubmitCommand.class, WaitCommand.class, RunsCommand.class, RunCommand.class,
            WorkersCommand.class, CancelCommand.class, LogsCommand.class, HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (submit --wait, wait: every task passed)",
            "1:the run did not pass (a task failed, errored, timed out or was cancelled), or the server "
                    + "reported an error, or it could not be reached",
            "2:bad usage"},
        footer = {"%nEnvironment: DTF_URL (the coordinator), DTF_TOKEN (the bearer token). "
                + "'dtf COMMAND --help' describes a command."})
final class DtfCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://localhost:8181";

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The coordinator (default: $DTF_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "A bearer token with the submitter (or admin) role (default: $DTF_TOKEN); prefer the "
                    + "variable: options show in ps.")
    String token;

    DtfCommand(Cli cli) {
        this.cli = cli;
    }

    Cli cli() {
        return cli;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /**
     * A client of the coordinator from {@code --url} and {@code --token}, else the environment.
     *
     * @throws ParameterException when the URL is not an http(s) URL of a coordinator
     */
    DtfClient connect() {
        String address = url != null ? url : cli.env.getOrDefault("DTF_URL", "");
        if (address.isBlank()) {
            address = DEFAULT_URL;
        }
        URI uri;
        try {
            uri = URI.create(address.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "not a URL: " + Secrets.redact(address));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new ParameterException(spec.commandLine(), "not an http(s) URL of the coordinator: "
                    + Secrets.redact(address) + " (e.g. " + DEFAULT_URL + ")");
        }
        String bearer = token != null ? token : cli.env.get("DTF_TOKEN");
        return DtfClient.connect(uri, bearer == null || bearer.isBlank() ? null : Secrets.register(bearer.strip()));
    }

    /** {@code dtf --version}: the version of this client, from the Maven metadata in its jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            try (InputStream in = DtfCommand.class.getResourceAsStream(
                    "/META-INF/maven/io.dtf/io.dtf.client/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    return new String[] {"dtf " + p.getProperty("version", "(unknown version)")};
                }
            } catch (IOException e) {
                // no version to show
            }
            return new String[] {"dtf (development build)"};
        }
    }
}
