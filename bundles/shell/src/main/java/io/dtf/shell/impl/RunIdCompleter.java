package io.dtf.shell.impl;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the newest runs. */
@Service
public class RunIdCompleter implements Completer {
    static final int RUNS = 50;

    @Reference
    Coordinator coordinator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = newest(coordinator, RUNS).stream()
                .map(s -> s.run().id().value()).collect(Collectors.toList());
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }

    static List<RunSummary> newest(Coordinator coordinator, int runs) {
        return coordinator.runs(RunQuery.all(new Page(0, runs)));
    }
}
