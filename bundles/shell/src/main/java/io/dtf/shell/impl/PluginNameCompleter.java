package io.dtf.shell.impl;

import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the installed plugins. */
@Service
public class PluginNameCompleter implements Completer {
    @Reference
    PluginRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = registry.plugins().stream().map(PluginInfo::name).collect(Collectors.toList());
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
