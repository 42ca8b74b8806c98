package io.dtf.api.ci;

import io.dtf.api.task.RunId;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * CI job tokens forwarded with runs, held in memory only: the {@code dtf} client may forward its CI job's own
 * short-lived token ({@code GITHUB_TOKEN}, {@code System.AccessToken}) with a run when asked to
 * ({@code --forward-ci-token}), so that the run is reported with the job's rights instead of configured
 * credentials. A token is never stored, logged or shown; it is dropped when the run's report at its end was made,
 * after a time-out, and on restart (the report then uses the configured credentials).
 */
@ProviderType
public interface CIJobTokens {
    /** Holds the token of the job that submitted this run. */
    void hold(RunId run, String token);

    /** The token forwarded with this run, while it is held. */
    Optional<String> forRun(RunId run);

    /** Drops the run's token. */
    void release(RunId run);
}
