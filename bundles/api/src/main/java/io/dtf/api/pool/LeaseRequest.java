package io.dtf.api.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * What a caller asks of {@link ResourcePool#lease}.
 *
 * @param requirements what the browser must have
 * @param maxWait how long to wait in the pool's queue when every browser is busy; zero: not at all
 * @param maxHold after this long the lease counts as abandoned and is reclaimed (its browser killed)
 * @param owner who holds the lease, as {@code dtf:pool} shows it (a task attempt, a shell command)
 */
public record LeaseRequest(BrowserRequirements requirements, Duration maxWait, Duration maxHold, String owner) {
    public LeaseRequest {
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(maxHold, "maxHold");
        owner = owner == null || owner.isBlank() ? "unnamed" : owner;
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("a lease's maxWait must not be negative, not " + maxWait);
        }
        if (maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("a lease's maxHold must be positive, not " + maxHold);
        }
    }

    /** A lease for {@code owner} waiting up to 30 s, held at most an hour. */
    public static LeaseRequest of(BrowserRequirements requirements, String owner) {
        return new LeaseRequest(requirements, Duration.ofSeconds(30), Duration.ofHours(1), owner);
    }

    public LeaseRequest withMaxWait(Duration value) {
        return new LeaseRequest(requirements, value, maxHold, owner);
    }

    public LeaseRequest withMaxHold(Duration value) {
        return new LeaseRequest(requirements, maxWait, value, owner);
    }
}
