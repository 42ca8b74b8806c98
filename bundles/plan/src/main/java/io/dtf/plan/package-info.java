/**
 * Reads a test plan (YAML or JSON, see {@code docs/plan-format.md}) into a validated {@link io.dtf.plan.Plan},
 * reporting every problem at once, and turns it into the run and tasks the store accepts. Task types other than
 * {@code command} bring their own keys as {@link io.dtf.plan.TaskTypeDefinition} services.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package io.dtf.plan;
