package io.dtf.api.ci;

import io.dtf.api.task.CIContext;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The installed CI providers, as they come and go: a service of the coordinator, in place of the seed's
 * {@code CIProviderFactory}, so that no caller touches {@code BundleContext}. Where one provider has several
 * instances, the higher service ranking comes first, then the older.
 *
 * <p>The providers it hands out stand for the service, not for one version of it: a call made while the provider's
 * bundle stops, is updated or reconfigured fails with a retryable {@link io.dtf.api.connector.ExternalSystemException}
 * instead of never completing; a call made after that fails so at once; a call that throws fails its future.
 */
@ProviderType
public interface CIProviders {
    /** The first instance of the provider of this name ({@code github}). */
    Optional<CIProvider> byName(String provider);

    /** The provider that reports runs of this context: the first instance of its provider that accepts it. */
    Optional<CIProvider> forContext(CIContext context);

    /** Every instance, with its capabilities; never with secrets. */
    List<CIProviderInfo> all();
}
