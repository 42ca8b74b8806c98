/**
 * The notification system's services for the shell and REST: the {@link io.dtf.notify.api.NotificationLog} of
 * recent deliveries with counters, and the {@link io.dtf.notify.api.Silences} that mute notifications by
 * {@link io.dtf.notify.api.Matcher matchers} for a while; the {@link io.dtf.notify.api.RunLabels labels of a run}
 * that matchers see, and the {@link io.dtf.notify.api.RunSelector selection of runs} integrations report.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.dtf.notify.api;
