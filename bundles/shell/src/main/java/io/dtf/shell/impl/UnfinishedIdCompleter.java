package io.dtf.shell.impl;

import io.dtf.api.coordinator.Coordinator;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes what can still be cancelled: unfinished runs of the newest ones, and their unfinished tasks. */
@Service
public class UnfinishedIdCompleter implements Completer {
    @Reference
    Coordinator coordinator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String typed = TaskIdCompleter.typed(commandLine);
        List<String> ids = new ArrayList<>();
        if (!Format.isTaskId(typed)) {
            RunIdCompleter.newest(coordinator, RunIdCompleter.RUNS).stream()
                    .filter(s -> !s.state().isFinished())
                    .forEach(s -> ids.add(s.run().id().value()));
        }
        ids.addAll(TaskIdCompleter.taskIds(coordinator, typed, true));
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
