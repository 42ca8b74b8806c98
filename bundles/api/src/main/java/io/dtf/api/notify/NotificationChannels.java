package io.dtf.api.notify;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The configured notification channels, as they come and go: a service of the coordinator, so that no caller
 * touches {@code BundleContext}. Names are unique as {@link io.dtf.api.connector.Connectors}' are. The channels it
 * hands out stand for the instance: a {@code send} made while its bundle stops or is updated completes with an
 * {@code UNAVAILABLE} result (retryable) instead of never.
 */
@ProviderType
public interface NotificationChannels {
    /** The channel of this name. */
    Optional<NotificationChannel> byName(String name);

    /** The channels of one kind ({@code slack}), highest service ranking first. */
    List<NotificationChannel> byType(String type);

    /** Every channel, by name; never with secrets. */
    List<NotificationChannelInfo> all();
}
