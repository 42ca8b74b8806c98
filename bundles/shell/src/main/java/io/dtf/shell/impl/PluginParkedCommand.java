package io.dtf.shell.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.store.EventLog.ParkedEvent;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "plugin-parked",
        description = "Lists the events a plugin's durable hooks gave up on, with the reason; dtf:plugin-redeliver "
                + "sends them again.")
@Service
public class PluginParkedCommand extends DtfAction {
    @Reference
    PluginRegistry registry;

    @Argument(index = 0, name = "name", required = true, description = "The plugin's name (see dtf:plugins)")
    @Completion(PluginNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out) {
        List<ParkedEvent> parked = registry.parkedEvents(name);
        ShellTable table = new ShellTable().emptyTableText("No parked events: every event reached " + name);
        table.column("Seq").alignRight();
        table.column("Event");
        table.column("Type");
        table.column("Run");
        table.column("Hook");
        table.column("Attempts").alignRight();
        table.column("Parked");
        table.column("Reason").maxSize(70);
        Instant now = Instant.now();
        for (ParkedEvent p : parked) {
            DtfEvent event = p.event().event();
            table.addRow().addContent(p.event().seq(), event.id(), event.type(),
                    event.run() == null ? "-" : event.run().value(), p.subscriber(), p.attempts(),
                    Format.ago(p.parkedAt(), now), Format.orNone(p.reason()));
        }
        table.print(out);
    }
}
