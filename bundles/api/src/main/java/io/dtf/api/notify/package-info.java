/**
 * Notification vocabulary and channels: {@link io.dtf.api.notify.Severity}; the
 * {@link io.dtf.api.notify.Notification} a notification plugin sends; the
 * {@link io.dtf.api.notify.NotificationChannel} SPI that a bundle implements to deliver them (Slack, Microsoft
 * Teams, e-mail, a webhook; often the same component as its {@link io.dtf.api.connector.ExternalSystemConnector});
 * and the {@link io.dtf.api.notify.NotificationChannels} lookup.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.dtf.api.notify;
