package io.dtf.shell.impl;

import io.dtf.api.coordinator.SchedulerInfo;
import java.io.PrintStream;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "schedulers", description = "Lists the installed schedulers; * marks the active one.")
@Service
public class SchedulersCommand extends DtfAction {
    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No scheduler installed (the built-in FIFO is used)");
        table.column("Name");
        table.column("Active");
        table.column("Queued").alignRight();
        table.column("Bundle");
        table.column("Counters").maxSize(60);
        for (SchedulerInfo s : coordinator.schedulers()) {
            String counters = s.counters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            table.addRow().addContent(s.name(), s.active() ? "*" : "", s.queued(), Format.orNone(s.bundle()),
                    counters);
        }
        table.print(out);
    }
}
