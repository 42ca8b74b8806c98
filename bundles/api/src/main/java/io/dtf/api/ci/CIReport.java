package io.dtf.api.ci;

import io.dtf.api.task.RunId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One report of a run to its CI system, as {@link CIReports} keeps it for listings ({@code dtf:ci}): when, what,
 * and how each step went. Never holds a secret.
 *
 * @param run the DTF run
 * @param runName its name
 * @param provider the CI system ({@link io.dtf.api.task.CIContext#provider()})
 * @param repository the repository reported to, or {@code null}
 * @param phase at the run's start or its end
 * @param at when the report ended
 * @param outcome how it ended
 * @param steps each call made, in order
 * @param details the CI build as its system describes it ({@link CIProvider#buildDetails}), or {@code null}
 */
public record CIReport(RunId run, String runName, String provider, String repository, Phase phase, Instant at,
                       Outcome outcome, List<Step> steps, BuildDetails details) {
    /** When in the run a report is made. */
    public enum Phase {
        /** The run was submitted: test run created, status pending. */
        START,
        /** The run ended: test run completed, final status, pull request comment. */
        END
    }

    /** How a report ended. */
    public enum Outcome {
        /** Every step the provider can do was done. */
        DELIVERED,
        /** A step failed in a way that may pass later (network, 5xx, rate limit): the report is sent again. */
        RETRYING,
        /** A step was refused for good (credentials, permissions, unknown repository): the report is parked. */
        REFUSED,
        /** No provider of the run's CI system is installed or configured: the report waits for one. */
        NO_PROVIDER
    }

    /**
     * One call of a report.
     *
     * @param operation the SPI operation ({@code createTestRun}, {@code setBuildStatus}, {@code upsertPrComment})
     * @param result how it ended: {@code OK} or {@link io.dtf.api.connector.ExternalSystemResult#describe()}
     * @param link what it made, when it says (a check run, a comment), or {@code null}
     */
    public record Step(String operation, String result, URI link) {
        public Step {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(result, "result");
        }
    }

    public CIReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
