package io.dtf.api.connector;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The configured connector instances, as they come and go: a service of the coordinator, in place of the seed's
 * {@code ExternalSystemFactory}, so that no caller touches {@code BundleContext}. Names are unique: when two
 * instances claim one name, the one with the higher service ranking (then the older) keeps it and the other is
 * listed as {@link ConnectorState#FAILED} with the reason.
 *
 * <p>The connectors it hands out stand for the instance, not for one version of it: a call made while the
 * instance's bundle stops, is updated or reconfigured completes with an {@link ExternalSystemResult.Status#UNAVAILABLE}
 * result (retryable) instead of never; a call made after that answers so at once; a call that throws is answered
 * as {@link ExternalSystemResult#failure(Throwable)}. Look the instance up again for the next call.
 */
@ProviderType
public interface Connectors {
    /** The instance of this name. */
    Optional<ExternalSystemConnector> byName(String name);

    /** The instances of one type ({@code slack}), highest service ranking first. */
    List<ExternalSystemConnector> byType(String type);

    /** Every instance, by name, with its state and capabilities; never with secrets. */
    List<ConnectorInfo> all();
}
