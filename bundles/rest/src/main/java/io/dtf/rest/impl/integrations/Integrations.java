package io.dtf.rest.impl.integrations;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReports;
import io.dtf.api.connector.Connectors;
import io.dtf.api.notify.NotificationChannels;
import java.util.function.Supplier;

/**
 * The integration services the API uses, each of which may be away: the lookups of CI providers, connectors and
 * notification channels (the coordinator's), and the reports and forwarded job tokens of the CI reports bundle
 * (feature {@code dtf-ci}).
 */
public record Integrations(Supplier<CIProviders> ciProviders, Supplier<CIReports> ciReports,
                           Supplier<CIJobTokens> jobTokens, Supplier<Connectors> connectors,
                           Supplier<NotificationChannels> channels) {
    /** None at all: an API without integrations. */
    public static final Integrations NONE = new Integrations(() -> null, () -> null, () -> null, () -> null, () -> null);
}
