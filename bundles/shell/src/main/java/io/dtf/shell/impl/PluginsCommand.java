package io.dtf.shell.impl;

import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "plugins",
        description = "Lists DTF's plugins: state, events delivered, failures, and what an inactive one misses;"
                + " a plugin with several hooks (components or configurations) or a durable hook gets a line for each;"
                + " durable hooks count the events they parked (dtf:plugin-parked).")
@Service
public class PluginsCommand extends DtfAction {
    @Reference
    PluginRegistry registry;

    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No plugins installed");
        table.column("Name");
        table.column("Version");
        table.column("Type");
        table.column("Bundle").alignRight();
        table.column("State");
        table.column("Events").alignRight();
        table.column("Failures").alignRight();
        table.column("Last error / missing").maxSize(70);
        for (PluginInfo p : registry.plugins()) {
            String problem = p.missing().isEmpty() ? Format.orNone(p.lastError())
                    : "missing: " + String.join("; ", p.missing());
            table.addRow().addContent(p.name(), p.version(), p.type(), p.bundleId(), p.state(), p.delivered(),
                    failures(p.failures(), p.dropped()), problem);
            // several components or configurations, or a durable hook with its backlog: one line each
            if (p.hooks().size() > 1 || p.hooks().stream().anyMatch(HookInfo::durable)) {
                for (HookInfo hook : p.hooks()) {
                    table.addRow().addContent("  hook " + hookName(hook) + (hook.durable() ? " (durable)" : ""), "",
                            "", "", hook.connected() ? "" : "WAITING", hook.delivered(),
                            failures(hook.failures(), hook.dropped()) + backlog(hook),
                            Format.orNone(hook.lastError()));
                }
            }
        }
        table.print(out);
    }

    /** What a durable hook has not delivered: events parked (dtf:plugin-parked) and waiting for a retry. */
    private static String backlog(HookInfo hook) {
        if (!hook.durable() || hook.parked() == 0 && hook.retrying() == 0) {
            return "";
        }
        return " (" + hook.parked() + " parked, " + hook.retrying() + " retrying)";
    }

    private static String failures(long failures, long dropped) {
        return failures + (dropped > 0 ? " (+" + dropped + " dropped)" : "");
    }

    /** The configuration's PID tells instances of one component apart; the component name is the fallback. */
    private static String hookName(HookInfo hook) {
        return hook.configuration() != null ? hook.configuration() : Format.orNone(hook.component());
    }
}
