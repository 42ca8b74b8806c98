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
                + " a plugin with several hooks (components or configurations) gets a line for each.")
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
            if (p.hooks().size() > 1) { // several components or configurations: one line each
                for (HookInfo hook : p.hooks()) {
                    table.addRow().addContent("  hook " + hookName(hook), "", "", "",
                            hook.connected() ? "" : "WAITING", hook.delivered(),
                            failures(hook.failures(), hook.dropped()), Format.orNone(hook.lastError()));
                }
            }
        }
        table.print(out);
    }

    private static String failures(long failures, long dropped) {
        return failures + (dropped > 0 ? " (+" + dropped + " dropped)" : "");
    }

    /** The configuration's PID tells instances of one component apart; the component name is the fallback. */
    private static String hookName(HookInfo hook) {
        return hook.configuration() != null ? hook.configuration() : Format.orNone(hook.component());
    }
}
