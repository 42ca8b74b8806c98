package io.dtf.rest.impl.ci;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReports;
import java.util.function.Supplier;

/**
 * The CI services the API uses, each of which may be away: the providers' lookup (the coordinator's), and the
 * reports and forwarded job tokens of the CI reports bundle (feature {@code dtf-ci}).
 */
public record CiServices(Supplier<CIProviders> providers, Supplier<CIReports> reports, Supplier<CIJobTokens> tokens) {
    /** None at all: an API without CI reporting. */
    public static final CiServices NONE = new CiServices(() -> null, () -> null, () -> null);
}
