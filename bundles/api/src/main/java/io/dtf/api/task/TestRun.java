package io.dtf.api.task;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A submission: one plan, accepted as a whole.
 *
 * @param id assigned by the store when the run is accepted
 * @param name the plan's name
 * @param labels free key/value labels from the plan
 * @param tenant who the work is for (fair-share); {@code default} when the plan names none
 * @param scheduler the scheduler the plan asked for, or {@code null} for the active one
 * @param submittedAt when the coordinator accepted it
 * @param plan the plan as submitted, kept for audit and re-runs
 * @param ci the CI build that submitted it, or {@code null}
 */
public record TestRun(RunId id, String name, Map<String, String> labels, String tenant, String scheduler,
                      Instant submittedAt, String plan, CIContext ci) {
    public TestRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        tenant = tenant == null ? "default" : tenant;
    }

    /** A run that no CI build submitted. */
    public TestRun(RunId id, String name, Map<String, String> labels, String tenant, String scheduler,
                   Instant submittedAt, String plan) {
        this(id, name, labels, tenant, scheduler, submittedAt, plan, null);
    }

    /** The same run with its plan text left out (a plan can be megabytes). */
    public TestRun withoutPlan() {
        return new TestRun(id, name, labels, tenant, scheduler, submittedAt, null, ci);
    }
}
