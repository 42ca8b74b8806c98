package io.dtf.testkit;

import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CIProviderInfo;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.task.CIContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CIProviders} lookup of the providers a test {@link #add adds} (a {@link FakeCIProvider} or its own), in
 * the order added, for code that finds the provider of a run; {@link #remove} makes one go away. Thread safe.
 */
public final class FakeCIProviders implements CIProviders {
    private record Instance(String provider, CIProvider service) {
    }

    private final List<Instance> instances = new ArrayList<>();

    /** An instance of the provider of this name ({@code github}), after those added before. */
    public synchronized FakeCIProviders add(String provider, CIProvider service) {
        instances.add(new Instance(provider, service));
        return this;
    }

    /** The instance goes away. */
    public synchronized FakeCIProviders remove(CIProvider service) {
        instances.removeIf(instance -> instance.service() == service);
        return this;
    }

    @Override
    public synchronized Optional<CIProvider> byName(String provider) {
        return instances.stream().filter(i -> i.provider().equals(provider)).map(Instance::service).findFirst();
    }

    @Override
    public synchronized Optional<CIProvider> forContext(CIContext context) {
        return instances.stream().filter(i -> i.provider().equals(context.provider()))
                .map(Instance::service).filter(service -> service.accepts(context)).findFirst();
    }

    @Override
    public synchronized List<CIProviderInfo> all() {
        return instances.stream().map(FakeCIProviders::info).toList();
    }

    private static CIProviderInfo info(Instance instance) {
        try {
            return new CIProviderInfo(instance.provider(), instance.provider(), instance.service().capabilities(),
                    Map.of(), null);
        } catch (RuntimeException broken) {
            return new CIProviderInfo(instance.provider(), instance.provider(), Set.of(), Map.of(), broken.toString());
        }
    }
}
