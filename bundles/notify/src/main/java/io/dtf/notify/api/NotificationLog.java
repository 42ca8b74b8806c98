package io.dtf.notify.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** The delivery log: recent outcomes in memory (bounded), and counters since the start. Thread safe. */
@ProviderType
public interface NotificationLog {
    /** The latest outcomes, newest first, at most {@code limit}. */
    List<Delivery> recent(int limit);

    /**
     * How many events (event outcomes) and notifications (notification outcomes) ended in each outcome since the
     * bundle started; {@link DeliveryOutcome#SENT} counts notifications, and {@code eventsSent} in
     * {@link #eventsSent()} the events they carried.
     */
    Map<DeliveryOutcome, Long> counters();

    /**
     * The same counts by channel: notification outcomes under their channel's name, event outcomes (which come
     * before a channel is chosen) under {@code ""}. For metrics: the names are the configured channels'.
     */
    Map<String, Map<DeliveryOutcome, Long>> countersByChannel();

    /** How many events the sent notifications carried, each counted once per channel. */
    long eventsSent();

    /** The groups waiting to be sent or being sent, with their pending event counts, by group key. */
    Map<String, Integer> pendingGroups();

    /** The routing file in force, or why the latest change of it was refused (the previous rules stay in force). */
    String routingStatus();
}
