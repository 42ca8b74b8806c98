package io.dtf.shell.impl;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes task ids: those of the run already typed ({@code r3.}), otherwise those of the newest
 * runs.
 */
@Service
public class TaskIdCompleter implements Completer {
    static final int RUNS = 10;
    static final int TASKS_PER_RUN = 200;

    @Reference
    Coordinator coordinator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(taskIds(coordinator, typed(commandLine), false)).complete(session, commandLine, candidates);
    }

    /** The part of the argument left of the cursor. */
    static String typed(CommandLine commandLine) {
        String argument = commandLine.getCursorArgument();
        return argument == null ? "" : argument.substring(0, Math.min(argument.length(), commandLine.getArgumentPosition()));
    }

    /** Task ids for what was typed; with {@code unfinishedOnly}, only of runs and tasks still going on. */
    static List<String> taskIds(Coordinator coordinator, String typed, boolean unfinishedOnly) {
        List<String> ids = new ArrayList<>();
        if (Format.isTaskId(typed)) {
            coordinator.tasks(TaskQuery.ofRun(TaskId.of(typed).runId(), new Page(0, Page.MAX_LIMIT))).stream()
                    .filter(t -> !unfinishedOnly || !t.state().isTerminal())
                    .forEach(t -> ids.add(t.id().value()));
            return ids;
        }
        for (RunSummary run : RunIdCompleter.newest(coordinator, RUNS)) {
            if (unfinishedOnly && run.state().isFinished()) {
                continue;
            }
            coordinator.tasks(TaskQuery.ofRun(run.run().id(), new Page(0, TASKS_PER_RUN))).stream()
                    .filter(t -> !unfinishedOnly || !t.state().isTerminal())
                    .forEach(t -> ids.add(t.id().value()));
        }
        return ids;
    }
}
