package io.dtf.itests;

import io.dtf.itests.plugins.LifoScheduler;
import io.dtf.itests.plugins.NeedsMissingService;
import io.dtf.itests.plugins.RecordingHook;
import io.dtf.itests.plugins.SleepingHook;
import io.dtf.itests.plugins.ThrowingHook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.tinybundles.core.TinyBundle;
import org.ops4j.pax.tinybundles.core.TinyBundles;

/**
 * Builds the plugin bundles {@link PluginsIT} deploys, with TinyBundles, outside the container (a
 * class of its own so that the test class loaded inside Karaf does not need TinyBundles).
 */
final class PluginJars {
    private static final String API_IMPORTS = "io.dtf.api.plugin;version=\"[1.1,2)\",io.dtf.api.task;version=\"[1.0,2)\","
            + "io.dtf.api.scheduler;version=\"[1.1,2)\",io.dtf.api.worker;version=\"[1.1,2)\","
            + "io.dtf.api.notify;version=\"[1.0,2)\"";

    private PluginJars() {
    }

    static void writeAll(String plugins, String events) throws IOException {
        Files.createDirectories(Path.of(plugins));
        Files.deleteIfExists(Path.of(events));
        writePlugin(plugins, "recorder-1.0.0.jar", hookBundle("io.dtf.itests.recorder", "1.0.0", RecordingHook.class,
                "<property name=\"label\" value=\"v1\"/><property name=\"dtf.hook\" value=\"TASK_COMPLETED\"/>"));
        writePlugin(plugins, "recorder-2.0.0.jar", hookBundle("io.dtf.itests.recorder", "2.0.0", RecordingHook.class,
                "<property name=\"label\" value=\"v2\"/><property name=\"dtf.hook\" value=\"TASK_COMPLETED\"/>"));
        writePlugin(plugins, "durable-recorder.jar", hookBundle("io.dtf.itests.durable", "1.0.0", RecordingHook.class,
                "<property name=\"label\" value=\"durable\"/><property name=\"dtf.hook\" value=\"RUN_COMPLETED\"/>"
                        + "<property name=\"dtf.hook.delivery\" value=\"durable\"/>"));
        writePlugin(plugins, "thrower.jar", hookBundle("io.dtf.itests.thrower", "1.0.0", ThrowingHook.class, ""));
        writePlugin(plugins, "sleeper.jar", hookBundle("io.dtf.itests.sleeper", "1.0.0", SleepingHook.class, ""));
        writePlugin(plugins, "lifo.jar", component("io.dtf.itests.lifo", "1.0.0", LifoScheduler.class,
                "io.dtf.api.scheduler.SchedulerPlugin", "<property name=\"dtf.scheduler\" value=\"lifo\"/>"));
        writePlugin(plugins, "needy.jar", component("io.dtf.itests.needy", "1.0.0", NeedsMissingService.class,
                "io.dtf.api.plugin.Hook", "<reference name=\"store\" interface=\"io.dtf.api.store.TaskStore\" "
                        + "target=\"(dtf.itest=missing)\"/>"));
        writePlugin(plugins, "unresolvable.jar", TinyBundles.bundle().add(ThrowingHook.class)
                .set("Bundle-ManifestVersion", "2").set("Bundle-SymbolicName", "io.dtf.itests.unresolvable")
                .set("Bundle-Version", "1.0.0")
                .set("Import-Package", API_IMPORTS + ",org.example.nowhere;version=\"[3,4)\""));

    }

    private static TinyBundle hookBundle(String symbolicName, String version, Class<?> hook, String properties) {
        return component(symbolicName, version, hook, "io.dtf.api.plugin.Hook", properties);
    }

    /** A plugin bundle with one DS component, described by hand as bnd would. */
    private static TinyBundle component(String symbolicName, String version, Class<?> implementation, String service,
                                        String extra) {
        boolean activates = implementation == RecordingHook.class;
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + symbolicName + "\""
                + " immediate=\"true\"" + (activates ? " activate=\"activate\"" : "") + ">\n"
                + "  <implementation class=\"" + implementation.getName() + "\"/>\n"
                + "  <service><provide interface=\"" + service + "\"/></service>\n"
                + "  " + extra + "\n"
                + "</scr:component>\n";
        return TinyBundles.bundle().add(implementation)
                .add("OSGI-INF/component.xml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .set("Bundle-ManifestVersion", "2")
                .set("Bundle-SymbolicName", symbolicName)
                .set("Bundle-Version", version)
                .set("Import-Package", API_IMPORTS)
                .set("Service-Component", "OSGI-INF/component.xml");
    }

    private static void writePlugin(String plugins, String name, TinyBundle bundle) throws IOException {
        try (InputStream jar = bundle.build(TinyBundles.withClassicBuilder())) {
            Files.copy(jar, Path.of(plugins, name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
