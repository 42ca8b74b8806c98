package io.dtf.api.connector;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configured connector instance as a listing shows it ({@link Connectors#all()}): never with secrets.
 *
 * @param name the instance's name ({@link InstanceName})
 * @param type its {@value ExternalSystemConnector#TYPE}
 * @param state where it stands
 * @param capabilities what it can do; {@link ConnectorCapabilities#none()} when it failed to say
 * @param properties its published configuration, secrets masked, sorted by name ({@link SecretProperties#shown})
 * @param problem why it is {@link ConnectorState#FAILED}, else {@code null}
 */
public record ConnectorInfo(String name, String type, ConnectorState state, ConnectorCapabilities capabilities,
                            Map<String, Object> properties, String problem) {
    public ConnectorInfo {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }
}
