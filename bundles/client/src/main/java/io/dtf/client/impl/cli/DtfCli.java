package io.dtf.client.impl.cli;

import io.dtf.api.DtfException;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpTransportException;
import io.dtf.http.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code dtf}, the command-line client (see {@link DtfCommand} for its commands). Exit codes: 0
 * success (for {@code submit --wait}: every task passed), 1 the run did not pass or the server
 * reported an error, 2 bad usage.
 */
public final class DtfCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Wide enough that the help does not break a URL. */
    static final int USAGE_WIDTH = 100;

    private final Cli cli;

    DtfCli(Map<String, String> env, PrintStream out, PrintStream err, boolean tty, ZoneId zone) {
        this.cli = new Cli(env, out, err, tty, zone);
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new DtfCli(System.getenv(), out, err, System.console() != null, ZoneId.systemDefault()).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Visible for testing: how often a waiting client asks, and how often a plain progress line is printed. */
    DtfCli intervals(Duration poll, Duration plainLines, Duration unreachable) {
        cli.pollInterval = poll;
        cli.plainInterval = plainLines;
        cli.giveUpUnreachable = unreachable;
        return this;
    }

    DtfCli stdin(InputStream in) {
        cli.stdin = in;
        return this;
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... argv) {
        CommandLine line = new CommandLine(new DtfCommand(cli))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(USAGE_WIDTH)
                .registerConverter(RunId.class, checked(RunId::parse))
                .registerConverter(TaskId.class, checked(TaskId::parse))
                .setOut(new PrintWriter(cli.out, true))
                .setErr(new PrintWriter(cli.err, true))
                .setParameterExceptionHandler(this::usage)
                .setExecutionExceptionHandler(this::failure);
        return line.execute(argv);
    }

    /** Ids are read by the API's one rule; its message becomes picocli's reason. */
    private static <T> ITypeConverter<T> checked(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (DtfException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }

    /** Bad usage: what is wrong and where help is, exit code 2. */
    private int usage(ParameterException e, String[] argv) {
        CommandLine where = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && where.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command " + unmatched.getUnmatched().get(0) + "; the commands are "
                    + where.getSubcommands().values().stream().distinct().map(CommandLine::getCommandName)
                    .collect(Collectors.joining(", "));
        }
        cli.err.println("dtf: " + Secrets.redact(message));
        cli.err.println("run '" + where.getCommandSpec().qualifiedName() + " --help' for usage");
        return USAGE;
    }

    /** A failure while a command ran: the server's code and problems, or why it could not be reached; exit code 1. */
    private int failure(Exception e, CommandLine line, ParseResult parsed) {
        if (e instanceof DtfHttpException http) {
            cli.err.println("error " + http.serverCode() + ": " + http.getMessage());
            if (http.status() == 401) {
                cli.err.println("(give a token with --token or the DTF_TOKEN variable)");
            }
        } else if (e instanceof HttpTransportException transport) {
            cli.err.println("error: " + transport.getMessage());
            if (transport.isConnectFailure()) {
                cli.err.println("(is DTF running there? the coordinator's URL is set by --url or DTF_URL)");
            }
        } else if (e instanceof IOException) {
            cli.err.println("error: " + Secrets.redact(e.getMessage()));
        } else {
            cli.err.println("error: " + Secrets.redact(e));
        }
        return FAILED;
    }
}
