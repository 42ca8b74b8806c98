package io.dtf.shell.impl;

import io.dtf.api.worker.WorkerStatus;
import java.io.PrintStream;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "workers", description = "Lists the workers the coordinator knows.")
@Service
public class WorkersCommand extends DtfAction {
    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No workers registered");
        table.column("ID");
        table.column("Name");
        table.column("State");
        table.column("Slots").alignRight();
        table.column("Labels").maxSize(40);
        table.column("Last seen").alignRight();
        table.column("Finished").alignRight();
        Instant now = now();
        for (WorkerStatus w : coordinator.workers()) {
            table.addRow().addContent(w.info().id(), Format.orNone(w.info().name()), w.state(),
                    w.busySlots() + "/" + w.info().slots(), Format.labels(w.info().capabilities().labels()),
                    Format.ago(w.lastSeen(), now), w.tasksFinished());
        }
        table.print(out);
    }
}
