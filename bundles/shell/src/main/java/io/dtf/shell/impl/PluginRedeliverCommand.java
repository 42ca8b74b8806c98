package io.dtf.shell.impl;

import io.dtf.api.plugin.PluginRegistry;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "plugin-redeliver",
        description = "Sends a plugin's parked events again (all, or the one whose Seq dtf:plugin-parked shows).")
@Service
public class PluginRedeliverCommand extends DtfAction {
    @Reference
    PluginRegistry registry;

    @Argument(index = 0, name = "name", required = true, description = "The plugin's name (see dtf:plugins)")
    @Completion(PluginNameCompleter.class)
    String name;

    @Argument(index = 1, name = "seq", description = "The parked event's Seq (see dtf:plugin-parked); all when absent")
    Long seq;

    @Override
    void run(PrintStream out) {
        int sent = registry.redeliver(name, seq);
        out.println(sent == 1 ? "1 parked event of " + name + " sent again"
                : sent + " parked events of " + name + " sent again");
    }
}
