/**
 * CI providers: the SPI that a CI provider bundle (GitHub Actions, GitLab CI, Jenkins, Azure Pipelines, CircleCI,
 * Travis CI, Bitbucket Pipelines, TeamCity) implements to report a DTF run back to the CI system it came from, and
 * the lookup through which DTF finds the provider of a run.
 *
 * <ul>
 *   <li>{@link io.dtf.api.ci.CIProvider}: test runs (check runs), build status, the pull request comment,
 *   artifacts; selected by its {@value io.dtf.api.ci.CIProvider#PROPERTY} service property.</li>
 *   <li>{@link io.dtf.api.ci.TestRunResult}: what a test run reports; {@link io.dtf.api.ci.TestRunHandle}: the test
 *   run in the CI system, to update it later.</li>
 *   <li>{@link io.dtf.api.ci.CIProviders}: finds the provider of a run's {@link io.dtf.api.task.CIContext}.</li>
 * </ul>
 *
 * The run's {@link io.dtf.api.task.CIContext} lives in {@code io.dtf.api.task}, with the run that carries it.
 * Detecting it from a CI job's environment is the {@code dtf} client's work (it runs in the job; the coordinator,
 * where providers run, never sees that environment), so it is not part of this SPI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.dtf.api.ci;
