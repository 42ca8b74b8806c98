package io.dtf.client.impl.cli;

import io.dtf.api.Durations;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.client.DtfClient;
import io.dtf.client.ItemPage;
import io.dtf.client.impl.report.TaskMessages;
import io.dtf.client.impl.report.JobSummary;
import io.dtf.client.impl.report.ReportPlan;
import io.dtf.client.impl.report.TeamCityReport;
import io.dtf.http.HttpTransportException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Follows a run to its end ({@code submit --wait}, {@code wait}): progress while it runs, then the
 * outcome with what did not pass, and the reports asked for (JUnit XML, TeamCity service messages, the GitHub
 * job summary: {@link ReportPlan}). A coordinator that stops answering (a restart) is asked again for
 * {@link Cli#giveUpUnreachable}.
 */
final class RunFollower {
    static final Set<TaskState> NOT_PASSED = EnumSet.of(TaskState.FAILED, TaskState.ERROR, TaskState.TIMED_OUT,
            TaskState.CANCELLED);

    private final Cli cli;
    private final DtfClient client;

    RunFollower(Cli cli, DtfClient client) {
        this.cli = cli;
        this.client = client;
    }

    /** Exit code 0 when every task passed, else 1; the reports of {@code reports} are written at the end. */
    int follow(RunSummary submitted, ReportPlan reports) throws IOException {
        RunId id = submitted.run().id();
        Progress progress = new Progress(cli.out, cli.tty, cli.width(), cli.plainInterval);
        RunSummary run = submitted;
        long unreachableSince = 0;
        while (!run.state().isFinished()) {
            progress.show(run);
            sleep(cli.pollInterval);
            try {
                run = client.run(id);
                if (unreachableSince != 0) {
                    progress.note("the coordinator answers again");
                    unreachableSince = 0;
                }
            } catch (HttpTransportException e) {
                long now = System.nanoTime();
                if (unreachableSince == 0) {
                    unreachableSince = now;
                    progress.note("the coordinator does not answer (" + e.getMessage() + "); trying on");
                } else if (Duration.ofNanos(now - unreachableSince).compareTo(cli.giveUpUnreachable) > 0) {
                    progress.end();
                    throw e;
                }
            }
        }
        progress.show(run);
        progress.end();
        List<Task> notPassed = printOutcome(run);
        writeReports(run, notPassed, reports);
        return run.state() == RunState.PASSED ? DtfCli.OK : DtfCli.FAILED;
    }

    private void writeReports(RunSummary run, List<Task> notPassed, ReportPlan reports) throws IOException {
        RunId id = run.run().id();
        Path junitXml = reports.junitXml();
        if (junitXml != null) {
            int written = new JUnitXmlReport(client, id).write(junitXml);
            int tasks = run.counts().total();
            cli.out.println("wrote " + junitXml + " (" + written + " test case" + (written == 1 ? "" : "s")
                    + " of " + tasks + " task" + (tasks == 1 ? "" : "s") + ")");
        }
        if (reports.teamCity()) {
            new TeamCityReport(cli.out).write(run, client.allTasks(id), client.allTestCases(id));
        }
        if (reports.jobSummary() != null) {
            List<StoredTestCase> failed = client.allTestCases(id, EnumSet.of(TestCaseStatus.FAILED,
                    TestCaseStatus.ERROR));
            int left = new JobSummary().append(reports.jobSummary(), run, RunTexts.counts(run), runUrl(id), notPassed,
                    failed);
            cli.out.println("added run " + id + " to the job summary" + (left == 0 ? ""
                    : " (" + left + " failed test" + (left == 1 ? "" : "s") + " left out: GitHub takes 1 MiB)"));
        }
    }

    /** The run's resource on the coordinator, as the coordinator's own links give it. */
    private URI runUrl(RunId id) {
        return URI.create(client.baseUrl().toString().replaceAll("/+$", "") + "/api/v1/runs/" + id.value());
    }

    /** Prints the run's outcome; returns the tasks it listed as not passed (the first 50). */
    private List<Task> printOutcome(RunSummary run) {
        StringBuilder s = new StringBuilder("run ").append(run.run().id()).append(' ').append(run.run().name())
                .append(' ').append(run.state()).append(": ");
        s.append(RunTexts.counts(run));
        if (run.finishedAt() != null && run.run().submittedAt() != null) {
            s.append(" in ").append(Durations.format(Duration.between(run.run().submittedAt(), run.finishedAt())));
        }
        if (run.testCases() > 0) {
            s.append("; ").append(run.testCases()).append(" test case").append(run.testCases() == 1 ? "" : "s")
                    .append(", ").append(run.failedTestCases()).append(" failed");
        }
        cli.out.println(s);
        if (run.state() == RunState.PASSED) {
            return List.of();
        }
        ItemPage<Task> bad = client.tasks(run.run().id(), NOT_PASSED, new Page(0, 50));
        if (bad.items().isEmpty()) {
            return List.of();
        }
        Table table = new Table("TASK", "NAME", "STATE", "ATTEMPT", "WORKER", "MESSAGE");
        for (Task t : bad.items()) {
            table.row(t.id(), t.name(), t.state(), t.attempt(), t.worker(), TaskMessages.of(t));
        }
        table.print(cli.out);
        if (bad.hasMore()) {
            cli.out.println("… more: dtf run " + run.run().id() + " --state " + RunTexts.names(NOT_PASSED));
        }
        cli.out.println("logs: dtf logs " + bad.items().get(0).id());
        return bad.items();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
