package io.dtf.api.ci;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * An installed CI provider as a listing shows it ({@link CIProviders#all()}): never with secrets.
 *
 * @param provider its {@value CIProvider#PROPERTY}
 * @param instance the name of its configuration ({@link io.dtf.api.connector.InstanceName}); the provider's name
 *     when it has a single one
 * @param capabilities what it reports; empty when it failed to say
 * @param properties its published configuration, secrets masked, sorted by name
 * @param problem why it cannot be used ({@code capabilities()} threw), else {@code null}
 */
public record CIProviderInfo(String provider, String instance, Set<CICapability> capabilities,
                             Map<String, Object> properties, String problem) {
    public CIProviderInfo {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }
}
