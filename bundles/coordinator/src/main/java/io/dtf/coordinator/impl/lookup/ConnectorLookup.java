package io.dtf.coordinator.impl.lookup;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ConnectorInfo;
import io.dtf.api.connector.ConnectorState;
import io.dtf.api.connector.Connectors;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.SecretProperties;
import io.dtf.coordinator.impl.lookup.ServiceTable.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@link Connectors}: the connector instances registered now, by name and type. */
@Component(service = Connectors.class)
public final class ConnectorLookup extends NamedLookup<ExternalSystemConnector> implements Connectors {
    public ConnectorLookup() {
        this(Lookups.GRACE);
    }

    ConnectorLookup(Duration grace) {
        super(new ServiceTable<>(ExternalSystemConnector.class, "connector", ExternalSystemConnector.TYPE,
                ExternalSystemConnector.NAME, grace));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + ExternalSystemConnector.TYPE + "=*)")
    void bindConnector(ExternalSystemConnector connector, Map<String, Object> properties) {
        table.add(connector, properties);
    }

    void updatedConnector(ExternalSystemConnector connector, Map<String, Object> properties) {
        table.update(connector, properties);
    }

    void unbindConnector(ExternalSystemConnector connector, Map<String, Object> properties) {
        table.remove(connector, properties);
    }

    @Override
    public List<ConnectorInfo> all() {
        List<Entry<ExternalSystemConnector>> entries = table.entries();
        Set<Long> taken = ServiceTable.nameTaken(entries);
        List<ConnectorInfo> infos = new ArrayList<>();
        for (Entry<ExternalSystemConnector> entry : entries) {
            Map<String, Object> shown = SecretProperties.shown(entry.properties());
            if (taken.contains(entry.id())) {
                infos.add(new ConnectorInfo(entry.name(), entry.type(), ConnectorState.FAILED,
                        ConnectorCapabilities.none(), shown, Lookups.nameTakenProblem(entry.name())));
                continue;
            }
            try {
                ConnectorCapabilities capabilities = entry.service().capabilities();
                ConnectorState state = entry.service().isConnected() ? ConnectorState.CONNECTED
                        : ConnectorState.DISCONNECTED;
                infos.add(new ConnectorInfo(entry.name(), entry.type(), state,
                        capabilities == null ? ConnectorCapabilities.none() : capabilities, shown, null));
            } catch (RuntimeException | LinkageError broken) {
                infos.add(new ConnectorInfo(entry.name(), entry.type(), ConnectorState.FAILED,
                        ConnectorCapabilities.none(), shown, Lookups.failed("capabilities", broken)));
            }
        }
        infos.sort(Comparator.comparing(ConnectorInfo::name));
        return infos;
    }
}
