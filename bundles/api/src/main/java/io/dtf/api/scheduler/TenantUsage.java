package io.dtf.api.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Slot-time used per tenant, as at the decision's {@link SchedulingContext#now()}: what its ended
 * attempts used, decayed over time by the coordinator, and what its attempts on workers have run so
 * far.
 */
@ProviderType
public interface TenantUsage {
    /**
     * Decayed slot-seconds the tenant used; 0 for a tenant never seen. An attempt counts here only
     * once it has ended, for the whole time it ran.
     */
    double slotSeconds(String tenant);

    /**
     * Slot-seconds that the tenant's attempts on workers now (those of
     * {@link SchedulingContext#running()}) have run so far, each from the time it was leased: for
     * {@code n} such attempts, {@code max(Σ (now − since), n × 1 s)}, so that slots just given to a
     * tenant count from the start (at least a second each, while they are that young); 0 for a
     * tenant with none. Not decayed, and not part of {@link #slotSeconds}. The coordinator keeps it
     * as attempts go on and come off workers, so that a scheduler need not read every running task
     * at each decision.
     *
     * <p>This default returns {@link Double#NaN}, for usage that does not keep it: a scheduler then
     * sums {@link SchedulingContext#running()} by the same rule itself.
     *
     * @since 1.2
     */
    default double runningSlotSeconds(String tenant) {
        return Double.NaN;
    }
}
