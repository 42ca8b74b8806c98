package io.dtf.shell.impl;

import io.dtf.api.plugin.PluginRegistry;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "plugin-disable",
        description = "Turns a plugin off until it is enabled again (or Karaf restarts); its services go away.")
@Service
public class PluginDisableCommand extends DtfAction {
    @Reference
    PluginRegistry registry;

    @Argument(index = 0, name = "name", required = true, description = "The plugin's name (see dtf:plugins)")
    @Completion(PluginNameCompleter.class)
    String name;

    @Override
    void run(PrintStream out) {
        registry.disable(name);
        out.println("Plugin " + name + " disabled");
    }
}
