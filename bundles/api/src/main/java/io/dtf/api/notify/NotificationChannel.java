package io.dtf.api.notify;

import io.dtf.api.connector.ExternalSystemResult;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers notifications to people: a service with the {@value #PROPERTY} property naming the kind of channel
 * ({@code slack}, {@code msteams}, {@code email}, {@code webhook}), one per configured instance, named as a
 * connector instance is ({@link io.dtf.api.connector.InstanceName}: {@value #NAME}, else its factory
 * configuration's name, else its kind). A connector that also delivers notifications registers this interface too,
 * with both properties, so that the Slack configuration {@code team} is the connector {@code team} and the channel
 * {@code team}.
 *
 * <p>{@link #send} completes with an {@link ExternalSystemResult} for every outcome, failures included, never
 * exceptionally for them: a failure tells whether to retry and when ({@code RATE_LIMITED} with
 * {@link ExternalSystemResult#retryAfter()}); the notification plugin retries, groups and rate-limits, the channel
 * only delivers. The result of a delivered message holds it as an item ({@code message} with its id and URL) where
 * the system gives one, so that a thread can follow.
 */
@ConsumerType
public interface NotificationChannel {
    /** Service property naming the kind of channel. */
    String PROPERTY = "dtf.notify.channel";
    /** Optional service property naming the instance, when its configuration's name will not do. */
    String NAME = "dtf.notify.name";

    CompletableFuture<ExternalSystemResult> send(Notification notification);
}
