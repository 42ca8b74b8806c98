package io.dtf.api.notify;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configured channel as a listing shows it ({@link NotificationChannels#all()}): never with secrets.
 *
 * @param name the instance's name
 * @param type its {@value NotificationChannel#PROPERTY}
 * @param properties its published configuration, secrets masked, sorted by name
 * @param problem why it cannot be used (its name is taken), else {@code null}
 */
public record NotificationChannelInfo(String name, String type, Map<String, Object> properties, String problem) {
    public NotificationChannelInfo {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }
}
