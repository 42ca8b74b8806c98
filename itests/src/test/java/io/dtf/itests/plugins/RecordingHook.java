package io.dtf.itests.plugins;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** A test plugin: appends "label type task run" for every event to the file named by the dtf.itest.events property. */
public class RecordingHook implements Hook {
    private String label;

    public void activate(Map<String, Object> properties) {
        label = String.valueOf(properties.get("label"));
    }

    @Override
    public void on(DtfEvent event) throws IOException {
        Files.writeString(Path.of(System.getProperty("dtf.itest.events")),
                label + " " + event.type() + " " + event.task() + " " + event.run() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
