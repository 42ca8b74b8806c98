package io.dtf.shell.impl;

import io.dtf.api.plugin.PluginRegistry;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "plugin-enable", description = "Turns a disabled or failed plugin on again.")
@Service
public class PluginEnableCommand extends DtfAction {
    @Reference
    PluginRegistry registry;

    @Argument(index = 0, name = "name", required = true, description = "The plugin's name (see dtf:plugins)")
    @Completion(PluginNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out) {
        registry.enable(name);
        out.println("Plugin " + name + " enabled");
    }
}
