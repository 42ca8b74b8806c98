package io.dtf.coordinator.impl.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine's settings, from the coordinator's configuration.
 *
 * @param leaseTimeout how long a worker may stay silent before its leases expire
 * @param overdueGrace how long past its timeout an attempt may go without a result before the
 *     coordinator ends it as TIMED_OUT itself
 * @param lostAttemptAllowance extra attempts granted on top of maxAttempts for attempts lost with
 *     their worker or the coordinator (infrastructure, not test, failures)
 * @param usageHalfLife half-life of tenants' recorded slot usage
 * @param defaultEstimate the duration expected of tasks with no history
 * @param logRoot where the coordinator keeps the logs workers stream to it
 */
public record EngineSettings(Duration leaseTimeout, Duration overdueGrace, int lostAttemptAllowance,
                             Duration usageHalfLife, Duration defaultEstimate, Path logRoot) {
}
