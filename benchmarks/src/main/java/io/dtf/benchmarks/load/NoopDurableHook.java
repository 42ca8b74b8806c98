package io.dtf.benchmarks.load;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A durable hook that does nothing with its events (TASK_COMPLETED and RUN_COMPLETED unless told otherwise), deployed
 * by {@code LoadDriver --durable-hook [TYPES]}: what the event log, its writes in the store's transactions and the
 * delivery cost the coordinator's no-op path, with no work of the hook's own.
 */
public final class NoopDurableHook implements Hook {
    private final AtomicLong received = new AtomicLong();

    @Override
    public void on(DtfEvent event) {
        received.incrementAndGet();
    }

    /** Writes this class as a bundle with its Declarative Services component, as bnd would. */
    static void writeBundle(Path jar, String types) throws IOException {
        String name = NoopDurableHook.class.getName();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + name + "\" immediate=\"true\">\n"
                + "  <implementation class=\"" + name + "\"/>\n"
                + "  <service><provide interface=\"" + Hook.class.getName() + "\"/></service>\n"
                + "  <property name=\"" + Hook.PROPERTY + "\" value=\"" + types + "\"/>\n"
                + "  <property name=\"" + Hook.DELIVERY + "\" value=\"" + Hook.DURABLE + "\"/>\n"
                + "</scr:component>\n";
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.dtf.benchmarks.noophook");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "io.dtf.api.plugin;version=\"[1.3,2)\"");
        main.putValue("Service-Component", "OSGI-INF/component.xml");
        String classFile = name.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(classFile));
            try (var in = NoopDurableHook.class.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("OSGI-INF/component.xml"));
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
