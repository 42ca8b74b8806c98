package io.dtf.client.impl.report;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The run in the GitHub Actions job summary: Markdown appended to the file {@code GITHUB_STEP_SUMMARY} names
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#adding-a-job-summary): the run's
 * name, state and counts, a link to it, the tasks that did not pass (the first 50, as the command line lists them),
 * and a table of its failed tests. GitHub takes at most 1 MiB per step and shows none of a larger summary, so the
 * table ends where the file (what the step wrote before included) would grow past {@link #LIMIT}, and a last line
 * says how many failed tests were left out.
 */
public final class JobSummary {
    /** GitHub's limit of a step's summary: 1 MiB. */
    public static final long LIMIT = 1024 * 1024;
    /** A failure message is cut to this many characters in the table: a row stays one readable line. */
    static final int MESSAGE_CHARS = 300;
    /** Room kept for the line that says what was left out. */
    private static final int TAIL_ROOM = 400;

    private final long limit;

    public JobSummary() {
        this(LIMIT);
    }

    /** Visible for testing: another limit. */
    JobSummary(long limit) {
        this.limit = limit;
    }

    /**
     * Appends the run to {@code file}.
     *
     * @param counts the run's task counts in words
     * @param runUrl the run's page or resource
     * @param notPassed tasks that did not pass (a few: they go in whole)
     * @param failed the run's failed test cases
     * @return how many failed test cases were left out of the table
     */
    public int append(Path file, RunSummary run, String counts, URI runUrl, List<Task> notPassed,
                      List<StoredTestCase> failed) throws IOException {
        long before = Files.exists(file) ? Files.size(file) : 0;
        StringBuilder md = new StringBuilder();
        md.append("### DTF run ").append(run.run().id()).append(' ').append(cell(run.run().name())).append(": ")
                .append(run.state()).append("\n\n");
        md.append(counts);
        if (run.testCases() > 0) {
            md.append("; ").append(run.testCases()).append(" test case").append(run.testCases() == 1 ? "" : "s")
                    .append(", ").append(run.failedTestCases()).append(" failed");
        }
        md.append("\n\n[").append(run.run().id()).append(" on the coordinator](").append(runUrl).append(")\n\n");
        if (!notPassed.isEmpty()) {
            md.append("| Task that did not pass | State | Message |\n| --- | --- | --- |\n");
            for (Task t : notPassed) {
                md.append("| ").append(cell(t.name())).append(" (").append(t.id()).append(") | ").append(t.state())
                        .append(" | ").append(cell(trimmed(TaskMessages.of(t)))).append(" |\n");
            }
            md.append('\n');
        }
        int shown = 0;
        if (!failed.isEmpty()) {
            md.append("| Failed test | Task | Message |\n| --- | --- | --- |\n");
            long room = limit - before - TAIL_ROOM;
            long size = bytes(md);
            for (StoredTestCase c : failed) {
                String row = "| " + cell(TeamCityReport.name(c.result())) + " | " + cell(c.taskName()) + " ("
                        + c.task() + ") | " + cell(trimmed(c.result().message())) + " |\n";
                long rowSize = bytes(row);
                if (size + rowSize > room) {
                    break;
                }
                md.append(row);
                size += rowSize;
                shown++;
            }
            int left = failed.size() - shown;
            if (left > 0) {
                md.append("\n").append(left).append(" more failed test").append(left == 1 ? " was" : "s were")
                        .append(" left out to keep this summary within GitHub's 1 MiB: `dtf run ")
                        .append(run.run().id()).append("` and the run's JUnit XML list them all.\n");
            }
        }
        md.append('\n');
        if (before + bytes(md) > limit) {
            // what the step wrote before leaves no room: a line is better than a summary GitHub refuses whole
            md.setLength(0);
            md.append("DTF run ").append(run.run().id()).append(' ').append(run.state()).append(": ").append(runUrl)
                    .append('\n');
        }
        Files.writeString(file, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return failed.size() - shown;
    }

    private static long bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String trimmed(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MESSAGE_CHARS ? message : message.substring(0, MESSAGE_CHARS - 1) + "…";
    }

    /** Text for a table cell: one line, no column breaks, no HTML. */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
