package io.dtf.notify.api;

import java.time.Instant;

/**
 * One line of the {@link NotificationLog}: what became of an event, or of a notification sent to a channel.
 *
 * @param at when
 * @param outcome what happened
 * @param eventId the event, for event outcomes; {@code null} for a notification's
 * @param eventType its type ({@code TASK_FAILED}), or {@code null}
 * @param run its run, or {@code null}
 * @param route the route that took it ({@code route.routes[0]}), or {@code null}
 * @param groupKey the group it joined or the notification is of, or {@code null}
 * @param channel the channel, for notification outcomes
 * @param notificationId the notification, for notification outcomes
 * @param events how many events the notification carried (1 for an event's line)
 * @param reason why, in words (the silence, the rule, the channel's answer)
 */
public record Delivery(Instant at, DeliveryOutcome outcome, String eventId, String eventType, String run,
                       String route, String groupKey, String channel, String notificationId, int events,
                       String reason) {
}
