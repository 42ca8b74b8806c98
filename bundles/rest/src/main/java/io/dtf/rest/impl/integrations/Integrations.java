package io.dtf.rest.impl.integrations;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReports;
import io.dtf.api.connector.Connectors;
import io.dtf.api.notify.NotificationChannels;
import io.dtf.notify.api.NotificationLog;
import io.dtf.notify.api.Silences;
import java.util.function.Supplier;

/**
 * The integration services the API uses, each of which may be away: the lookups of CI providers, connectors and
 * notification channels (the coordinator's), the reports and forwarded job tokens of the CI reports bundle
 * (feature {@code dtf-ci}), and the notification system's delivery log and silences (feature {@code dtf-notify}).
 */
public record Integrations(Supplier<CIProviders> ciProviders, Supplier<CIReports> ciReports,
                           Supplier<CIJobTokens> jobTokens, Supplier<Connectors> connectors,
                           Supplier<NotificationChannels> channels, Supplier<NotificationLog> notificationLog,
                           Supplier<Silences> silences) {
    /** None at all: an API without integrations. */
    public static final Integrations NONE = new Integrations(() -> null, () -> null, () -> null, () -> null, () -> null,
            () -> null, () -> null);
}
