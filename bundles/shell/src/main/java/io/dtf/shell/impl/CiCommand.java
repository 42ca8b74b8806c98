package io.dtf.shell.impl;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProviderInfo;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReports;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "ci",
        description = "Lists the CI providers with their configuration (secrets hidden) and the latest reports of runs "
                + "to their CI systems, with how each ended.")
@Service
public class CiCommand extends DtfAction {
    @Reference
    CIProviders providers;

    @Reference(optional = true)
    CIReports reports;

    @Option(name = "-n", aliases = "--reports", description = "How many of the latest reports to list (default 20)")
    int limit = 20;

    @Override
    void run(PrintStream out) {
        List<CIProviderInfo> all = providers.all();
        ShellTable table = new ShellTable().emptyTableText(
                "No CI provider: install the dtf-ci feature and configure etc/io.dtf.ci.<provider>-<name>.cfg (docs/ci.md)");
        table.column("Provider");
        table.column("Instance");
        table.column("Reports");
        table.column("Configuration").maxSize(90);
        for (CIProviderInfo info : all) {
            String capabilities = info.problem() != null ? "unusable: " + info.problem()
                    : info.capabilities().stream().map(CiCommand::capability).collect(Collectors.joining(", "));
            table.addRow().addContent(info.provider(), info.instance(), capabilities.isEmpty() ? "-" : capabilities,
                    configuration(info.properties()));
        }
        table.print(out);
        out.println();
        if (reports == null) {
            out.println("Runs are not reported to CI systems: the CI reports bundle (io.dtf.ci.reports, feature dtf-ci) "
                    + "is not running.");
            return;
        }
        List<CIReport> recent = reports.recent(Math.max(1, limit));
        ShellTable list = new ShellTable().emptyTableText("No run was reported to a CI system since the start");
        list.column("When");
        list.column("Run");
        list.column("Name").maxSize(24);
        list.column("CI");
        list.column("Repository").maxSize(30);
        list.column("Phase");
        list.column("Outcome");
        list.column("Details").maxSize(80);
        Instant now = now();
        for (CIReport report : recent) {
            list.addRow().addContent(Format.ago(report.at(), now), report.run().value(), report.runName(),
                    report.provider(), Format.orNone(report.repository()), lower(report.phase()),
                    lower(report.outcome()), details(report));
        }
        list.print(out);
    }

    private static String capability(CICapability capability) {
        return capability.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Non-secret configuration only: the lookup masks secrets, and service plumbing is left out. */
    private static String configuration(Map<String, Object> properties) {
        return properties.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("service.") && !e.getKey().startsWith("component.")
                        && !e.getKey().startsWith("felix.") && !e.getKey().equals("objectClass"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** The failed steps, else what the report made (links) and the build's details. */
    static String details(CIReport report) {
        List<String> failed = report.steps().stream().filter(s -> !s.result().equals("OK"))
                .map(s -> s.operation() + ": " + s.result()).toList();
        if (!failed.isEmpty()) {
            return String.join("; ", failed);
        }
        String links = report.steps().stream().filter(s -> s.link() != null)
                .map(s -> s.operation() + " " + s.link()).distinct().collect(Collectors.joining(" "));
        if (report.details() != null) {
            links = (report.details().name() + " " + report.details().state() + " " + links).strip();
        }
        return links.isEmpty() ? "-" : links;
    }
}
