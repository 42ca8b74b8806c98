/**
 * Reads a test plan (YAML or JSON, see {@code docs/plan-format.md}) into a validated {@link io.dtf.plan.Plan},
 * reporting every problem at once, and turns it into the run and tasks the store accepts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.dtf.plan;
