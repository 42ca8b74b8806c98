package io.dtf.coordinator.impl.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What names one hook's delivery line: its plugin, its component and the configuration it runs with.
 * The configuration (the {@code service.pid}, a factory configuration's own PID) tells apart the instances of one
 * component, and all three stay the same when the plugin's bundle is updated, so that the new version finds the
 * line, and the events waiting on it, of the instance it replaces. The service id changes with every registration:
 * it names only hooks registered without Declarative Services and without a PID.
 *
 * @param plugin the bundle symbolic name
 * @param component the {@code component.name}, or {@code null}
 * @param configuration the {@code service.pid} (several joined with commas), or {@code null}
 * @param serviceId the {@code service.id}, used only when there is neither a component name nor a configuration
 */
public record HookKey(String plugin, String component, String configuration, Object serviceId) {

    public static HookKey of(String plugin, Map<String, ?> properties) {
        Object component = properties.get("component.name");
        return new HookKey(plugin, component == null ? null : component.toString(),
                joined(properties.get("service.pid")), properties.get("service.id"));
    }

    /** The line's name: {@code <plugin>/<component>[/<configuration>]}, or the service's id when nothing else. */
    public String value() {
        if (component == null && configuration == null) {
            return plugin + "/service-" + serviceId;
        }
        return Stream.of(plugin, component, configuration).filter(part -> part != null)
                .collect(Collectors.joining("/"));
    }

    private static String joined(Object pid) {
        Object[] values = pid instanceof Object[] array ? array
                : pid instanceof Collection<?> collection ? collection.toArray()
                : pid == null ? new Object[0] : new Object[] {pid};
        return values.length == 0 ? null : Stream.of(values).map(String::valueOf).collect(Collectors.joining(","));
    }
}
