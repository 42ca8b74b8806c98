package io.dtf.testkit;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ConnectorInfo;
import io.dtf.api.connector.ConnectorState;
import io.dtf.api.connector.Connectors;
import io.dtf.api.connector.ExternalSystemConnector;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A {@link Connectors} lookup of the connectors a test {@link #add adds} (a {@link FakeConnector} or its own), for
 * code that finds its connector by name or type; {@link #remove} makes one go away as a stopped bundle's does. The
 * listing calls each connector's {@code capabilities()} and {@code isConnected()}: one that throws is listed
 * {@link ConnectorState#FAILED}, as the coordinator's lookup lists it. Thread safe.
 */
public final class FakeConnectors extends NamedInstances<ExternalSystemConnector> implements Connectors {
    public FakeConnectors() {
        super("connector");
    }

    /**
     * An instance of a type under a name.
     *
     * @throws IllegalArgumentException when the name is taken (the coordinator's lookup hands out only one of two)
     */
    public FakeConnectors add(String name, String type, ExternalSystemConnector connector) {
        register(name, type, connector);
        return this;
    }

    /** The instance of this name goes away. */
    public FakeConnectors remove(String name) {
        unregister(name);
        return this;
    }

    @Override
    public List<ConnectorInfo> all() {
        return map(FakeConnectors::info).stream().sorted(Comparator.comparing(ConnectorInfo::name)).toList();
    }

    private static ConnectorInfo info(String name, String type, ExternalSystemConnector connector) {
        try {
            return new ConnectorInfo(name, type, connector.isConnected() ? ConnectorState.CONNECTED
                    : ConnectorState.DISCONNECTED, connector.capabilities(), Map.of(), null);
        } catch (RuntimeException broken) {
            return new ConnectorInfo(name, type, ConnectorState.FAILED, ConnectorCapabilities.none(), Map.of(),
                    broken.toString());
        }
    }
}
