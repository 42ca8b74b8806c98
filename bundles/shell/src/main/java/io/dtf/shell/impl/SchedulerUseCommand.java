package io.dtf.shell.impl;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "scheduler-use",
        description = "Makes a scheduler the active one for runs that name none; queued tasks keep their places. "
                + "The choice is saved in etc/io.dtf.coordinator.cfg.")
@Service
public class SchedulerUseCommand extends DtfAction {
    @Argument(index = 0, name = "name", required = true, description = "The scheduler's name (see dtf:schedulers)")
    @Completion(SchedulerNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out) {
        coordinator.useScheduler(name);
        out.println("Active scheduler: " + name);
    }
}
