package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReports;
import io.dtf.api.task.RunSummary;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "ci-report",
        description = "Sends a run's report to its CI system again now (after the CI system was down or its "
                + "credentials were fixed) and shows how each call went.")
@Service
public class CiReportCommand extends DtfAction {
    @Reference(optional = true)
    CIReports reports;

    @Argument(index = 0, name = "run", required = true, description = "The run's id (r12)")
    @Completion(RunIdCompleter.class)
    String runId;

    @Override
    void run(PrintStream out) {
        RunSummary run = requireRun(runId);
        if (reports == null) {
            throw new DtfException(ErrorCode.ILLEGAL_STATE, "runs are not reported to CI systems: the CI reports bundle "
                    + "(io.dtf.ci.reports, feature dtf-ci) is not running");
        }
        CIReport report;
        try {
            report = reports.resend(run.run().id());
        } catch (IllegalArgumentException e) {
            throw new DtfException(ErrorCode.ILLEGAL_STATE, e.getMessage());
        }
        out.println("Run " + report.run().value() + " (" + report.runName() + ") to " + report.provider()
                + (report.repository() == null ? "" : " " + report.repository()) + ", as at its "
                + report.phase().name().toLowerCase(Locale.ROOT) + ": "
                + report.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        ShellTable table = new ShellTable();
        table.column("Call");
        table.column("Result").maxSize(90);
        table.column("Link").maxSize(80);
        for (CIReport.Step step : report.steps()) {
            table.addRow().addContent(step.operation(), step.result(), step.link() == null ? "-" : step.link());
        }
        table.print(out);
    }
}
