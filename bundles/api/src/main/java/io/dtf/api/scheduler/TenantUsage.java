package io.dtf.api.scheduler;

/** Slot-time used per tenant, decayed over time by the coordinator. */
public interface TenantUsage {
    /** Decayed slot-seconds the tenant used; 0 for a tenant never seen. */
    double slotSeconds(String tenant);
}
