package io.dtf.shell.impl;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ConnectorInfo;
import io.dtf.api.connector.Connectors;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "connectors",
        description = "Lists the configured connector instances (Jira, Slack, TestRail, Prometheus, e-mail, Teams, ...) "
                + "with their state, what they can do and their configuration (secrets hidden).")
@Service
public class ConnectorsCommand extends DtfAction {
    @Reference
    Connectors connectors;

    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No connector is configured: add "
                + "etc/io.dtf.connector.<type>-<name>.cfg (docs/notifications.md)");
        table.column("Name");
        table.column("Type");
        table.column("State");
        table.column("Can").maxSize(60);
        table.column("Configuration").maxSize(80);
        for (ConnectorInfo info : connectors.all()) {
            String state = info.state().name().toLowerCase(Locale.ROOT)
                    + (info.problem() == null ? "" : ": " + info.problem());
            table.addRow().addContent(info.name(), info.type(), state, can(info.capabilities()),
                    configuration(info.properties()));
        }
        table.print(out);
    }

    /** Its item types and operations, sorted: {@code issue, send_mail}. */
    static String can(ConnectorCapabilities capabilities) {
        TreeSet<String> all = new TreeSet<>(capabilities.itemTypes().keySet());
        all.addAll(capabilities.operations());
        return all.isEmpty() ? "-" : String.join(", ", all);
    }

    /** Non-secret configuration only (the lookup masks secrets); service plumbing left out. */
    static String configuration(Map<String, Object> properties) {
        return properties.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("service.") && !e.getKey().startsWith("component.")
                        && !e.getKey().startsWith("felix.") && !e.getKey().equals("objectClass")
                        && !e.getKey().startsWith("dtf."))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
