package org.example.dtf.runreport;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.Plugin;
import io.dtf.api.plugin.PluginType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Appends a line such as {@code | r12 | nightly | FAILED | 240 tasks | 3 failed test cases |} to a
 * Markdown file whenever a run finishes. DTF calls {@link #on} on a thread of this plugin's own; an
 * exception here is counted and shown by {@code dtf:plugins}, and never disturbs DTF.
 */
@Component(service = {Hook.class, Plugin.class}, property = Hook.PROPERTY + "=RUN_COMPLETED",
        configurationPid = "org.example.dtf.runreport")
@Designate(ocd = RunReportConfig.class)
public class RunReportHook implements Hook, Plugin {
    private Path file;

    @Activate
    void activate(RunReportConfig config) {
        Path configured = Path.of(config.file());
        String data = System.getProperty("karaf.data", "data");
        file = configured.isAbsolute() ? configured : Path.of(data).resolve(configured);
    }

    @Override
    public PluginType type() {
        return PluginType.REPORTER;
    }

    @Override
    public String name() {
        return "run-report";
    }

    @Override
    public void on(DtfEvent event) throws IOException {
        Files.createDirectories(file.getParent());
        String line = String.format("| %s | %s | %s | %s tasks | %s failed test cases |%n", event.run(),
                event.get(EventData.NAME), event.get(EventData.STATE), event.get(EventData.TASKS),
                event.get(EventData.FAILED_TEST_CASES));
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
