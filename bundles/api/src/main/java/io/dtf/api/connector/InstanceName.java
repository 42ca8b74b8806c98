package io.dtf.api.connector;

import java.util.Map;

/**
 * How a configured instance of an integration is named, from its service properties: the explicit name property
 * when set; else the name of its Config Admin factory configuration, the part of {@code service.pid} after
 * {@code ~} (Karaf reads {@code etc/io.dtf.connector.slack-team.cfg} as the configuration {@code team} of the
 * factory PID {@code io.dtf.connector.slack}, whose PID is {@code io.dtf.connector.slack~team}); else its type (a
 * single configuration {@code etc/io.dtf.connector.slack.cfg} is the instance {@code slack}).
 */
public final class InstanceName {
    /** The separator of a named factory configuration's PID ({@code <factory PID>~<name>}). */
    static final char FACTORY_SEPARATOR = '~';

    private InstanceName() {
    }

    /**
     * The instance's name.
     *
     * @param properties its service properties (or its component properties, in an {@code @Activate} method)
     * @param nameProperty the property that names an instance explicitly ({@link ExternalSystemConnector#NAME}), or
     *     {@code null} for a kind of service that has none (CI providers)
     * @param typeProperty the property that says its type ({@link ExternalSystemConnector#TYPE})
     * @return the name; {@code null} only when the properties hold none of the three
     */
    public static String of(Map<String, ?> properties, String nameProperty, String typeProperty) {
        String explicit = nameProperty == null ? null : text(properties.get(nameProperty));
        if (explicit != null) {
            return explicit;
        }
        String pid = text(properties.get("service.pid"));
        if (pid != null && pid.indexOf(FACTORY_SEPARATOR) >= 0 && pid.indexOf(FACTORY_SEPARATOR) < pid.length() - 1) {
            return pid.substring(pid.lastIndexOf(FACTORY_SEPARATOR) + 1);
        }
        return text(properties.get(typeProperty));
    }

    /** A property's value as one string: the first of an array or list (service properties may be either). */
    static String text(Object value) {
        Object single = value;
        if (single instanceof String[] array) {
            single = array.length == 0 ? null : array[0];
        } else if (single instanceof Iterable<?> list) {
            var it = list.iterator();
            single = it.hasNext() ? it.next() : null;
        }
        if (single == null) {
            return null;
        }
        String text = single.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
