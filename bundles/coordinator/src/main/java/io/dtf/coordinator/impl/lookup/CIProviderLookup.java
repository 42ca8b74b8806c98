package io.dtf.coordinator.impl.lookup;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CIProviderInfo;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.connector.SecretProperties;
import io.dtf.api.task.CIContext;
import io.dtf.coordinator.impl.lookup.ServiceTable.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CIProviders}: the CI providers registered now, by name and by the runs they accept. */
@Component(service = CIProviders.class)
public final class CIProviderLookup implements CIProviders {
    private static final Logger LOG = LoggerFactory.getLogger(CIProviderLookup.class);

    private final ServiceTable<CIProvider> table;

    public CIProviderLookup() {
        this(Lookups.GRACE);
    }

    CIProviderLookup(Duration grace) {
        table = new ServiceTable<>(CIProvider.class, "CI provider", CIProvider.PROPERTY, null, grace);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + CIProvider.PROPERTY + "=*)")
    void bindProvider(CIProvider provider, Map<String, Object> properties) {
        table.add(provider, properties);
    }

    void updatedProvider(CIProvider provider, Map<String, Object> properties) {
        table.update(provider, properties);
    }

    void unbindProvider(CIProvider provider, Map<String, Object> properties) {
        table.remove(provider, properties);
    }

    @Override
    public Optional<CIProvider> byName(String provider) {
        return table.ofType(provider).stream().findFirst().map(entry -> entry.guarded().service());
    }

    /** An instance whose {@code accepts} throws is passed over (and logged), not allowed to fail the lookup. */
    @Override
    public Optional<CIProvider> forContext(CIContext context) {
        for (Entry<CIProvider> entry : table.ofType(context.provider())) {
            try {
                if (entry.service().accepts(context)) {
                    return Optional.of(entry.guarded().service());
                }
            } catch (RuntimeException | LinkageError broken) {
                LOG.warn("CI provider {} ({}) is passed over: {}", entry.name(), entry.type(),
                        Lookups.failed("accepts", broken));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<CIProviderInfo> all() {
        List<CIProviderInfo> infos = new ArrayList<>();
        for (Entry<CIProvider> entry : table.entries()) {
            Map<String, Object> shown = SecretProperties.shown(entry.properties());
            try {
                Set<CICapability> capabilities = entry.service().capabilities();
                infos.add(new CIProviderInfo(entry.type(), entry.name(), capabilities, shown, null));
            } catch (RuntimeException | LinkageError broken) {
                infos.add(new CIProviderInfo(entry.type(), entry.name(), Set.of(), shown,
                        Lookups.failed("capabilities", broken)));
            }
        }
        return infos;
    }
}
