package io.dtf.shell.impl;

import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "cancel", description = "Cancels a run's unfinished tasks (r3), or one task (r3.2).")
@Service
public class CancelCommand extends DtfAction {
    @Argument(index = 0, name = "id", required = true, description = "A run id (r3) or a task id (r3.2)")
    @Completion(UnfinishedIdCompleter.class)
    String id;

    @Override
    void run(PrintStream out) {
        if (Format.isTaskId(id)) {
            Task task = requireTask(id);
            if (coordinator.cancel(task.id())) {
                out.println("Cancelled task " + task.id() + " (" + task.name() + ")");
            } else {
                out.println("Task " + task.id() + " had already finished: " + task.state());
            }
            return;
        }
        RunId run = requireRun(id).run().id();
        int cancelled = coordinator.cancel(run);
        out.println(cancelled == 0 ? "Run " + run + " has no unfinished tasks"
                : "Cancelled " + cancelled + (cancelled == 1 ? " task" : " tasks") + " of run " + run);
    }
}
