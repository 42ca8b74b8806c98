package io.dtf.shell.impl;

import io.dtf.api.task.TaskState;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes task state names. */
@Service
public class TaskStateCompleter implements Completer {
    private final StringsCompleter states = new StringsCompleter(
            Arrays.stream(TaskState.values()).map(Enum::name).collect(Collectors.toList()), false);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return states.complete(session, commandLine, candidates);
    }
}
