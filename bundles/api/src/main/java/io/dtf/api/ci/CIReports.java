package io.dtf.api.ci;

import io.dtf.api.task.RunId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The reports of runs to their CI systems: a service of the CI reporting bundle ({@code io.dtf.ci.reports}), which
 * reports every run that carries a CI context through that system's {@link CIProvider}, when it starts and when it
 * ends, by durable delivery.
 */
@ProviderType
public interface CIReports {
    /** The latest reports, newest first, at most {@code limit}. */
    List<CIReport> recent(int limit);

    /**
     * Sends a run's report again now, as at its start when it is not finished, else as at its end, and waits for
     * it: what {@code dtf:ci-report RUN} does after a CI system was down or its credentials were fixed.
     *
     * @throws IllegalArgumentException naming the run when it does not exist or carries no CI context
     */
    CIReport resend(RunId run);
}
