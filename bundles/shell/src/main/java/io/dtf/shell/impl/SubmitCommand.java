package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "dtf", name = "submit", description = "Submits a test plan (YAML or JSON) and prints the run id.",
        detailedDescription = "With --wait, shows the run's progress until it finishes, then its tasks and failed "
                + "test cases. Ctrl-C stops waiting; the run goes on.")
@Service
public class SubmitCommand extends DtfAction {
    /** In plain mode (no terminal to redraw on), an unchanged progress line is repeated this often. */
    static final Duration PLAIN_REPEAT = Duration.ofSeconds(30);

    @Argument(index = 0, name = "plan-file", required = true,
            description = "The plan file, YAML or JSON (.json), on the machine Karaf runs on")
    @Completion(FileCompleter.class)
    String planFile;

    @Option(name = "--wait", aliases = "-w", description = "Wait for the run to finish, showing its progress")
    boolean wait;

    @Option(name = "--label", aliases = "-l", multiValued = true,
            description = "A label of the run, name=value, added to the plan's (this value wins); repeat it for more")
    List<String> labels;

    /** Karaf reads options only before the arguments; this takes {@code dtf:submit plan.yaml --wait}. */
    @Argument(index = 1, name = "--wait", description = "--wait (or -w) may also follow the plan file")
    String trailingOption;

    @Reference(optional = true)
    Session session;

    /** How often the run is polled while waiting. */
    long pollMillis = 300;

    @Override
    void run(PrintStream out) throws Exception {
        if (trailingOption != null) {
            if (!"--wait".equals(trailingOption) && !"-w".equals(trailingOption)) {
                throw new DtfException(ErrorCode.INVALID_ARGUMENT, "unexpected argument '" + trailingOption
                        + "'; usage: dtf:submit [--wait] <plan-file>");
            }
            wait = true;
        }
        Path path = Paths.get(planFile).toAbsolutePath().normalize();
        RunSummary submitted = coordinator.submit(read(path), path.getFileName().toString(),
                Format.labelOptions(labels), null);
        RunId id = submitted.run().id();
        out.println("Run " + id + " submitted: " + submitted.run().name() + ", "
                + submitted.counts().total() + " tasks");
        if (!wait) {
            out.println("Follow it with: dtf:run " + id);
            return;
        }
        RunSummary last = waitFor(out, id);
        if (last == null) {
            out.println("Stopped waiting; run " + id + " goes on. Follow it with: dtf:run " + id
                    + "  (cancel it with: dtf:cancel " + id + ")");
            return;
        }
        out.println();
        printTasks(out, allTasks(id), "No tasks");
        printFailedTests(out, id, null);
        out.println();
        out.println("Run " + id + " " + last.state() + " in " + Format.duration(Format.runDuration(last, now()))
                + ": " + Format.counts(last.counts()) + "; tests " + Format.tests(last.testCases(),
                last.failedTestCases()));
    }

    static String read(Path path) {
        if (!Files.exists(path)) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "plan file '" + path + "' does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "plan file '" + path + "' is a directory");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "plan file '" + path + "' is not UTF-8 text");
        } catch (IOException e) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "plan file '" + path + "' cannot be read: " + e);
        }
    }

    /**
     * Polls the run until it finishes, showing one progress line: redrawn in place on a terminal that
     * understands ANSI, otherwise printed again whenever it changes.
     *
     * @return the finished run, or {@code null} when interrupted (Ctrl-C)
     */
    RunSummary waitFor(PrintStream out, RunId id) {
        Terminal terminal = session == null ? null : session.getTerminal();
        boolean redraw = terminal != null && terminal.isAnsiSupported() && !"dumb".equals(terminal.getType());
        int width = terminal != null && terminal.getWidth() > 20 ? terminal.getWidth() : 120;
        String lastShown = null;
        Instant lastShownAt = Instant.MIN;
        try {
            while (true) {
                RunSummary s = coordinator.run(id).orElseThrow(() -> DtfException.notFound("run", id));
                Instant now = now();
                if (redraw) {
                    out.print("\r" + Format.progressLine(s, now, width - 1) + "\u001B[K");
                    out.flush();
                } else {
                    String progress = Format.progress(s);
                    if (!progress.equals(lastShown) || !now.isBefore(lastShownAt.plus(PLAIN_REPEAT))) {
                        out.println(Format.progressLine(s, now));
                        lastShown = progress;
                        lastShownAt = now;
                    }
                }
                if (s.state().isFinished()) {
                    if (redraw) {
                        out.println();
                    }
                    return s;
                }
                Thread.sleep(pollMillis);
            }
        } catch (InterruptedException e) {
            if (redraw) {
                out.println();
            }
            return null;
        }
    }
}
