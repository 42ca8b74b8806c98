package io.dtf.coordinator.impl;

import io.dtf.api.scheduler.TenantUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Slot-seconds used per tenant, decaying exponentially with a half-life so that old usage counts
 * less than new. Guarded by the engine's lock.
 */
final class TenantUsageTracker implements TenantUsage {
    private final double halfLifeSeconds;
    private final Map<String, double[]> usage = new HashMap<>(); // tenant -> {slotSeconds, atEpochSecond}
    private Instant now = Instant.EPOCH;

    TenantUsageTracker(Duration halfLife) {
        this.halfLifeSeconds = Math.max(1, halfLife.toSeconds());
    }

    void advanceTo(Instant instant) {
        now = instant;
    }

    void record(String tenant, Duration used, Instant at) {
        double[] entry = usage.computeIfAbsent(tenant, t -> new double[] {0, at.getEpochSecond()});
        entry[0] = decayed(entry, at.getEpochSecond()) + used.toMillis() / 1000.0;
        entry[1] = at.getEpochSecond();
    }

    @Override
    public double slotSeconds(String tenant) {
        double[] entry = usage.get(tenant);
        return entry == null ? 0 : decayed(entry, now.getEpochSecond());
    }

    private double decayed(double[] entry, double atEpochSecond) {
        double age = Math.max(0, atEpochSecond - entry[1]);
        return entry[0] * Math.pow(0.5, age / halfLifeSeconds);
    }
}
